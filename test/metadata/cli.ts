/**
 * `npm run validate:metadata [project root]`: the offline metadata check. Exits 1 and names the
 * file and rule of every problem.
 */
import path from 'node:path';
import { formatProblem } from './problems.ts';
import { checkMetadata } from './validate.ts';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..'));
const report = await checkMetadata(root);
if (report.problems.length > 0) {
  for (const p of report.problems) console.error(formatProblem(p));
  console.error(`\nMetadata check failed: ${report.problems.length} problem(s).`);
  process.exitCode = 1;
} else {
  console.log(
    `Metadata check passed: ${report.components} components, ${report.objects} custom objects; source converts, sfdx-project.json validates, project rules hold.`,
  );
}
