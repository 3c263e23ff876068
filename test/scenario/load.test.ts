import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { formatScenarioError, type ScenarioError } from '../../sim/scenario/errors.js';
import { FAULT_VERBS } from '../../sim/scenario/verbs.js';

const MINIMAL = `
name: mini
duration: 1m
cluster:
  groups:
    - { name: broker-a }
  topics:
    - { name: T }
`;

function errorsOf(text: string): readonly ScenarioError[] {
  const r = parseScenario(text, 'bad.yaml');
  if (r.ok) throw new Error('expected the file to be rejected');
  return r.errors;
}

describe('scenario loader', () => {
  it('accepts every scenario in scenarios/ and opens each with a story comment', () => {
    const dir = 'scenarios';
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.startsWith('# '), `${f} opens with its story`).toBe(true);
      const r = parseScenario(text, f);
      if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
      expect(r.scenario.name).toBe(f.replace(/\.yaml$/, ''));
      expect(r.scenario.expectations.length).toBeGreaterThan(0);
    }
  });

  it('fills defaults and converts durations into the cluster builder types', () => {
    const r = parseScenario(
      MINIMAL + 'workload:\n  producers:\n    - { group: p, rate: { from: 1, to: 10, over: 30s } }\n',
      'mini.yaml',
    );
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    const s = r.scenario;
    expect(s.durationUs).toBe(60_000_000);
    expect(s.seed).toBe(1);
    expect(s.cluster.namesrvs).toBe(1);
    expect(s.cluster.clusterName).toBe('DefaultCluster');
    expect(s.cluster.groups[0]).toEqual({
      name: 'broker-a',
      mode: 'classic',
      replicas: 1,
      brokerRole: 'ASYNC_MASTER',
      flushDiskType: 'ASYNC_FLUSH',
      config: {},
    });
    expect(s.cluster.topics[0]).toEqual({ name: 'T', queues: 4, groups: [], order: false });
    expect(s.workload.producers[0]?.topic).toBe('T');
    expect(s.workload.producers[0]?.rate).toEqual({
      kind: 'ramp',
      fromPerSecond: 1,
      toPerSecond: 10,
      overUs: 30_000_000,
    });
  });

  it('reads the daily and burst shapes, maxInFlight and consume threads, and rejects a burst longer than its period', () => {
    const file = (rate: string): string =>
      `${MINIMAL}workload:\n  producers: [{ group: p, rate: ${rate}, maxInFlight: 64 }]\n  consumers: [{ group: c, threads: 64 }]\n`;
    const daily = parseScenario(file('{ daily: { min: 5, max: 50 } }'), 'x.yaml');
    if (!daily.ok) throw new Error(daily.errors.map(formatScenarioError).join('\n'));
    expect(daily.scenario.workload.producers[0]).toMatchObject({
      rate: { kind: 'daily', minPerSecond: 5, maxPerSecond: 50, peakAtUs: 14 * 3_600_000_000 },
      maxInFlight: 64,
    });
    expect(daily.scenario.workload.consumers[0]?.consumeThreads).toBe(64);
    const bursts = parseScenario(file('{ base: 10, burst: 1000, every: 1m, for: 5s }'), 'x.yaml');
    expect(bursts.ok && bursts.scenario.workload.producers[0]?.rate).toEqual({
      kind: 'bursts',
      basePerSecond: 10,
      burstPerSecond: 1000,
      everyUs: 60e6,
      forUs: 5e6,
    });
    expect(errorsOf(file('{ base: 10, burst: 1000, every: 5s, for: 1m }')).map((e) => e.path)).toEqual([
      'workload.producers[0].rate.for',
    ]);
    expect(errorsOf(file('{ daily: { min: 50, max: 5 } }')).map((e) => e.path)).toEqual([
      'workload.producers[0].rate.daily.min',
    ]);
    // The curve repeats every 24 h: a peak at 25h is refused, not read as 1h.
    const late = errorsOf(file('{ daily: { min: 5, max: 50, peakAt: 25h } }'));
    expect(late.map((e) => e.path)).toEqual(['workload.producers[0].rate.daily.peakAt']);
    expect(late.map(formatScenarioError).join('\n')).toContain('a time of day under 24h');
  });

  it('turns every probability into per-million once, when the file loads (floats stop at the YAML edge)', () => {
    const text = `${MINIMAL}disk: { tornTailProbability: 0.25 }
workload:
  producers: [{ group: p, rate: 10, keys: { count: 100, hotKeys: 2, hotRatio: 0.9 } }]
  consumers: [{ group: c, failureRate: 0.3 }]
chaos:
  heal: 30s
  mix:
    - { do: packet-loss, target: random:broker, peers: others, loss: 0.05, reorder: 0.001, chance: 0.005 }
`.replace('disk:', '  disk:');
    const r = parseScenario(text, 'x.yaml');
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    const s = r.scenario;
    expect(s.cluster.disk?.tornTailProbability).toBe(250_000);
    expect(s.workload.producers[0]?.keys).toMatchObject({ hotRatio: 900_000 });
    expect(s.workload.consumers[0]?.failureRate).toBe(300_000);
    expect(s.chaos?.mix[0]).toMatchObject({
      chance: 5_000,
      action: { verb: 'packet-loss', loss: 50_000, duplicate: 0, reorder: 1_000 },
    });
  });

  it('gives DLedger groups 3 replicas by default', () => {
    const r = parseScenario(MINIMAL.replace('{ name: broker-a }', '{ name: broker-a, mode: dledger }'), 'x.yaml');
    expect(r.ok && r.scenario.cluster.groups[0]?.replicas).toBe(3);
  });

  it('names the file, the field path, line:column, what was expected and a suggestion', () => {
    const errors = errorsOf(MINIMAL.replace('{ name: broker-a }', '{ name: broker-a, mode: dledgr }'));
    expect(errors).toHaveLength(1);
    const e = errors[0];
    expect(e?.path).toBe('cluster.groups[0].mode');
    expect(e?.line).toBe(6);
    expect(e?.expected).toBe('one of classic, dledger');
    expect(formatScenarioError(e as ScenarioError)).toBe(
      'bad.yaml:6:31: cluster.groups[0].mode: expected one of classic, dledger, found "dledgr" (did you mean "dledger"?)',
    );
  });

  it('rejects unknown keys with a did-you-mean, even next to another error', () => {
    const errors = errorsOf(MINIMAL.replace('duration: 1m', 'duration: 1m\nsed: 5\nseed: -1'));
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(['sed', 'seed']);
    expect(errors[0]?.hint).toBe('did you mean "seed"?');
    expect(errors[0]?.line).toBe(4);
  });

  it('reports a bad duration and a missing required field', () => {
    const errors = errorsOf('name: x\nduration: 30 seconds\n');
    const byPath = new Map(errors.map((e) => [e.path, e]));
    expect(byPath.get('duration')?.found).toBe('"30 seconds"');
    expect(byPath.get('cluster')?.found).toBe('nothing');
  });

  it('checks names across fields: topic groups, producer topics, selectors, expectations, DLedger sizes', () => {
    const text = `
name: x
duration: 2m
cluster:
  groups:
    - { name: broker-a, mode: dledger, replicas: 4 }
  topics:
    - { name: T, groups: [broker-b] }
    - { name: U }
workload:
  producers:
    - { group: p }
faults:
  - { at: 10s, do: crash, target: leader-of:broker-z }
  - { at: 3m, do: crash, target: ns-9 }
expectations:
  - { check: availability, producers: q, minRatio: 0.5 }
`;
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual([
      'cluster.groups[0].replicas',
      'cluster.topics[0].groups[0]',
      'workload.producers[0].topic',
      'faults[0].target[0]',
      'faults[1].at',
      'faults[1].target[0]',
      'expectations[0].producers',
    ]);
    expect(errors[3]?.hint).toBe('did you mean "broker-a"?');
  });

  it('checks the peers of every verb that takes them', () => {
    const peersOf = ['partition', 'partition-one-way', 'hold', 'latency', 'packet-loss', 'connection-reset'];
    expect(
      Object.values(FAULT_VERBS)
        .filter((r) => 'peers' in r.shape)
        .map((r) => r.verb)
        .sort(),
    ).toEqual([...peersOf].sort());
    const keys: Record<string, string> = { latency: ', extra: 5ms', 'packet-loss': ', loss: 0.1' };
    const faults = peersOf
      .map((v) => `  - { at: 1s, do: ${v}, target: broker-a-0, peers: broker-z-0${keys[v] ?? ''} }\n`)
      .join('');
    const errors = errorsOf(MINIMAL + 'faults:\n' + faults);
    expect(errors.map((e) => e.path)).toEqual(peersOf.map((_, i) => `faults[${i}].peers[0]`));
  });

  it('rejects an unknown fault verb and keys foreign to the verb', () => {
    const errors = errorsOf(
      MINIMAL + 'faults:\n  - { at: 1s, do: crsh, target: broker-a-0 }\n  - { at: 1s, do: heal, target: broker-a-0 }\n',
    );
    expect(errors[0]?.path).toBe('faults[0].do');
    expect(errors[0]?.hint).toBe('did you mean "crash"?');
    expect(errors[0]?.expected).toBe(`one of ${Object.keys(FAULT_VERBS).join(', ')}`); // every row of the verb table, in order
    expect(errors[1]?.path).toBe('faults[1].target');
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('name: x\n  bad: [1, 2\n');
    expect(errors[0]?.expected).toBe('valid YAML');
    expect(errors[0]?.line).toBeGreaterThan(0);
  });
});

describe('scenario loader messages', () => {
  it('says what a union field expects, shows what was found as written, and marks required fields', () => {
    const errors = errorsOf(
      MINIMAL + 'workload:\n  producers: [{ group: p, rate: fast, keys: [1] }]\nfaults:\n  - { at: 10s, do: crash }\n',
    );
    const byPath = new Map(errors.map((e) => [e.path, e]));
    expect(byPath.get('workload.producers[0].rate')?.expected).toMatch(
      /^messages per second per instance \(a number\), \{ from, to, over \} \(a ramp\), \{ daily: .* \(bursts\)$/,
    );
    expect(byPath.get('workload.producers[0].keys')?.found).toBe('[1]');
    expect(byPath.get('faults[0].target')?.expected).toMatch(/\(this field is required\)$/);
    expect(byPath.get('faults[0].target')?.found).toBe('nothing');
  });

  it('names the missing key of the union member an object nearly is (a ramp without over), none for {}', () => {
    const rate = (r: string): string | undefined =>
      errorsOf(MINIMAL + `workload:\n  producers: [{ group: p, rate: ${r} }]\n`).map(formatScenarioError)[0];
    expect(rate('{ from: 50, to: 2000 }')).toMatch(/found \{"from":50,"to":2000\} \(missing key "over"\)$/);
    expect(rate('{ base: 5, burst: 40 }')).toMatch(/\(missing keys "every", "for"\)$/);
    expect(rate('{ daily: { min: 5 } }')).toMatch(/\(missing key "daily\.max"\)$/);
    expect(rate('{}')).toMatch(/found \{\}$/);
  });

  it("blames a producer's start past the run's end, not its stop, in durations as written", () => {
    const window = (keys: string): string[] =>
      errorsOf(MINIMAL + `workload:\n  producers: [{ group: p, ${keys} }]\n`).map(
        (e) => `${e.path}: ${e.expected}, found ${e.found}`,
      );
    expect(window('start: 2m, stop: 50s')).toEqual([
      'workload.producers[0].start: a start time before the run ends (duration: 1m), found 2m',
    ]);
    expect(window('start: 2m')).toEqual([
      'workload.producers[0].start: a start time before the run ends (duration: 1m), found 2m',
    ]);
    expect(window('start: 30s, stop: 20s')).toEqual([
      'workload.producers[0].stop: a stop time after start (30s), found 20s',
    ]);
  });

  it('puts the right article before a type and shows a null once', () => {
    const errors = errorsOf(MINIMAL.replace('    - { name: broker-a }', '    - { name: broker-a }\n    - null'));
    expect(errors.map((e) => [e.path, e.expected, e.found])).toEqual([['cluster.groups[1]', 'an object', 'null']]);
  });
});

describe('scenarios/README.md', () => {
  it('its format example is a valid scenario', () => {
    const readme = readFileSync('scenarios/README.md', 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const r = parseScenario(block ?? '', 'README.md');
    if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
    expect(r.scenario.chaos?.mix).toHaveLength(1);
    expect(r.scenario.expectations).toHaveLength(9);
  });
});
