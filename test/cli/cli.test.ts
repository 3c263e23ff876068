import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, type Captured } from './fake-cli.js';
import { FAKE_SCENARIO, fakeBuild } from '../scenario/fake-cluster.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-cli-');

const cli = (argv: readonly string[], tty = false, env: Record<string, string> = {}): Promise<Captured> =>
  runCaptured(argv, { build: fakeBuild, tty, env });

function workdir(text = FAKE_SCENARIO): { dir: string; file: string; out: string } {
  const dir = tempDir();
  const file = join(dir, 'fake-story.yaml');
  writeFileSync(file, text);
  return { dir, file, out: join(dir, 'reports') };
}

const FAILING = FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 1 }');

describe('rmqsim run', () => {
  it('prints the timeline and expectations, writes the reports and the viewer, exits 0', async () => {
    const w = workdir();
    const r = await cli(['run', w.file, '--out', w.out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Timeline');
    expect(r.out).toMatch(/broker-a-0\s+crashes/);
    expect(r.out).toMatch(/PASS\s+availability\(p\)/);
    expect(r.out).toContain('PASS: all 2 expectations hold');
    expect(r.out).not.toContain('\u001b['); // not a terminal: no colour
    expect(readdirSync(join(w.out, 'fake-story', '5')).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
      'viewer.html',
    ]);
  });

  it('tells the run in Chinese with --lang zh, or when LANG asks for it; --lang en wins over LANG', async () => {
    const w = workdir();
    const zh = await cli(['run', w.file, '--out', w.out, '--lang', 'zh']);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('时间线');
    expect(zh.out).toMatch(/broker-a-0\s+崩溃/);
    expect(zh.out).toContain('通过: 全部 2 个预期成立');
    expect(readFileSync(join(w.out, 'fake-story', '5', 'report.md'), 'utf8')).toContain('## 预期');
    const env = await cli(['run', w.file, '--no-report'], false, { LANG: 'zh_CN.UTF-8' });
    expect(env.out).toContain('时间线');
    const en = await cli(['run', w.file, '--no-report', '--lang', 'en'], false, { LANG: 'zh_CN.UTF-8' });
    expect(en.out).toContain('Timeline');
    const bad = await cli(['run', w.file, '--no-report', '--lang', 'fr']);
    expect(bad.code).toBe(2);
  });
});

describe('rmqsim inspect', () => {
  it('exits 2 with the reason on bad input: unknown view, missing option, bad time, bad report', async () => {
    const w = workdir();
    await cli(['run', w.file, '--out', w.out]);
    const report = join(w.out, 'fake-story', '5', 'report.json');
    const cases: [string[], RegExp][] = [
      [
        ['inspect', report, 'brokerList', '--at', '10s'],
        /unknown view "brokerList"; expected one of clusterList, topicRoute/,
      ],
      [['inspect', report, 'topicRoute', '--at', '10s'], /topicRoute needs -t <topic>/],
      [['inspect', report, 'clusterList', '--at', 'soon'], /--at: invalid duration "soon"/],
      [['inspect', w.file, 'clusterList', '--at', '10s'], /expected a report.json written by `rmqsim run`/],
      [['inspect', report, 'clusterList', '--at', '10s'], /this cluster offers no admin view/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('--json prints exactly one JSON object with the promised fields', async () => {
    const w = workdir();
    const r = await cli(['run', w.file, '--json', '--seed', '9', '--out', w.out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    for (const k of ['scenario', 'seed', 'traceHash', 'simulatedMs', 'wallMs', 'events', 'expectations', 'stats'])
      expect(j, k).toHaveProperty(k);
    expect(j['seed']).toBe(9);
    const first = (j['expectations'] as Record<string, unknown>[])[0];
    expect(Object.keys(first ?? {})).toEqual(expect.arrayContaining(['name', 'ok', 'detail']));
  });

  it('exits 1 on a broken expectation and prints the evidence and the replay command', async () => {
    const w = workdir(FAILING);
    const r = await cli(['run', w.file, '--no-report']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+availability\(p\)/);
    expect(r.out).toMatch(/only \d+ of \d+ sends acknowledged/);
    expect(r.out).toContain(`replay: rmqsim run ${w.file} --seed 5`);
  });

  it('--trace writes the run as JSON lines', async () => {
    const w = workdir();
    const file = join(w.dir, 'trace.jsonl');
    expect((await cli(['run', w.file, '--no-report', '--quiet', '--trace', file])).code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number; layer: string; text: string });
    expect(lines.some((l) => l.layer === 'kernel' && l.text === 'crash broker-a-0')).toBe(true);
    expect(lines.some((l) => l.layer === 'domain')).toBe(true);
    expect((await cli(['run', w.file, '--trace', join(w.file, 'under-a-file', 't.jsonl')])).code).toBe(2);
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    const w = workdir();
    expect((await cli(['run', w.file, '--no-report', '--quiet'], true)).out).toContain('\u001b[');
    expect((await cli(['run', w.file, '--no-report', '--quiet'], true, { NO_COLOR: '1' })).out).not.toContain(
      '\u001b[',
    );
  });

  it('rejects bad input with exit 2 before running anything', async () => {
    const w = workdir(FAKE_SCENARIO.replace('replicas: 2 }', 'replicas: 2, mode: dledgr }'));
    const bad = await cli(['run', w.file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${w.file}:9:44:`);
    expect(bad.err).toContain(
      'cluster.groups[0].mode: expected one of classic, dledger, found "dledgr" (did you mean "dledger"?)',
    );
    const json = await cli(['run', w.file, '--json']);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.out) as { ok: boolean }).ok).toBe(false);
    const ok = workdir();
    expect((await cli(['run', ok.file, '--bug', 'no.such-bug'])).code).toBe(2);
    const twoBugs = await cli(['run', ok.file, '--bug', 'raft.vote-without-persist', '--bug', 'nope', '--json']);
    expect(twoBugs.code).toBe(2);
    expect((JSON.parse(twoBugs.out) as { unknown: string[] }).unknown).toEqual(['nope']);
    expect((await cli(['run', ok.file, '--seed', '-3'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['run'])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });
});

describe('rmqsim replay, sweep, check, explain, list, bugs', () => {
  it('replay exits 0 when the trace hash matches and 1 when it does not', async () => {
    const w = workdir();
    expect((await cli(['run', w.file, '--out', w.out, '--quiet'])).code).toBe(0);
    const report = join(w.out, 'fake-story', '5', 'report.json');
    const same = await cli(['replay', report]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('as recorded');
    const j = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    writeFileSync(report, JSON.stringify({ ...j, traceHash: '0000000000000000' }));
    expect((await cli(['replay', report])).code).toBe(1);
    writeFileSync(report, 'not json');
    expect((await cli(['replay', report])).code).toBe(2);
  });

  it('sweep runs every seed and lists failing ones with their replay command', async () => {
    const w = workdir(FAILING);
    const r = await cli(['sweep', w.file, '--seeds', '1..3', '--json', '--out', w.out]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as {
      runs: number;
      passed: number;
      failed: number;
      failures: { seed: number; replay: string }[];
    };
    expect([j.runs, j.passed, j.failed]).toEqual([3, 0, 3]);
    expect(j.failures[1]?.replay).toBe(`rmqsim run ${w.file} --seed 2`);
    expect(readdirSync(join(w.out, 'fake-story')).sort()).toEqual(['1', '2', '3']);
    // The human summary names each failing seed's report as the input of `rmqsim shrink`.
    const text = await cli(['sweep', w.file, '--seeds', '2', '--out', w.out]);
    expect(text.out).toContain(`    shrink: rmqsim shrink ${join(w.out, 'fake-story', '2')}/report.json\n`);
    const ok = workdir();
    const human = await cli(['sweep', ok.file, '--seeds', '4,5', '--no-report']);
    expect(human.code).toBe(0);
    expect(human.out).toContain('2 runs of fake-story: 2 passed, 0 failed');
    expect((await cli(['sweep', ok.file, '--seeds', '9..1'])).code).toBe(2);
  });

  it('check validates without running; explain tells the story; list and bugs print catalogs', async () => {
    const w = workdir();
    const check = await cli(['check', w.file, 'scenarios/production-ha.yaml']);
    expect(check.code).toBe(0);
    expect(check.out).toContain('ok    scenarios/production-ha.yaml (production-ha)');
    const explain = await cli(['explain', 'scenarios/production-ha.yaml']);
    expect(explain.code).toBe(0);
    expect(explain.out).toContain('at 2m, kill the current master of broker-a');
    const list = await cli(['list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { scenarios: unknown[] }).scenarios.length).toBeGreaterThanOrEqual(13);
    // Each line leads with the file to run; an incident also names the scenario its reports are filed under.
    const plain = await cli(['list']);
    expect(plain.out).toMatch(/^stories\nscenarios\/all-nameservers-down\.yaml +seed 11, 5m /);
    expect(plain.out).toMatch(
      /\nscenarios\/incidents\/duplicate-client-ids\.yaml +seed 2, 1m .*\(name: incident-1589-duplicate-client-ids\)\n/,
    );
    const bugs = await cli(['bugs', '--json']);
    const names = (JSON.parse(bugs.out) as { bugs: { name: string }[] }).bugs.map((b) => b.name);
    expect(names).toContain('broker.sync-master-early-ack');
  });
});
