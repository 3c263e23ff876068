// Two writers under one --out (two shards on one machine, a sweep's reports): a parent directory the
// other writer creates between the check and the mkdir is not a failure. The race is forced by an
// existsSync that answers "missing" once for a directory that is already there.
import type * as Fs from 'node:fs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';

const late = { path: '' };

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const existsSync = (p: Parameters<typeof fs.existsSync>[0]): boolean => {
    if (p === late.path) {
      late.path = '';
      return false;
    }
    return fs.existsSync(p);
  };
  return { ...fs, existsSync, default: { ...fs, existsSync } };
});

const { writeReportAtomically } = await import('../../sim/report/write-report.js');
const tempDir = useTempDirs('rmqsim-race-');

describe('writeReportAtomically with a concurrent writer', () => {
  it('takes a parent that appeared between its check and its mkdir', () => {
    const root = tempDir();
    mkdirSync(join(root, 'swarm'));
    late.path = join(root, 'swarm');
    const dir = join(root, 'swarm', '7');
    expect(writeReportAtomically(dir, { 'a.txt': 'one' })).toEqual({ ok: true, dir });
    expect(late.path).toBe('');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one');
  });
});
