// `rmqsim diff`: two configurations, one seed, side by side. On the fake
// cluster (cheap): --set changes only B, the changed inputs are listed, a
// broken expectation in B that A holds is a regression (exit 1), diff.html
// draws both runs on one time axis, and bad --set keys are usage errors.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applySets } from '../../sim/scenario/set-override.js';
import { STATUS_COLUMNS } from '../../sim/report/send-statuses.js';
import { FAKE_SCENARIO } from '../scenario/fake-cluster.js';
import { fakeCli as cli } from './fake-cli.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-diff-');

function workdir(): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'fake-story.yaml');
  writeFileSync(file, FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 0.8 }'));
  return { dir, file };
}

interface Section {
  title: string;
  rows: { label: string; a: string; b: string; differs: boolean }[];
}

describe('applySets', () => {
  it('sets a field on every broker group, a constant, the NameServer count, or a path', () => {
    const r = applySets(FAKE_SCENARIO, [
      'broker.flushDiskType=SYNC_FLUSH',
      'broker.sendMessageThreadPoolNums=4',
      'namesrvs=3',
      'workload.producers.0.rate=5',
    ]);
    expect(r.ok).toBe(true);
    const doc = parse(r.ok ? r.text : '') as {
      cluster: { namesrvs: number; groups: { flushDiskType: string }[]; config: { broker: Record<string, unknown> } };
      workload: { producers: { rate: number }[] };
    };
    expect(doc.cluster.groups.map((g) => g.flushDiskType)).toEqual(['SYNC_FLUSH', 'SYNC_FLUSH']);
    expect(doc.cluster.config.broker['sendMessageThreadPoolNums']).toBe(4);
    expect(doc.cluster.namesrvs).toBe(3);
    expect(doc.workload.producers[0]?.rate).toBe(5);
    expect(applySets(FAKE_SCENARIO, ['nonsense=1'])).toMatchObject({ ok: false });
    expect(applySets(FAKE_SCENARIO, ['broker.flushDiskType'])).toMatchObject({ ok: false });
  });

  it('refuses a list index the file does not have, naming the --set and the list, instead of padding it', () => {
    expect(applySets(FAKE_SCENARIO, ['cluster.groups.9.mode=dledger'])).toEqual({
      ok: false,
      error:
        '--set cluster.groups.9.mode=dledger: expected an index of cluster.groups below 2 (the file has 2 entries), found 9',
    });
    expect(applySets(FAKE_SCENARIO, ['workload.nosuch.0=1'])).toEqual({
      ok: false,
      error: '--set workload.nosuch.0=1: expected a list at workload.nosuch (the file has none), found index 0',
    });
    expect(applySets(FAKE_SCENARIO, ['cluster.groups.1.mode=dledger'])).toMatchObject({ ok: true });
  });
});

describe('rmqsim diff', () => {
  it('runs A and B with one seed and shows what differs; B breaking what A holds exits 1', async () => {
    const w = workdir();
    const r = await cli(['diff', w.file, '--set', 'faults.1.for=8s', '--seed', '3', '--out', w.dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/≠ faults\[1\]\.forUs\s+3000000\s+8000000/);
    expect(r.out).toMatch(/≠ availability\(p\)\s+PASS: ratio [\d.]+ >= 0\.8\s+FAIL: ratio/);
    expect(r.out).toContain('B breaks what A holds: availability(p)');
    expect(r.out).toMatch(
      /≠ broker-b after crash at 12s\s+master again after 3\.00 s\s+no master until the end \(8\.00 s\)/,
    );
    const html = readFileSync(join(w.dir, 'diff', 'fake-story-vs-set', '3', 'diff.html'), 'utf8');
    expect(html).toContain('id="a-node-timeline"');
    expect(html).toContain('id="b-node-timeline"');
    expect(html).toContain('class="differs"');
  });

  it('sends by status side by side, every status of the run summaries, in the terminal, --json and diff.html (issue 10 row 5)', async () => {
    const w = workdir();
    const argv = ['diff', w.file, '--set', 'faults.1.for=8s', '--seed', '3', '--out', w.dir];
    const human = await cli(argv);
    for (const s of STATUS_COLUMNS) expect(human.out, s).toMatch(new RegExp(`^. p ${s}\\s+\\d+\\s+\\d+$`, 'm'));
    // The longer outage fails more sends in B: the two columns differ where the statuses do.
    expect(human.out).toMatch(/^≠ p SEND_OK\s+\d+\s+\d+$/m);
    expect(human.out).toMatch(/^≠ p FAILED\s+\d+\s+\d+$/m);
    expect(human.out).toMatch(/^ {2}p ONEWAY\s+0\s+0$/m);
    const json = await cli([...argv, '--json']);
    const j = JSON.parse(json.out) as { sections: Section[] };
    const rows = j.sections.find((x) => x.title === 'Sends by status')?.rows ?? [];
    const byLabel = new Map(rows.map((r) => [r.label, r]));
    // vitest types its asymmetric matchers as any: held as unknown, they pass the no-unsafe rules.
    const count: unknown = expect.stringMatching(/^\d+$/);
    const flag: unknown = expect.any(Boolean);
    for (const s of STATUS_COLUMNS)
      expect(byLabel.get(`p ${s}`), s).toEqual({ label: `p ${s}`, a: count, b: count, differs: flag });
    const sendOk = byLabel.get('p SEND_OK');
    const failed = byLabel.get('p FAILED');
    expect(Number(sendOk?.a)).toBeGreaterThan(Number(sendOk?.b));
    expect(Number(failed?.a)).toBeLessThan(Number(failed?.b));
    const html = readFileSync(join(w.dir, 'diff', 'fake-story-vs-set', '3', 'diff.html'), 'utf8');
    for (const s of STATUS_COLUMNS) expect(html, s).toContain(`<td>p ${s}</td>`);
  });

  it('two files, --json, and the same scenario twice differ in nothing; bad input exits 2', async () => {
    const w = workdir();
    const same = await cli(['diff', w.file, w.file, '--json', '--no-report']);
    expect(same.code).toBe(0);
    const j = JSON.parse(same.out) as {
      ok: boolean;
      a: { traceHash: string };
      b: { traceHash: string };
      sections: Section[];
    };
    expect(j.a.traceHash).toBe(j.b.traceHash);
    expect(j.sections.flatMap((s) => s.rows).filter((x) => x.differs)).toEqual([]);
    expect(j.sections.map((s) => s.title)).not.toContain('What was changed');
    expect((await cli(['diff', w.file])).code).toBe(2);
    const badKey = await cli(['diff', w.file, '--set', 'nonsense=1']);
    expect([badKey.code, badKey.err]).toEqual([2, expect.stringContaining('--set: expected a key such as namesrvs')]);
    const badValue = await cli(['diff', w.file, '--set', 'broker.flushDiskType=FAST', '--no-report']);
    expect(badValue.code).toBe(2);
    expect(badValue.err).toContain('--set broker.flushDiskType=FAST');
  });

  it('an error a --set causes names that flag and what is wrong, never a line:column of the file (which the flag is not in)', async () => {
    const w = workdir();
    const unknown = await cli(['diff', w.file, '--set', 'broker.noSuchConst=5', '--no-report']);
    expect([unknown.code, unknown.out]).toEqual([2, '']);
    expect(unknown.err.split('\n')[0]).toBe(
      'error --set broker.noSuchConst=5: cluster.config.broker.noSuchConst: expected a known broker or store constant, found unknown key "noSuchConst"',
    );
    const typo = await cli(['diff', w.file, '--set', 'broker.flushDiskTyp=SYNC_FLUSH', '--no-report']);
    expect(typo.err).toContain('(did you mean "flushDiskType"?), found unknown key "flushDiskTyp"');
    // A field the flag did not write, broken by it: the file with its flags, still without a position.
    const later = await cli(['diff', w.file, '--set', 'duration=1s', '--no-report', '--json']);
    const j = JSON.parse(later.out) as { errors: { file: string; path: string; line?: number }[] };
    expect(later.code).toBe(2);
    expect(j.errors.length).toBeGreaterThan(0);
    for (const e of j.errors) {
      expect(e.file).toBe(`${w.file} --set duration=1s`);
      expect(e).not.toHaveProperty('line');
    }
  });

  it('diff.html that cannot be written after the runs: exit 2, reportError beside the comparison, nothing half-written (issue 10 row 7)', async () => {
    const w = workdir();
    const out = join(w.dir, 'reports');
    mkdirSync(out);
    writeFileSync(join(out, 'diff'), 'in the way'); // <out>/diff is a file
    const json = await cli(['diff', w.file, w.file, '--json', '--out', out]);
    expect(json.code).toBe(2);
    const o = JSON.parse(json.out) as { ok: boolean; reportError: string; a: { traceHash: string } };
    expect(o.ok).toBe(false);
    expect(o.reportError).toMatch(/--out: cannot write reports to/);
    expect(o.a.traceHash).toEqual(expect.any(String));
    const human = await cli(['diff', w.file, w.file, '--out', out]);
    expect([human.code, human.err]).toEqual([2, expect.stringMatching(/cannot write reports/)]);
    expect(readdirSync(out)).toEqual(['diff']);
  });
});
