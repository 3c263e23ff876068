// The production-rate cases of issue 9 (`npm run bench`, or one case with
// `npm run bench -- --case headline100k`): each case is a scenario file under
// bench/cases/, run in its own child process (bench/case-run.ts) so its CPU
// and peak RSS are its own. With several runs the median run (by CPU per
// simulated second) is reported. Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFigures } from './case-figures.js';

export const PRODUCTION_CASES = {
  referenceHour: 'reference-hour.yaml',
  seedsDay: 'seeds-day.yaml',
  headline100k: 'headline-100k.yaml',
  idleDay: 'idle-day.yaml',
} as const;

export type CaseName = keyof typeof PRODUCTION_CASES;

export const isCaseName = (s: string): s is CaseName => Object.hasOwn(PRODUCTION_CASES, s);

const here = dirname(fileURLToPath(import.meta.url));
/** bench/cases/ of the source tree, whether this module runs from bench/ or from dist/bench/. */
const casesDir = (): string =>
  here.endsWith(join('dist', 'bench')) ? join(here, '..', '..', 'bench', 'cases') : join(here, 'cases');

export type CaseReport =
  (CaseFigures & { readonly runs: number; readonly file: string }) | { readonly error: string; readonly file: string };

function runOnce(file: string, seed: number | undefined): CaseFigures | string {
  const args = ['--expose-gc', join(here, 'case-run.js'), file, ...(seed !== undefined ? [String(seed)] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    return `exit ${r.status ?? r.signal ?? '?'}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CaseFigures;
}

/** Runs one case `runs` times (seeds s, s+1, ...) and returns the median run by simulated seconds per CPU second. */
export function runCase(name: CaseName, runs: number): CaseReport {
  const file = join(casesDir(), PRODUCTION_CASES[name]);
  const samples: CaseFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(file, i === 0 ? undefined : 1000 + i);
    if (typeof r === 'string') return { error: r, file };
    samples.push(r);
  }
  const sorted = [...samples].sort((a, b) => a.simSecondsPerCpuSecond - b.simSecondsPerCpuSecond);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median === undefined) return { error: 'no runs', file };
  return { ...median, runs, file };
}

/** One line for humans. */
export function describeCase(name: string, r: CaseReport): string {
  if ('error' in r) return `  ${name}: FAILED (${r.error})`;
  const parts = [
    `${r.simSecondsPerCpuSecond} sim s/CPU s (${r.cpuSeconds} CPU s for ${r.simulatedSeconds} s)`,
    `peak RSS ${r.peakRssMiB} MiB`,
    `${r.messages} messages`,
    `${r.eventsPerMessage ?? '-'} events/msg`,
    `${r.cpuMicrosPerEvent} CPU us/event`,
    `${r.bytesPerMessage ?? '-'} B/msg`,
  ];
  if (r.offeredPerSec > 0) parts.push(`offered ${r.offeredPerSec}/s achieved ${r.achievedPerSec}/s`);
  return `  ${name}: ${parts.join(', ')}${r.ok ? '' : ' (an expectation failed)'}`;
}
