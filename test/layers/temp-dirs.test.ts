// Issue 10 row 15: tests leave nothing under the system temp directory. Every
// scratch directory comes from useTempDirs (test/support/temp-dirs.ts), which
// removes it when its suite ends; a test file making its own with mkdtemp is
// refused here, and the helper is shown to remove what it made.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';

const TEST_ROOT = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('scratch directories of the tests', () => {
  it('no test file makes a temp directory with mkdtemp itself (useTempDirs removes its own)', () => {
    const files = testFiles(TEST_ROOT);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((f) => /\bmkdtemp(Sync)?\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(TEST_ROOT, f));
    expect(offenders).toEqual([]);
  });

  const made: string[] = [];
  describe('a suite using useTempDirs', () => {
    const tempDir = useTempDirs('rmqsim-tempdirs-');
    it('gets fresh directories it can write into', () => {
      const a = tempDir();
      const b = tempDir();
      writeFileSync(join(a, 'x'), 'x');
      made.push(a, b);
      expect(a).not.toBe(b);
      expect(existsSync(join(a, 'x'))).toBe(true);
    });
  });

  it('finds them removed once that suite ended', () => {
    expect(made).toHaveLength(2);
    for (const dir of made) expect(existsSync(dir)).toBe(false);
  });
});
