// Sweeps beyond one machine: `sweep --shard K/N` runs a deterministic share
// of the seeds, and `rmqsim merge` of all N parts gives exactly the result
// (JSON and JUnit) of the unsharded sweep. Runs on the fake cluster: cheap.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard, shardSeeds } from '../../sim/cli/sweep-protocol.js';
import { FAKE_SCENARIO } from '../scenario/fake-cluster.js';
import { fakeCli as cli } from './fake-cli.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-shard-');

// A bound between the seeds' acknowledged ratios (0.848..0.849 with the fake's jitter): some seeds pass, some fail.
const MIXED = FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 0.8485 }');

interface Sweep {
  runs: number;
  passed: number;
  failed: number;
  jobs: number;
  wallMs: number;
  shard?: unknown;
  failures: { wallMs: number }[];
  results: { seed: number; wallMs: number }[];
  [k: string]: unknown;
}

/** What must be equal between a merged and an unsharded sweep: everything but wall time and worker count. */
function comparable(j: Sweep): unknown {
  return {
    ...j,
    jobs: 0,
    wallMs: 0,
    failures: j.failures.map((f) => ({ ...f, wallMs: 0 })),
    results: j.results.map((r) => ({ ...r, wallMs: 0 })),
  };
}

describe('sweep --shard and merge', () => {
  it('shards partition the seed list deterministically, and bad shard text is a usage error', async () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['3/3', '1', '-1/2', '0/0', 'a/b', '0/99999999999999999999'])
      expect(typeof parseShard(bad), bad).toBe('string');
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const parts = [0, 1, 2].map((index) => shardSeeds(seeds, { index, count: 3 }));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(seeds);
    expect(parts.map((p) => p.length)).toEqual([4, 3, 3]);
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, MIXED);
    const r = await cli(['sweep', file, '--seeds', '1..4', '--shard', '4/4', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: 'usage', option: '--shard' });
    // A --junit that cannot be written is refused before any seed runs, naming what is wrong.
    const junit = await cli(['sweep', file, '--seeds', '1..4', '--no-report', '--junit', join(file, 'x.xml')]);
    expect(junit.code).toBe(2);
    expect(junit.err).toBe(`error: --junit: expected a writable file path, but ${file} is not a directory\n`);
    expect(junit.out).toBe('');
    // Missing folders are created, as --out's are.
    const nested = join(dir, 'no', 'such', 'x.xml');
    expect((await cli(['sweep', file, '--seeds', '1', '--no-report', '--junit', nested])).err).toBe('');
    expect(readFileSync(nested, 'utf8')).toContain('<testsuite');
    expect((await cli(['sweep', file, '--seeds', '1', '--no-report', '--junit', dir])).err).toContain(
      `${dir} is a directory`,
    );
    // More shards than seeds: shard 4 of 5 would run nothing and pass; a usage error naming the seed count.
    const empty = await cli(['sweep', file, '--seeds', '1..4', '--shard', '4/5', '--no-report']);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('--shard: expected K/N with N at most 4 (the number of seeds in 1..4)');
  });

  it('the merge of N shard parts equals the unsharded sweep, JSON, JUnit and exit code', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, MIXED);
    const common = ['--seeds', '1..10', '--no-report', '--json'];
    const whole = await cli(['sweep', file, ...common, '--junit', join(dir, 'whole.xml')]);
    const wj = JSON.parse(whole.out) as Sweep;
    expect(wj.passed, 'the story must mix passing and failing seeds to prove anything').toBeGreaterThan(0);
    expect(wj.failed).toBeGreaterThan(0);
    const parts: string[] = [];
    for (const k of [0, 1, 2]) {
      const part = await cli(['sweep', file, ...common, '--shard', `${k}/3`]);
      expect(part.code).toBe(wj.failed > 0 ? 1 : 0);
      expect((JSON.parse(part.out) as Sweep).shard).toEqual({ index: k, count: 3 });
      parts.push(join(dir, `part${k}.json`));
      writeFileSync(join(dir, `part${k}.json`), part.out);
    }
    const merged = await cli(['merge', ...parts.reverse(), '--json', '--junit', join(dir, 'new', 'merged.xml')]);
    expect(merged.code).toBe(whole.code);
    const mj = JSON.parse(merged.out) as Sweep;
    expect(mj).not.toHaveProperty('shard');
    expect(comparable(mj)).toEqual(comparable(wj));
    const junit = (f: string): string => readFileSync(join(dir, f), 'utf8').replace(/time="[\d.]+"/g, 'time=""');
    expect(junit('new/merged.xml')).toEqual(junit('whole.xml'));
    // Each seed's test case carries its wall seconds, in the merged file as in the whole sweep's.
    const seedTimes = (f: string): string[] =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/name="seed \d+" time="([\d.]+)"/g)].map((m) => m[1] ?? '');
    for (const [f, j] of [
      ['whole.xml', wj],
      ['new/merged.xml', mj],
    ] as const)
      expect(seedTimes(f)).toEqual(j.results.map((r) => (r.wallMs / 1000).toFixed(3)));
    expect(wj.results.every((r) => r.wallMs > 0)).toBe(true);
    expect(junit('new/merged.xml')).toContain(`tests="10" failures="${wj.failed}"`);
  });

  it('merge refuses parts that do not make one whole sweep', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, MIXED);
    const part = async (shard: string, seeds = '1..6'): Promise<string> => {
      const out = join(dir, `p-${shard.replace('/', '-')}-${seeds}.json`);
      writeFileSync(out, (await cli(['sweep', file, '--seeds', seeds, '--no-report', '--json', '--shard', shard])).out);
      return out;
    };
    const p0 = await part('0/2');
    const p1 = await part('1/2');
    const missing = await cli(['merge', p0]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing 1/2');
    expect((await cli(['merge', p0, p0])).err).toContain('also in');
    expect((await cli(['merge', p0, await part('1/2', '1..8')])).err).toContain('seeds "1..8" differs');
    writeFileSync(join(dir, 'bad.json'), '{"scenario": 1}');
    expect((await cli(['merge', p0, join(dir, 'bad.json')])).err).toMatch(
      /bad\.json: expected the JSON output of `rmqsim sweep --shard K\/N --json`, found scenario: Expected string/,
    );
    writeFileSync(join(dir, 'text.json'), '{');
    expect((await cli(['merge', p0, join(dir, 'text.json')])).err).toContain(
      'text.json: expected the JSON output of `rmqsim sweep --shard K/N --json`, found text that is not JSON',
    );
    expect((await cli(['merge', p0, p1])).code).toBe(1);
    // A part edited to pass a failing seed (its result says ok, its failures still list it) is refused, not merged as a pass.
    const edited = JSON.parse(readFileSync(p1, 'utf8')) as Sweep & { results: { ok: boolean }[] };
    expect(edited.failures.length).toBeGreaterThan(0);
    for (const r of edited.results) r.ok = true;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...edited, passed: edited.runs, failed: 0 }));
    const m = await cli(['merge', p0, join(dir, 'edited.json')]);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/edited\.json: expected .* with counts that agree with its results, found failures for seed/);
  });
});
