// Golden-trace tests of protocol stories (style.md #15): each file under
// golden/ is a script of DSL commands with the expected canonical output.
// UPDATE_GOLDEN=1 rewrites the files; commit a rewrite only when the diff is understood.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, render, run } from './dsl/datadriven.js';

const dir = join(import.meta.dirname, 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('raft golden stories', () => {
  it('has the stories the issue asks for', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'election.txt',
        'leader-crash.txt',
        'figure8.txt',
        'isolated-leader.txt',
        'rejoin-truncation.txt',
      ]),
    );
  });
  for (const f of files) {
    it(f, () => {
      const path = join(dir, f);
      const blocks = parse(readFileSync(path, 'utf8'));
      const outputs = run(blocks);
      if (process.env['UPDATE_GOLDEN'] === '1') {
        writeFileSync(path, render(blocks, outputs));
        return;
      }
      blocks.forEach((b, i) => {
        if (b.command !== '') expect(`${b.command}\n${outputs[i] ?? ''}`).toBe(`${b.command}\n${b.expected}`);
      });
    });
  }
});
