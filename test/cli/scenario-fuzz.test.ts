// Issue 10's scenario fuzzer: generated scenario files, valid and invalid,
// go through `rmqsim check --json` and, when they validate and declare a
// small run, `rmqsim run --json` on the real cluster, all in-process.
// Properties: the exit code is 0, 1 or 2, never 3; stdout holds exactly one
// JSON object; every exit 2 names the file and, past the YAML level, a
// field; a run ends within a bound proportional to its declared size,
// counted in simulated events (deterministic; wall time is a benchmark
// figure, never asserted).
// FUZZ_RUNS sets the case count (`npm run fuzz` runs thousands).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCaptured, type Captured } from './fake-cli.js';
import { estimateLoad, parseScenario } from '../../sim/scenario/index.js';
import { scenarioText } from '../support/scenario-fuzz.js';
import { useTempDirs } from '../support/temp-dirs.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
/** Runs are made only for files that declare at most this many events (the rest are checked only). */
const RUN_EVENTS = 20_000;
/** The bound on a run's events: a multiple of the estimate from its declared size (sim/scenario/estimate.ts), plus start-up. */
const boundEvents = (declared: number): number => 20_000 + declared * 10;

const dir = useTempDirs('rmqsim-fuzz-')();

/** The CLI on the real cluster, one core. */
const cli = (argv: readonly string[]): Promise<Captured> => runCaptured(argv, { cores: 1 });

function oneObject(out: string): Record<string, unknown> {
  const v: unknown = JSON.parse(out);
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`not one JSON object: ${out.slice(0, 200)}`);
  return v as Record<string, unknown>;
}

interface Counts {
  cases: number;
  valid: number;
  invalid: number;
  ran: number;
  exit: Record<number, number>;
}

describe('scenario fuzzer', () => {
  it(`${RUNS} generated files: exit 0/1/2 never 3, one JSON object, exit 2 names file and field, runs bounded`, async () => {
    const counts: Counts = { cases: 0, valid: 0, invalid: 0, ran: 0, exit: {} };
    let maxRatio = 0;
    await fc.assert(
      fc.asyncProperty(scenarioText, async (text) => {
        const file = join(dir, `case-${counts.cases++}.yaml`);
        writeFileSync(file, text);
        const check = await cli(['check', file, '--json']);
        expect([0, 2]).toContain(check.code);
        const o = oneObject(check.out);
        const files = o['files'] as { ok: boolean; errors?: { file: string; path: string; expected: string }[] }[];
        if (check.code === 2) {
          counts.invalid++;
          const errors = files[0]?.errors ?? [];
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) {
            expect(e.file).toBe(file);
            // Only a file-level problem (not YAML, not a mapping) may lack a field path.
            if (e.path === '') expect(e.expected).toMatch(/YAML|mapping|file/);
          }
          return;
        }
        counts.valid++;
        const loaded = parseScenario(text, file);
        if (!loaded.ok) throw new Error('check passed what parseScenario refuses');
        const events = estimateLoad(loaded.scenario).events;
        if (events > RUN_EVENTS) return;
        counts.ran++;
        const run = await cli(['run', file, '--json', '--no-report']);
        counts.exit[run.code] = (counts.exit[run.code] ?? 0) + 1;
        expect([0, 1, 2], run.out.slice(0, 300)).toContain(run.code);
        const o2 = oneObject(run.out);
        if (run.code !== 2) {
          expect(o2['events']).toEqual(expect.any(Number));
          maxRatio = Math.max(maxRatio, Number(o2['events']) / Math.max(1, events));
          expect(Number(o2['events'])).toBeLessThan(boundEvents(events));
        }
      }),
      { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? 10) },
    );
    console.log(
      `scenario fuzzer: ${counts.cases} cases, ${counts.valid} valid, ${counts.invalid} invalid, ${counts.ran} run (exit codes ${JSON.stringify(counts.exit)}), events/estimate at most ${maxRatio.toFixed(2)}`,
    );
    expect(counts.valid).toBeGreaterThan(RUNS / 10);
    expect(counts.invalid).toBeGreaterThan(RUNS / 10);
    expect(counts.ran).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
