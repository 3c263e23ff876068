// `rmqsim shrink`: on the fake cluster (cheap), a failing run shrinks to the
// one fault that matters, the shrunk.yaml loads as a normal scenario and still
// fails, and the runs used are printed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { REPORT_FILES } from '../../sim/report/report-files.js';
import { FAKE_SCENARIO } from '../scenario/fake-cluster.js';
import { fakeCli as cli } from './fake-cli.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-shrink-');

/** The fake story with a bound its 3 s outage of every broker breaks, run once: its folder and report.json. */
async function failingRun(): Promise<{ dir: string; report: string }> {
  const dir = tempDir();
  const file = join(dir, 'fake-story.yaml');
  writeFileSync(file, FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 0.9 }'));
  expect((await cli(['run', file, '--out', dir, '--quiet'])).code).toBe(1);
  return { dir, report: join(dir, 'fake-story', '5', 'report.json') };
}

describe('rmqsim shrink', () => {
  it('shrinks a failing run to the fault that breaks the expectation and writes shrunk.yaml with its report', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    // The 3 s outage of every broker at 12 s drops the ratio under 0.9; the crash of broker-a's master alone does not.
    writeFileSync(file, FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 0.9 }'));
    expect((await cli(['run', file, '--out', dir, '--quiet'])).code).toBe(1);
    const r = await cli(['shrink', join(dir, 'fake-story', '5', 'report.json'), '--out', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as {
      faultsBefore: number;
      faultsAfter: number;
      runs: number;
      stillFails: boolean;
      shrunk: string;
      steps: string[];
    };
    expect([j.faultsBefore, j.faultsAfter, j.stillFails]).toEqual([2, 1, true]);
    expect(j.runs).toBeGreaterThan(2);
    const text = readFileSync(j.shrunk, 'utf8');
    expect(text).toMatch(/^# Shrunk by `rmqsim shrink` from .*fake-story\.yaml, seed 5\./);
    const s = parseScenario(text, 'shrunk.yaml');
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.scenario.faults.map((f) => f.atUs)).toEqual([12_000_000]);
    expect(s.scenario.cluster.namesrvs).toBe(1);
    expect(s.scenario.durationUs).toBeLessThan(20_000_000);
    expect(JSON.parse(readFileSync(join(dir, 'fake-story-shrunk', '5', 'report.json'), 'utf8'))).toMatchObject({
      ok: false,
      seed: 5,
    });
  });

  it('the replay commands shrink and a run of shrunk.yaml print work end to end: the run keeps shrunk.yaml beside its report', async () => {
    const { dir, report } = await failingRun();
    const shrunk = await cli(['shrink', report, '--out', dir]);
    expect(shrunk.code, shrunk.err).toBe(0);
    const shrunkFile = join(dir, 'fake-story-shrunk', '5', 'shrunk.yaml');
    expect(shrunk.out).toContain(`replay: rmqsim run ${shrunkFile} --seed 5\n`);
    // The shrink's replay, into the same --out: its report lands in the folder holding shrunk.yaml.
    const argv = (line: string): string[] => line.replace(/^rmqsim /, '').split(' ');
    const replayed = await cli([...argv(`rmqsim run ${shrunkFile} --seed 5`), '--out', dir, '--quiet']);
    expect(replayed.code, replayed.err).toBe(1);
    expect(readdirSync(join(dir, 'fake-story-shrunk', '5'))).toContain('shrunk.yaml');
    const again = /replay: (.*)\n/.exec(replayed.out)?.[1] ?? '';
    expect(again).toBe(`rmqsim run ${shrunkFile} --seed 5`);
    const twice = await cli([...argv(again), '--out', dir, '--quiet']);
    expect(twice.code, twice.err).toBe(1);
    expect(readdirSync(join(dir, 'fake-story-shrunk', '5')).sort()).toEqual(['shrunk.yaml', ...REPORT_FILES].sort());
  });

  it("--max-runs bounds every run, the replay and the shrunk file's own run included; below what is always run is a usage error", async () => {
    const { dir, report } = await failingRun();
    for (const max of [3, 4, 5, 6]) {
      const r = await cli(['shrink', report, '--out', dir, '--json', '--max-runs', String(max)]);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as { runs: number; exhausted: boolean };
      expect([j.runs, j.exhausted]).toEqual([max, true]);
    }
    const tooFew = await cli(['shrink', report, '--out', dir, '--max-runs', '2']);
    expect([tooFew.code, tooFew.out]).toEqual([2, '']);
    expect(tooFew.err).toBe(
      "error: --max-runs: expected at least 3 (the replay, the scripted schedule's check and the shrunk file's own run), found 2\n",
    );
  });

  it('refuses an --expectation the run did not fail, naming the ones it did, before any run', async () => {
    const { dir, report } = await failingRun();
    for (const name of ['nosuch', 'no-acked-loss']) {
      const r = await cli(['shrink', report, '--out', dir, '--expectation', name]);
      expect([r.code, r.out]).toEqual([2, '']);
      expect(r.err).toBe(
        `error: --expectation: expected an expectation the run failed (availability(p)), found "${name}"\n`,
      );
    }
  });

  it('refuses a passing run or a bad report with exit 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, FAKE_SCENARIO);
    expect((await cli(['run', file, '--out', dir, '--quiet'])).code).toBe(0);
    const passing = await cli(['shrink', join(dir, 'fake-story', '5', 'report.json')]);
    expect([passing.code, passing.err]).toEqual([2, expect.stringContaining('a report of a failing run')]);
    expect(passing.out).toBe('');
    writeFileSync(join(dir, 'bad.json'), '[]');
    expect((await cli(['shrink', join(dir, 'bad.json')])).code).toBe(2);
  });

  it('shrunk.yaml that cannot be written after shrinking: exit 2, reportError, nothing half-written (issue 10 row 7)', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 0.9 }'));
    expect((await cli(['run', file, '--out', dir, '--quiet'])).code).toBe(1);
    writeFileSync(join(dir, 'fake-story-shrunk'), 'in the way'); // <out>/<scenario>-shrunk is a file
    const r = await cli([
      'shrink',
      join(dir, 'fake-story', '5', 'report.json'),
      '--out',
      dir,
      '--json',
      '--max-runs',
      '5',
    ]);
    expect(r.code).toBe(2);
    const o = JSON.parse(r.out) as { ok: boolean; reportError: string; faultsBefore: number };
    expect(o.ok).toBe(false);
    expect(o.reportError).toMatch(/--out: cannot write reports to/);
    expect(o.faultsBefore).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['fake-story', 'fake-story-shrunk', 'fake-story.yaml']);
  });
});
