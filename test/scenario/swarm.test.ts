// The config swarm (`swarm:` block): each seed draws the cluster from its own
// stream, deterministically; over a few seeds every listed choice comes up;
// the drawn cluster is what runs (and what run --json reports); the schema
// rejects unknown keys and empty choice lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../sim/engine/rng.js';
import { renderReportFiles } from '../../sim/report/report-files.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { describeDrawn, drawSwarm, type DrawnConfig } from '../../sim/scenario/swarm.js';
import { pinSwarm } from '../../sim/scenario/shrink-script.js';
import { parse } from 'yaml';
import type { Scenario } from '../../sim/scenario/types.js';

const TEXT = readFileSync('scenarios/config-swarm.yaml', 'utf8');

function scenario(text = TEXT): Scenario {
  const r = parseScenario(text, 'config-swarm.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

const draw = (s: Scenario, seed: number): DrawnConfig => {
  if (s.swarm === undefined) throw new Error('no swarm block');
  return drawSwarm(s, s.swarm, new RandomStream('swarm', seed)).drawn;
};

describe('config swarm', () => {
  it('draws per seed, the same for the same seed, and covers every choice over 40 seeds', () => {
    const s = scenario();
    expect(draw(s, 7)).toEqual(draw(s, 7));
    const drawn = Array.from({ length: 40 }, (_, i) => draw(s, i + 1));
    const seen = (f: (d: DrawnConfig) => readonly unknown[]): Set<unknown> => new Set(drawn.flatMap(f));
    expect(seen((d) => [d.namesrvs])).toEqual(new Set([1, 2, 3]));
    expect(seen((d) => [d.groups.length])).toEqual(new Set([1, 2]));
    expect(seen((d) => d.groups.map((g) => g.mode))).toEqual(new Set(['classic', 'dledger']));
    expect(seen((d) => d.groups.filter((g) => g.mode === 'dledger').map((g) => g.replicas))).toEqual(new Set([3, 5]));
    expect(seen((d) => d.groups.filter((g) => g.mode === 'classic').map((g) => g.replicas))).toEqual(new Set([1, 2]));
    expect(seen((d) => d.groups.filter((g) => g.mode === 'classic').map((g) => g.brokerRole))).toEqual(
      new Set(['ASYNC_MASTER', 'SYNC_MASTER']),
    );
    expect(seen((d) => d.groups.map((g) => g.flushDiskType))).toEqual(new Set(['ASYNC_FLUSH', 'SYNC_FLUSH']));
    expect(seen((d) => d.topics.map((t) => t.queues))).toEqual(new Set([2, 4, 8]));
    expect(seen((d) => d.producers.map((p) => p.rate))).toEqual(new Set([5, 10, 20]));
    expect(seen((d) => d.consumers.map((k) => k.consumeTimeUs))).toEqual(new Set([1000, 20_000, 100_000]));
    expect(seen((d) => d.consumers.map((k) => k.failureRate))).toEqual(new Set([0, 20_000]));
    // ack-promise has nothing to judge when every drawn group is a SYNC_MASTER without a slave (never SEND_OK).
    for (const d of drawn) {
      const never = d.groups.map((g) => g.mode === 'classic' && g.brokerRole === 'SYNC_MASTER' && g.replicas < 2);
      // With sendLatencyFaultEnable the producer may avoid every other group for good (seed 520).
      const avoidable = d.producers.some((p) => p.sendLatencyFaultEnable === true) && never.includes(true);
      expect(d.notApplicable.some((n) => n.startsWith('ack-promise'))).toBe(!never.includes(false) || avoidable);
    }
    expect(seen((d) => d.producers.map((p) => p.bursts === true))).toEqual(new Set([false, true]));
    expect(seen((d) => d.producers.map((p) => p.sendLatencyFaultEnable === true))).toEqual(new Set([false, true]));
    // send-spread judges a lone group's queues: with two, a producer rightly avoids or retries past one.
    for (const d of drawn) expect(d.notApplicable.some((n) => n.startsWith('send-spread'))).toBe(d.groups.length > 1);
    // A preferred leader (its first member) only for DLedger groups, and not for every one.
    const preferred = drawn.flatMap((d) => d.groups.map((g) => [g.mode, g.preferredLeader] as const));
    expect(preferred.filter(([mode, p]) => mode === 'classic' && p !== undefined)).toEqual([]);
    expect(
      new Set(preferred.filter(([mode]) => mode === 'dledger').map(([, p]) => p?.replace(/^broker-[a-z]/, ''))),
    ).toEqual(new Set([undefined, '-0']));
    expect(describeDrawn(drawn[0] ?? draw(s, 1))).toMatch(/^\d NameServer\(s\); broker-a (classic|dledger) x\d/);
  });

  it('runs the drawn cluster and reports the draw; a file without swarm draws nothing', () => {
    // 20 s: the convergence bound must fit in the run (check rejects one that ends after it).
    const short = TEXT.replace('duration: 4m', 'duration: 20s')
      .replace('within: 90s', 'within: 10s')
      .replace(/^chaos:[\s\S]*?^expectations:/m, 'expectations:');
    const s = scenario(short);
    const r = runScenario(s, { seed: 2 });
    expect(r.drawn).toEqual(draw(s, 2));
    const brokers = r.nodes.filter((n) => n.kind === 'broker').length;
    expect(brokers).toBe(r.drawn?.groups.reduce((n, g) => n + g.replicas, 0));
    expect(r.nodes.filter((n) => n.kind === 'namesrv').length).toBe(r.drawn?.namesrvs);
    const files = renderReportFiles(r, { wallMs: 0, codeVersion: 'test' });
    expect(files['report.md']).toContain(`Drawn configuration (swarm): ${describeDrawn(draw(s, 2))}.`);
    expect((JSON.parse(files['report.json']) as { drawn: unknown }).drawn).toEqual(r.drawn);
    // junit.xml too, the file CI shows: a property with the draw's first clause (the NameServers).
    const first = describeDrawn(draw(s, 2)).split(';')[0] ?? '';
    expect(files['junit.xml']).toContain(`<property name="drawn" value="${first};`);
    const plain = scenario(short.replace(/^swarm:[\s\S]*?^expectations:/m, 'expectations:'));
    const plainRun = runScenario(plain, { seed: 2 });
    expect(plainRun.drawn).toBeUndefined();
    expect(renderReportFiles(plainRun, { wallMs: 0, codeVersion: 'test' })['junit.xml']).not.toContain('name="drawn"');
  });

  it('a key drawn after the others leaves the earlier draws as they were (sendLatencyFaultEnable)', () => {
    const without = scenario(TEXT.replace(/^ {2}sendLatencyFaultEnable: .*$/m, ''));
    // What the new key draws, and the expectations it leaves out, aside.
    const strip = (d: DrawnConfig): DrawnConfig => ({
      ...d,
      producers: d.producers.map(({ sendLatencyFaultEnable: _drawn, ...p }) => p),
      notApplicable: d.notApplicable.filter((n) => !n.includes('sendLatencyFaultEnable')),
    });
    for (let seed = 1; seed <= 20; seed++) expect(strip(draw(scenario(), seed))).toEqual(strip(draw(without, seed)));
  });

  it('shrink pins the drawn sendLatencyFaultEnable as the cluster client setting', () => {
    const seed = [1, 2, 3, 4].find((n) => draw(scenario(), n).producers.some((p) => p.sendLatencyFaultEnable === true));
    if (seed === undefined) throw new Error('no seed of 1..4 draws sendLatencyFaultEnable');
    const pinned = pinSwarm(parse(TEXT) as Record<string, unknown>, draw(scenario(), seed));
    expect(pinned['swarm']).toBeUndefined();
    expect(pinned).toMatchObject({ cluster: { config: { client: { sendLatencyFaultEnable: true } } } });
  });

  it('the schema rejects an unknown swarm key and an empty list of choices', () => {
    const bad = parseScenario(TEXT.replace('  queues: [2, 4, 8]', '  queue: [2, 4, 8]'), 'x.yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.path).toBe('swarm.queue');
    const empty = parseScenario(TEXT.replace('  groups: [1, 2]', '  groups: []'), 'x.yaml');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors[0]?.path).toBe('swarm.groups');
  });
});
