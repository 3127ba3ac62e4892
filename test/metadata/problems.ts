/**
 * @module
 * What the metadata check reports: one problem per broken rule, naming the file and the rule.
 */
import path from 'node:path';

export interface Problem {
  /** Path relative to the project root. */
  readonly file: string;
  /** Stable rule id, e.g. `external-id-unique`. */
  readonly rule: string;
  readonly message: string;
}

/** Collects problems with paths made relative to the project root. */
export class Problems {
  readonly list: Problem[] = [];
  readonly projectRoot: string;
  constructor(projectRoot: string) {
    this.projectRoot = projectRoot;
  }
  add(file: string, rule: string, message: string): void {
    const rel = path.isAbsolute(file) ? path.relative(this.projectRoot, file) : file;
    this.list.push({ file: rel.split(path.sep).join('/'), rule, message });
  }
}

/** `force-app/main/default/objects/X/fields/Y.field-meta.xml: [external-id-unique] ...` */
export function formatProblem(p: Problem): string {
  return `${p.file}: [${p.rule}] ${p.message}`;
}
