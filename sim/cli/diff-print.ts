// The terminal form of `rmqsim diff`: one block per section, three columns
// (what, A, B), long cells wrapped to their column, differing rows marked
// with "≠" (and coloured on a terminal).
import type { ChalkInstance } from 'chalk';
import type { DiffSection } from '../report/index.js';
import type { Writer } from './io.js';

const LABEL_W = 34;
const CELL_W = 42;

/** Splits text into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 3 ? cut : width;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

export function printDiff(
  c: ChalkInstance,
  out: Writer,
  head: { seed: number; labelA: string; labelB: string },
  sections: readonly DiffSection[],
): void {
  out.write(`${c.bold(`rmqsim diff, seed ${head.seed}`)}\n  A  ${head.labelA}\n  B  ${head.labelB}\n`);
  for (const s of sections) {
    out.write(`\n${c.bold(s.title)}\n${c.dim(`  ${''.padEnd(LABEL_W)} ${'A'.padEnd(CELL_W)} B`)}\n`);
    for (const r of s.rows) {
      const la = wrap(r.label, LABEL_W);
      const a = wrap(r.a, CELL_W);
      const b = wrap(r.b, CELL_W);
      const n = Math.max(la.length, a.length, b.length);
      for (let i = 0; i < n; i++) {
        const mark = i === 0 && r.differs ? '≠' : ' ';
        const line = `${mark} ${(la[i] ?? '').padEnd(LABEL_W)} ${(a[i] ?? '').padEnd(CELL_W)} ${b[i] ?? ''}`.trimEnd();
        out.write(`${r.differs ? c.yellow(line) : line}\n`);
      }
    }
  }
}
