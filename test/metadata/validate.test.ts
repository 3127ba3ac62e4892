import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMetadata } from './validate.ts';
import { formatProblem } from './problems.ts';
import { loadPackageMetadata } from './package-metadata.ts';

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

  it("fails on a component that reads a field the relay's schema does not name, hop by hop", async () => {
    const file = 'force-app/main/default/lwc/orderJournalEntry/orderJournalEntry.ts';
    const problems = await problemsAfter((root) =>
      edit(root, file, (t) =>
        t
          .replace('Order.QuickBooks_Journal_Entry_Id__c', 'Order.QuickBooks_Class__c')
          .replace('Order.Account.QuickBooks_Connection__r.Edition__c', 'Order.Account.Owner.Name'),
      ),
    );
    expect(problems).toContainEqual(
      `${file}: [component-field] orderJournalEntry reads Order.QuickBooks_Class__c, but the relay does not read or write Order.QuickBooks_Class__c (schema.ts)`,
    );
    expect(problems).toContainEqual(
      `${file}: [component-field] orderJournalEntry reads Order.Account.Owner.Name, but the relay does not read or write Account.OwnerId (schema.ts)`,
    );
  });
});

describe('metadata check: custom metadata and global value sets', () => {
  const records = 'force-app/main/default/customMetadata';
  const policy = (name: string): string => `${records}/QuickBooks_Field_Policy.${name}.md-meta.xml`;
  const permsets = 'force-app/main/default/permissionsets';
  const integration = `${permsets}/Ledgerbridge_Integration.permissionset-meta.xml`;
  const setValue = (field: string, value: string) => (t: string) =>
    t.replace(
      new RegExp(`(<field>${field}</field>\\s*<value[^>]*>)[^<]*(</value>)`),
      (_m, open: string, close: string) => `${open}${value}${close}`,
    );
  const dropFieldPermission = (field: string) => (t: string) =>
    t.replace(
      new RegExp(
        `\\s*<fieldPermissions>\\s*<editable>\\w+</editable>\\s*<field>${field}</field>[\\s\\S]*?</fieldPermissions>`,
      ),
      '',
    );

  it('reads a global value set into the picklists that use it, and custom metadata apart from the objects', () => {
    const meta = loadPackageMetadata(path.join(repo, 'force-app/main/default'));
    for (const object of ['Account', 'Contact', 'Product2', 'Opportunity']) {
      const status = meta.objects.get(object)?.fields.get('QuickBooks_Sync_Status__c');
      expect(status?.values).toEqual(['Not Synced', 'Queued', 'Synced', 'Failed', 'Needs Review']);
      expect(status?.defaultValue).toBe('Not Synced');
    }
    expect(meta.objects.has('QuickBooks_Field_Policy__mdt')).toBe(false);
    expect(meta.customMetadataTypes.get('QuickBooks_Field_Policy__mdt')?.fields.get('Owner__c')?.values).toEqual([
      'QuickBooks',
      'Salesforce',
      'Most Recent',
    ]);
    const files = fs.readdirSync(path.join(repo, records));
    expect(
      meta.customMetadataRecords.map((r) => `${r.type.replace(/__mdt$/, '')}.${r.developerName}.md-meta.xml`),
    ).toEqual(files.sort());
    const name = meta.customMetadataRecords.find(
      (r) => r.type === 'QuickBooks_Field_Policy__mdt' && r.developerName === 'Account_Name',
    );
    expect(Object.fromEntries(name?.values ?? [])).toMatchObject({ Object__c: 'Account', Field__c: 'Name' });
  });

  it('fails on a record value its field does not accept: an unknown picklist value, a checkbox, a long text', async () => {
    const problems = await problemsAfter((root) => {
      edit(root, policy('Account_Name'), setValue('On_Conflict__c', 'Ask Someone'));
      edit(root, policy('Contact_Email'), setValue('Active__c', 'yes'));
      edit(root, policy('Contact_Phone'), setValue('Object__c', 'C'.repeat(41)));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        `^${policy('Account_Name')}: \\[cmdt-record-value\\] Account_Name sets On_Conflict__c to "Ask Someone", which is not one of its picklist values`,
      ),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(`^${policy('Contact_Email')}: \\[cmdt-record-value\\] .*Active__c to "yes"; a checkbox`),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        `^${policy('Contact_Phone')}: \\[cmdt-record-value\\] .*41 characters, over the field's 40`,
      ),
    );
  });

  it('fails on a record of a type not in the package, a bad DeveloperName, a field its type lacks, or a required field left empty', async () => {
    const stray = `${records}/QuickBooks_Field_Rule.Invoice_Amount.md-meta.xml`;
    const badName = policy('Account__Phone');
    const problems = await problemsAfter((root) => {
      fs.copyFileSync(path.join(root, policy('Account_Terms')), path.join(root, stray));
      fs.renameSync(path.join(root, policy('Account_Phone')), path.join(root, badName));
      edit(root, policy('Product_Name'), (t) => t.replace('<field>Reason__c</field>', '<field>Weight__c</field>'));
      edit(root, policy('Product_Description'), (t) =>
        t.replace(/<values>\s*<field>Owner__c<\/field>[\s\S]*?<\/values>/, ''),
      );
    });
    expect(problems).toContainEqual(
      expect.stringMatching(`^${stray}: \\[cmdt-record-type\\] Record of QuickBooks_Field_Rule__mdt`),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(`^${badName}: \\[cmdt-record-name\\] DeveloperName Account__Phone`),
    );
    expect(problems).toContainEqual(
      `${policy('Product_Name')}: [cmdt-record-field] Product_Name sets Weight__c, which is not a field of QuickBooks_Field_Policy__mdt`,
    );
    expect(problems).toContainEqual(
      `${policy('Product_Description')}: [cmdt-record-value] Product_Description leaves required field Owner__c empty`,
    );
  });

  it('fails on a field policy naming a field that does not exist, or one the relay cannot read', async () => {
    const problems = await problemsAfter((root) => {
      edit(root, policy('Contact_Phone'), setValue('Field__c', 'Pager'));
      edit(root, policy('Opportunity_Amount'), setValue('Object__c', 'Deal__c'));
      edit(root, integration, dropFieldPermission('Account\\.Phone'));
      edit(root, integration, dropFieldPermission('Account\\.ShippingCity'));
    });
    expect(problems).toContainEqual(
      `${policy('Contact_Phone')}: [cmdt-field-ref] Contact_Phone names Contact.Pager, which neither the package nor the standard objects define`,
    );
    expect(problems).toContainEqual(
      expect.stringMatching(`^${policy('Opportunity_Amount')}: \\[cmdt-field-ref\\] .*Deal__c\\.Amount`),
    );
    expect(problems).toContainEqual(
      `${policy('Account_Phone')}: [cmdt-field-readable] Account_Phone names Account.Phone, but Ledgerbridge_Integration cannot read Account.Phone`,
    );
    // A compound address is readable only if every part is.
    expect(problems).toContainEqual(
      `${policy('Account_Shipping_Address')}: [cmdt-field-readable] Account_Shipping_Address names Account.ShippingAddress, but Ledgerbridge_Integration cannot read Account.ShippingCity`,
    );
    expect(problems.filter((p) => p.includes('Account_Billing_Address'))).toEqual([]);
  });

  it('checks the shipped field mappings too: a picklist value, a field of the type, the Salesforce field named', async () => {
    const mapping = (name: string): string => `${records}/QuickBooks_Field_Mapping.${name}.md-meta.xml`;
    const problems = await problemsAfter((root) => {
      edit(root, mapping('Account_Phone'), setValue('Direction__c', 'Sideways'));
      edit(root, mapping('Account_Fax'), (t) => t.replace(/<field>Format__c<\/field>/, '<field>Formt__c</field>'));
      edit(root, mapping('Product_Code'), setValue('Salesforce_Field__c', 'Product_Kode__c'));
    });
    expect(problems).toContainEqual(
      expect.stringMatching(
        `^${mapping('Account_Phone')}: \\[cmdt-record-value\\] Account_Phone sets Direction__c to "Sideways", which is not one of its picklist values`,
      ),
    );
    expect(problems).toContainEqual(
      `${mapping('Account_Fax')}: [cmdt-record-field] Account_Fax sets Formt__c, which is not a field of QuickBooks_Field_Mapping__mdt`,
    );
    expect(problems).toContainEqual(
      `${mapping('Product_Code')}: [cmdt-field-ref] Product_Code names Product2.Product_Kode__c, which neither the package nor the standard objects define`,
    );
  });

  it('fails on two active policies for the same field, and not once one of them is inactive', async () => {
    const copy = policy('Account_Name_Again');
    const twice = await problemsAfter((root) =>
      fs.copyFileSync(path.join(root, policy('Account_Name')), path.join(root, copy)),
    );
    expect(twice).toContainEqual(
      `${copy}: [cmdt-field-duplicate] Account_Name_Again and Account_Name are both active for Account.Name`,
    );
    const inactive = await problemsAfter((root) => {
      fs.copyFileSync(path.join(root, policy('Account_Name')), path.join(root, copy));
      edit(root, copy, setValue('Active__c', 'false'));
    });
    expect(inactive).toEqual([]);
  });

  it('fails when the relay cannot read a custom metadata type, or a permission set names one not in the package', async () => {
    const admin = `${permsets}/Ledgerbridge_Admin.permissionset-meta.xml`;
    const problems = await problemsAfter((root) => {
      edit(root, integration, (t) =>
        t.replace(/\s*<customMetadataTypeAccesses>[\s\S]*?<\/customMetadataTypeAccesses>/g, ''),
      );
      edit(root, admin, (t) => t.replace('<name>QuickBooks_Field_Policy__mdt</name>', '<name>Nope__mdt</name>'));
    });
    expect(problems).toContainEqual(
      `${integration}: [permset-cmdt] Ledgerbridge_Integration does not grant access to QuickBooks_Field_Policy__mdt`,
    );
    expect(problems).toContainEqual(
      `${integration}: [permset-cmdt] Ledgerbridge_Integration does not grant access to QuickBooks_Field_Mapping__mdt`,
    );
    expect(problems).toContainEqual(
      `${admin}: [permset-cmdt] Access to custom metadata type Nope__mdt, which is not in the package`,
    );
  });

  it('fails on a picklist whose global value set is missing, and on a global value set with two defaults', async () => {
    const set = 'force-app/main/default/globalValueSets/QuickBooks_Sync_Status.globalValueSet-meta.xml';
    const missing = await problemsAfter((root) => fs.rmSync(path.join(root, set)));
    expect(missing).toContainEqual(
      `${objects}/Product2/fields/QuickBooks_Sync_Status__c.field-meta.xml: [picklist-value-set] Picklist Product2.QuickBooks_Sync_Status__c uses global value set QuickBooks_Sync_Status, which is not in the package`,
    );
    const defaults = await problemsAfter((root) =>
      edit(root, set, (t) => t.replace(/(<fullName>Queued<\/fullName>\s*<default>)false/, '$1true')),
    );
    expect(defaults).toContainEqual(
      `${set}: [picklist-values] Global value set QuickBooks_Sync_Status has 2 defaults (Not Synced, Queued); at most one`,
    );
  });
});

describe('npm run validate:metadata', () => {
  it('fails on Apex a component calls that is not with sharing, not cacheable, untested or not granted', async () => {
    const classes = 'force-app/main/default/classes';
    const controller = `${classes}/FieldPolicyController.cls`;
    const user = 'force-app/main/default/permissionsets/Ledgerbridge_User.permissionset-meta.xml';
    const problems = await problemsAfter((root) => {
      edit(root, controller, (t) =>
        t.replace('public with sharing class', 'public without sharing class').replace('(cacheable=true)', ''),
      );
      fs.rmSync(path.join(root, `${classes}/FieldPolicyControllerTest.cls`));
      fs.rmSync(path.join(root, `${classes}/FieldPolicyControllerTest.cls-meta.xml`));
      edit(root, user, (t) => t.replace(/\s*<classAccesses>[\s\S]*?<\/classAccesses>/, ''));
      fs.writeFileSync(path.join(root, `${classes}/Helper.cls`), 'public with sharing class Helper {}\n');
    });
    expect(problems).toContainEqual(expect.stringMatching(`^${controller}: \\[apex-sharing\\]`));
    expect(problems).toContainEqual(expect.stringMatching(`^${controller}: \\[apex-method\\] .*getPolicies`));
    expect(problems).toContainEqual(expect.stringMatching(`^${controller}: \\[apex-test\\]`));
    expect(problems).toContainEqual(expect.stringMatching(`^${user}: \\[permset-class\\]`));
    expect(problems).toContainEqual(expect.stringMatching(`^${classes}/Helper.cls: \\[apex-class\\] .*neither`));
    expect(problems).toContainEqual(expect.stringMatching(`^${classes}/Helper.cls: \\[apex-class\\] .*no Helper`));
  });

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
