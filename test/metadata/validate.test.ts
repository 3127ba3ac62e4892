import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMetadata } from './validate.ts';
import { formatProblem } from './problems.ts';

const repo = path.resolve(import.meta.dirname, '..', '..');
const objects = 'force-app/main/default/objects';

/** A throwaway copy of the Salesforce DX project, for breaking things in. */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lb-meta-'));
  for (const entry of ['sfdx-project.json', 'config', 'force-app']) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}__tests__`) && !src.endsWith('.js'),
    });
  }
  return dir;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const p = path.join(root, file);
  const before = fs.readFileSync(p, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  fs.writeFileSync(p, after);
}

async function problemsAfter(change: (root: string) => void): Promise<string[]> {
  const root = copyProject();
  try {
    change(root);
    return (await checkMetadata(root)).problems.map(formatProblem);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('metadata check', () => {
  it('passes on the package as committed', async () => {
    const report = await checkMetadata(repo);
    expect(report.problems.map(formatProblem)).toEqual([]);
    // Every custom object of the package was read.
    const objects = fs.readdirSync(path.join(repo, 'force-app/main/default/objects')).filter((d) => d.endsWith('__c'));
    expect(report.objects).toBe(objects.length);
  });

  it('fails on an external ID that is not unique, naming the file and the rule', async () => {
    const file = `${objects}/Account/fields/QuickBooks_Customer_Id__c.field-meta.xml`;
    const problems = await problemsAfter((root) =>
      edit(root, file, (t) => t.replace('<unique>true</unique>', '<unique>false</unique>')),
    );
    expect(problems).toContainEqual(expect.stringMatching(`^${file}: \\[external-id-unique\\]`));
  });

  it('fails on a lookup that does not name its target, or names one that does not exist', async () => {
    const file = `${objects}/QuickBooks_Invoice__c/fields/Account__c.field-meta.xml`;
    const missing = await problemsAfter((root) =>
      edit(root, file, (t) => t.replace(/\s*<referenceTo>Account<\/referenceTo>/, '')),
    );
    expect(missing).toContainEqual(
      expect.stringMatching(`^${file}: \\[relationship-target\\] .*does not name its target`),
    );
    const unknown = await problemsAfter((root) =>
      edit(root, file, (t) => t.replace('<referenceTo>Account</referenceTo>', '<referenceTo>Nope__c</referenceTo>')),
    );
    expect(unknown).toContainEqual(expect.stringMatching(`^${file}: \\[relationship-target\\] .*Nope__c`));
  });

  it('fails when a permission set names a field that does not exist, or a required one', async () => {
    const permset = 'force-app/main/default/permissionsets/Ledgerbridge_User.permissionset-meta.xml';
    const problems = await problemsAfter((root) =>
      fs.rmSync(path.join(root, objects, 'QuickBooks_Invoice__c/fields/Memo__c.field-meta.xml')),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(`^${permset}: \\[permset-field\\] .*QuickBooks_Invoice__c.Memo__c, which does not exist`),
    );
    const required = await problemsAfter((root) =>
      edit(root, `${objects}/QuickBooks_Invoice__c/fields/Terms__c.field-meta.xml`, (t) =>
        t.replace('<required>false</required>', '<required>true</required>'),
      ),
    );
    expect(required).toContainEqual(
      expect.stringMatching(`^${permset}: \\[permset-field\\] QuickBooks_Invoice__c.Terms__c is required`),
    );
  });

  it('fails when a picklist value the relay writes is missing from the metadata', async () => {
    const file = `${objects}/QuickBooks_Invoice__c/fields/Status__c.field-meta.xml`;
    const problems = await problemsAfter((root) =>
      edit(root, file, (t) => t.replace(/<value>\s*<fullName>Overdue<\/fullName>[\s\S]*?<\/value>/, '')),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        `^${file}: \\[relay-picklist\\] The relay writes "Overdue" to QuickBooks_Invoice__c.Status__c`,
      ),
    );
  });

  it('fails when the relay uses a field the package does not define', async () => {
    const problems = await problemsAfter((root) =>
      fs.rmSync(path.join(root, objects, 'QuickBooks_GL_Account__c/fields/Full_Name__c.field-meta.xml')),
    );
    expect(problems).toContainEqual(
      'relay/src/systems/salesforce/schema.ts: [relay-schema] The relay uses QuickBooks_GL_Account__c.Full_Name__c, which the package does not define',
    );
  });

  it('fails on malformed XML and on an invalid sfdx-project.json', async () => {
    const file = `${objects}/QuickBooks_Bill__c/fields/Memo__c.field-meta.xml`;
    const malformed = await problemsAfter((root) => edit(root, file, (t) => t.replace('</label>', '</labl>')));
    expect(malformed).toContainEqual(expect.stringMatching(`^${file}: \\[xml-well-formed\\]`));
    const project = await problemsAfter((root) =>
      edit(root, 'sfdx-project.json', (t) => t.replace('"sourceApiVersion": "67.0"', '"sourceApiVersion": 67')),
    );
    expect(project).toContainEqual(
      expect.stringMatching(/^sfdx-project\.json: \[project-json-schema\] \/sourceApiVersion/),
    );
  });

  it('fails on a master-detail whose detail object is not ControlledByParent', async () => {
    const file = `${objects}/QuickBooks_Invoice_Line__c/QuickBooks_Invoice_Line__c.object-meta.xml`;
    const problems = await problemsAfter((root) =>
      edit(root, file, (t) =>
        t.replace('<sharingModel>ControlledByParent</sharingModel>', '<sharingModel>ReadWrite</sharingModel>'),
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(`^${file}: \\[master-detail-shape\\]`));
  });

  it('fails on a component bundle that ships a .js beside its .ts, or lacks its metadata file', async () => {
    const problems = await problemsAfter((root) => {
      const dir = path.join(root, 'force-app/main/default/lwc/brokenThing');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'brokenThing.ts'), 'export default class BrokenThing {}\n');
      fs.writeFileSync(path.join(dir, 'brokenThing.js'), 'export default class BrokenThing {}\n');
    });
    expect(problems).toContainEqual(
      expect.stringMatching(/^force-app\/main\/default\/lwc\/brokenThing\/brokenThing\.js: \[lwc-ts-only\]/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/^force-app\/main\/default\/lwc\/brokenThing: \[lwc-bundle\]/),
    );
  });
});

describe('npm run validate:metadata', () => {
  it('exits 1 and prints the file and rule of a broken file', () => {
    const root = copyProject();
    try {
      const file = `${objects}/QuickBooks_Payment__c/fields/QuickBooks_Payment_Id__c.field-meta.xml`;
      edit(root, file, (t) => t.replace('<unique>true</unique>', '<unique>false</unique>'));
      const run = spawnSync(process.execPath, [path.join(repo, 'test/metadata/cli.ts'), root], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${file}: [external-id-unique]`);
      expect(run.stderr).toMatch(/Metadata check failed: \d+ problem/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
