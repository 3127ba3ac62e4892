/**
 * @module
 * Small console helpers for the demo: a progress line that rewrites itself on a terminal (and
 * prints plain lines otherwise), and aligned tables.
 */

const tty = Boolean(process.stdout.isTTY);

export function progressLine(label: string): { update(text: string): void; done(text: string): void } {
  let last = '';
  return {
    update(text) {
      const line = `  ${label}: ${text}`;
      if (tty) process.stdout.write(`\r${line.padEnd(last.length)}`);
      last = line;
    },
    done(text) {
      const line = `  ${label}: ${text}`;
      process.stdout.write(tty ? `\r${line.padEnd(last.length)}\n` : `${line}\n`);
    },
  };
}

export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map(
      (r) =>
        '  ' +
        r
          .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
          .join('  '),
    )
    .join('\n');
}
