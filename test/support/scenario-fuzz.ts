// The scenario fuzzer (issue 10, "prove it"): scenario files, valid and
// invalid, generated from a small valid story by mutating its fields (types,
// ranges, selectors, durations, nesting, unknown and missing keys), fed to
// the CLI in-process. test/cli/scenario-fuzz.test.ts runs a few hundred in
// `npm test`; `npm run fuzz` runs thousands (FUZZ_RUNS).
import fc from 'fast-check';
import { stringify } from 'yaml';

export type Doc = Record<string, unknown>;

/** A small valid story: one classic group, one producer, one consumer, a crash, three expectations (long enough for routes to form). */
export function baseDoc(): Doc {
  return {
    name: 'fuzzed',
    seed: 3,
    duration: '45s',
    cluster: {
      namesrvs: 1,
      groups: [{ name: 'broker-a', mode: 'classic', replicas: 2 }],
      topics: [{ name: 'T', queues: 2 }],
    },
    workload: {
      producers: [{ group: 'p', instances: 1, rate: 5 }],
      consumers: [{ group: 'c', instances: 1 }],
    },
    faults: [{ at: '20s', do: 'crash', target: 'master-of:broker-a', for: '2s' }],
    expectations: ['no-acked-loss', { check: 'availability', producers: 'p', minRatio: 0.1 }, 'at-least-once'],
  };
}

/** Paths the mutations aim at: every level of the document, lists and their items. */
const PATHS: readonly (readonly (string | number)[])[] = [
  ['name'],
  ['seed'],
  ['duration'],
  ['description'],
  ['cluster'],
  ['cluster', 'namesrvs'],
  ['cluster', 'groups'],
  ['cluster', 'groups', 0],
  ['cluster', 'groups', 0, 'mode'],
  ['cluster', 'groups', 0, 'replicas'],
  ['cluster', 'groups', 0, 'name'],
  ['cluster', 'groups', 0, 'brokerRole'],
  ['cluster', 'groups', 0, 'flushDiskType'],
  ['cluster', 'topics', 0, 'queues'],
  ['cluster', 'topics', 0, 'name'],
  ['cluster', 'config', 'broker', 'flushIntervalCommitLog'],
  ['cluster', 'config', 'namesrv', 'scanNotActiveBrokerIntervalUs'],
  ['cluster', 'config', 'raft', 'heartbeatIntervalUs'],
  ['cluster', 'network', 'latency'],
  ['workload', 'producers', 0, 'rate'],
  ['workload', 'producers', 0, 'instances'],
  ['workload', 'producers', 0, 'group'],
  ['workload', 'producers', 0, 'start'],
  ['workload', 'producers', 0, 'stop'],
  ['workload', 'consumers', 0],
  ['workload', 'consumers', 0, 'instances'],
  ['faults'],
  ['faults', 0, 'at'],
  ['faults', 0, 'do'],
  ['faults', 0, 'target'],
  ['faults', 0, 'for'],
  ['faults', 1],
  ['expectations'],
  ['expectations', 0],
  ['expectations', 1, 'minRatio'],
  ['expectations', 1, 'producers'],
  ['expectations', 1, 'maxOutage'],
  ['expectations', 3],
  ['chaos'],
  ['swarm'],
  ['bogus'],
];

/** Values a field may get: right and wrong types, edge ranges, selectors, durations, nesting, deletion. */
const VALUES = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    1,
    2,
    3,
    -1,
    0.5,
    1.5,
    1e12,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    'abc',
    '',
    true,
    null,
    [],
    {},
    [1, 2],
    { x: 1 },
    '0s',
    '1ms',
    '500ms',
    '2s',
    '10s',
    '1m',
    '1000000h',
    '-1s',
    '1x',
    'P1D',
    'crash',
    'restart',
    'pause',
    'heal',
    'partition',
    'hold',
    'power-loss',
    'nonsense',
    'master-of:broker-a',
    'all:broker',
    'random:namesrv',
    'broker-a-0',
    'broker-z-9',
    'all:nothing',
    ['broker-a-0', 'ns-1'],
    'classic',
    'dledger',
    'SYNC_MASTER',
    'ASYNC_MASTER',
    'SLAVE',
    'SYNC_FLUSH',
    'ASYNC_FLUSH',
    'convergence',
    { check: 'convergence', within: '10m' },
    { check: 'duplicates', consumers: 'c', max: 0 },
    { check: 'order' },
    { at: '2s', do: 'partition', target: 'broker-a-0' },
    { at: '1s', do: 'heal' },
    { at: '3s', do: 'hold', target: 'broker-a-0', for: '2s' },
    { at: '5s', do: 'latency', target: 'all:broker', extra: '10ms' },
    { min: '5ms', max: '1ms' },
    { min: '1ms', max: '5ms' },
    {
      start: '1s',
      heal: '2s',
      tick: '500ms',
      minStable: '1s',
      maxActive: 1,
      mix: [{ do: 'crash', target: 'random:broker', chance: 0.5, for: { min: '100ms', max: '1s' } }],
    },
    { namesrvs: [1, 2] },
    { replicas: [0] },
  ),
  fc.integer({ min: -5, max: 100 }),
  fc.string({ maxLength: 6 }),
  fc.constant<unknown>('__delete__'),
);

function setIn(doc: Doc, path: readonly (string | number)[], value: unknown): Doc {
  const copy = structuredClone(doc);
  let cur: unknown = copy;
  for (const part of path.slice(0, -1)) {
    if (typeof cur !== 'object' || cur === null) return copy;
    const obj = cur as Record<string | number, unknown>;
    if (typeof obj[part] !== 'object' || obj[part] === null)
      obj[part] = typeof path[path.indexOf(part) + 1] === 'number' ? [] : {};
    cur = obj[part];
  }
  const last = path[path.length - 1];
  if (typeof cur !== 'object' || cur === null || last === undefined) return copy;
  const obj = cur as Record<string | number, unknown>;
  if (value === '__delete__') {
    if (Array.isArray(obj) && typeof last === 'number') obj.splice(last, 1);
    else Reflect.deleteProperty(obj, last);
  } else {
    obj[last] = value;
  }
  return copy;
}

/** A scenario file's text: the base story with 0 to 3 mutations, sometimes not even YAML. */
export const scenarioText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...PATHS), VALUES), { maxLength: 3 })
      .map((ms) => stringify(ms.reduce((d, [p, v]) => setIn(d, p, v), baseDoc()))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'a: [', '- 1\n- 2', 'name: x\nname: y', '&a [*a]', '{{{', '\t\tname: x'),
  },
);
