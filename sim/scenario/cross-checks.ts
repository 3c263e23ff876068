// Rules that span fields of a scenario file and so cannot live in the schema:
// names that must exist elsewhere (topics' groups, producers' topics,
// selectors' groups, expectations' client groups), DLedger group sizes,
// fault times inside the run, and constant overrides the components know.
import type { ClusterSpec, Overrides, WorkloadSpec } from '../cluster/index.js';
import { validateOverrides, type OverrideKind } from '../cluster/index.js';
import { DEFAULT_DISK, formatDuration, formatTime } from '../engine/index.js';
import { nodeNames } from '../cluster/index.js';
import { didYouMean, type FieldPath } from './errors.js';
import { parseSelector, type Selector } from './selectors.js';
import type { RawScenario } from './schema.js';
import type { FaultAction, Scenario } from './types.js';

export interface CrossProblem {
  readonly path: FieldPath;
  readonly expected: string;
  readonly found: string;
  readonly hint?: string;
}

class Problems {
  readonly list: CrossProblem[] = [];

  /** Reports `found` unless it is one of `known`; suggests the nearest known name. */
  requireName(path: FieldPath, what: string, found: string, known: readonly string[]): void {
    if (known.includes(found)) return;
    const near = didYouMean(found, known);
    const expected = known.length === 0 ? `${what} (none is defined)` : `${what}: one of ${known.join(', ')}`;
    this.list.push(
      near === undefined
        ? { path, expected, found: `"${found}"` }
        : { path, expected, found: `"${found}"`, hint: `did you mean "${near}"?` },
    );
  }

  add(path: FieldPath, expected: string, found: string): void {
    this.list.push({ path, expected, found });
  }
}

function checkUnique(p: Problems, path: FieldPath, what: string, names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) p.add([...path, i, what], `a ${what} not used before in this list`, `duplicate "${n}"`);
    seen.add(n);
  });
}

/** A daily curve's min must not exceed its max; a burst must fit in its period. */
function checkRate(p: Problems, path: FieldPath, r: RawScenario['workload']['producers'][number]['rate']): void {
  if (typeof r !== 'object') return;
  if ('daily' in r && r.daily.min > r.daily.max)
    p.add([...path, 'daily', 'min'], `at most max (${r.daily.max})`, String(r.daily.min));
  if ('burst' in r && (r.every <= 0 || r.for > r.every))
    p.add(
      [...path, 'for'],
      'a burst no longer than its period (every)',
      `for ${formatDuration(r.for)}, every ${formatDuration(r.every)}`,
    );
}

function checkCluster(p: Problems, c: ClusterSpec): void {
  checkUnique(
    p,
    ['cluster', 'groups'],
    'name',
    c.groups.map((g) => g.name),
  );
  checkUnique(
    p,
    ['cluster', 'topics'],
    'name',
    c.topics.map((t) => t.name),
  );
  const groups = c.groups.map((g) => g.name);
  c.groups.forEach((g, i) => {
    if (g.mode === 'dledger' && g.replicas !== 3 && g.replicas !== 5) {
      p.add(
        ['cluster', 'groups', i, 'replicas'],
        'a DLedger group of 3 or 5 nodes (a quorum must survive one or two failures)',
        String(g.replicas),
      );
    }
  });
  c.topics.forEach((t, i) =>
    t.groups.forEach((g, j) => p.requireName(['cluster', 'topics', i, 'groups', j], 'a broker group', g, groups)),
  );
  const sections: readonly [OverrideKind, Overrides][] = [
    ['namesrv', c.namesrvConfig],
    ['broker', c.brokerConfig],
    ['client', c.clientConfig],
    ['raft', c.raftConfig],
  ];
  for (const [kind, overrides] of sections) {
    for (const bad of validateOverrides(kind, overrides))
      p.add(['cluster', 'config', kind, bad.path], bad.expected, bad.found ?? JSON.stringify(overrides[bad.path]));
  }
  // Ordered ranges (issue 10 row 3): an inverted range would crash the engine's samplers.
  const latency = c.network?.latency;
  if (latency?.kind === 'uniform' && latency.minUs > latency.maxUs)
    p.add(
      ['cluster', 'network', 'latency', 'min'],
      'min <= max',
      `${formatDuration(latency.minUs)} > ${formatDuration(latency.maxUs)}`,
    );
  if (latency?.kind === 'lognormal' && latency.medianUs <= 0)
    p.add(['cluster', 'network', 'latency', 'median'], 'a positive median', formatDuration(latency.medianUs));
  const fsyncMin = c.disk?.fsyncMinUs ?? DEFAULT_DISK.fsyncMinUs;
  const fsyncMax = c.disk?.fsyncMaxUs ?? DEFAULT_DISK.fsyncMaxUs;
  if (fsyncMin > fsyncMax)
    p.add(
      ['cluster', 'disk', 'fsyncMin'],
      'fsyncMin <= fsyncMax',
      `${formatDuration(fsyncMin)} > ${formatDuration(fsyncMax)}`,
    );
  c.groups.forEach((g, i) => {
    const written: Overrides = g.config;
    for (const bad of validateOverrides('broker', written))
      p.add(['cluster', 'groups', i, 'config', bad.path], bad.expected, bad.found ?? JSON.stringify(written[bad.path]));
  });
}

/**
 * A producer's start inside the run, and its stop after its start. A start past the run's end is blamed
 * on start even when stop is before it too: stop is the one the user wrote to fit the run.
 */
function checkProducerWindow(
  p: Problems,
  path: FieldPath,
  x: { readonly start: number; readonly stop?: number | undefined },
  durationUs: number,
): void {
  if (x.start >= durationUs)
    p.add(
      [...path, 'start'],
      `a start time before the run ends (duration: ${formatDuration(durationUs)})`,
      formatDuration(x.start),
    );
  else if (x.stop !== undefined && x.stop <= x.start)
    p.add([...path, 'stop'], `a stop time after start (${formatDuration(x.start)})`, formatDuration(x.stop));
}

function checkWorkload(
  p: Problems,
  raw: RawScenario,
  w: WorkloadSpec,
  topics: readonly string[],
  durationUs: number,
): void {
  const clientGroups = [...w.producers.map((x) => x.group), ...w.consumers.map((x) => x.group)];
  checkUnique(
    p,
    ['workload', 'producers'],
    'group',
    w.producers.map((x) => x.group),
  );
  checkUnique(
    p,
    ['workload', 'consumers'],
    'group',
    w.consumers.map((x) => x.group),
  );
  raw.workload.producers.forEach((x, i) => {
    if (x.topic === undefined && topics.length > 1)
      p.add(
        ['workload', 'producers', i, 'topic'],
        `a topic (the cluster has ${topics.length}: ${topics.join(', ')})`,
        'nothing',
      );
    if (x.topic !== undefined)
      p.requireName(['workload', 'producers', i, 'topic'], 'a topic of the cluster', x.topic, topics);
    checkProducerWindow(p, ['workload', 'producers', i], x, durationUs);
    checkRate(p, ['workload', 'producers', i, 'rate'], x.rate);
  });
  raw.workload.consumers.forEach((x, i) =>
    (x.topics ?? []).forEach((t, j) =>
      p.requireName(['workload', 'consumers', i, 'topics', j], 'a topic of the cluster', t, topics),
    ),
  );
  const groupNames = raw.cluster.groups.map((g) => g.name);
  for (const g of clientGroups)
    if (groupNames.includes(g))
      p.add(['workload'], 'client group names distinct from broker group names (node names would clash)', `"${g}"`);
}

interface SelectorScope {
  readonly brokerGroups: readonly string[];
  readonly clientGroups: readonly string[];
  readonly nodes: readonly string[];
}

function checkSelector(p: Problems, path: FieldPath, text: string, scope: SelectorScope, asPeer: boolean): void {
  const parsed = parseSelector(text);
  if (!parsed.ok) {
    p.add(path, parsed.expected, `"${text}"`);
    return;
  }
  const s: Selector = parsed.selector;
  switch (s.kind) {
    case 'node':
      p.requireName(path, 'a node name or selector', s.name, scope.nodes);
      return;
    case 'leader-of':
    case 'master-of':
    case 'slaves-of':
    case 'brokers-of':
      p.requireName(path, `a broker group after "${s.kind}:"`, s.group, scope.brokerGroups);
      return;
    case 'clients-of':
      p.requireName(path, 'a producer or consumer group after "clients-of:"', s.group, scope.clientGroups);
      return;
    case 'random-of':
      p.requireName(path, 'a broker, producer or consumer group after "random-of:"', s.group, [
        ...scope.brokerGroups,
        ...scope.clientGroups,
      ]);
      return;
    case 'others':
      if (!asPeer) p.add(path, 'a node or selector ("others" is only meaningful in peers)', '"others"');
      return;
    case 'all':
    case 'random':
    case 'down':
      return;
  }
}

function checkAction(p: Problems, path: FieldPath, a: FaultAction, scope: SelectorScope): void {
  if (a.verb === 'heal') return;
  a.target.forEach((t, i) => checkSelector(p, [...path, 'target', i], t, scope, false));
  // Every verb whose row takes peers (partition, hold, latency, connection-reset, ...).
  if ('peers' in a && a.peers !== undefined)
    a.peers.forEach((t, i) => checkSelector(p, [...path, 'peers', i], t, scope, true));
}

function checkFaults(p: Problems, s: Scenario, scope: SelectorScope): void {
  s.faults.forEach((f, i) => {
    if (f.atUs > s.durationUs) p.add(['faults', i, 'at'], "a time within the run's duration", formatDuration(f.atUs));
    checkAction(p, ['faults', i], f.action, scope);
  });
  const c = s.chaos;
  if (c === undefined) return;
  if (c.healUs > s.durationUs)
    p.add(['chaos', 'heal'], "a heal time within the run's duration", formatDuration(c.healUs));
  if (c.startUs >= c.healUs) p.add(['chaos', 'start'], 'a start before heal', formatDuration(c.startUs));
  if (c.tickUs <= 0) p.add(['chaos', 'tick'], 'a positive tick', '0');
  c.mix.forEach((m, i) => {
    if (m.forMinUs > m.forMaxUs)
      p.add(['chaos', 'mix', i, 'for'], 'min <= max', `${formatDuration(m.forMinUs)} > ${formatDuration(m.forMaxUs)}`);
    checkAction(p, ['chaos', 'mix', i], m.action, scope);
  });
}

/** A convergence deadline after the run's end could never be judged (issue 10 row 1): bad input. */
function checkConvergenceFits(p: Problems, s: Scenario, i: number, afterUs: number, withinUs: number): void {
  if (afterUs + withinUs <= s.durationUs) return;
  const room = s.durationUs - afterUs;
  const expected =
    room > 0
      ? `a within of at most ${formatDuration(room)} (the last fault ends at ${formatTime(afterUs)}, the run at ${formatDuration(s.durationUs)})`
      : `a run that lasts past the last fault (${formatTime(afterUs)}) so convergence can be judged`;
  p.add(['expectations', i, 'within'], expected, formatDuration(withinUs));
}

function checkExpectations(p: Problems, s: Scenario): void {
  const producers = s.workload.producers.map((x) => x.group);
  const consumers = s.workload.consumers.map((x) => x.group);
  s.expectations.forEach((e, i) => {
    switch (e.check) {
      case 'availability':
      case 'send-spread':
        p.requireName(['expectations', i, 'producers'], 'a producer group', e.producers, producers);
        return;
      case 'duplicates':
        p.requireName(['expectations', i, 'consumers'], 'a consumer group', e.consumers, consumers);
        return;
      case 'at-least-once':
      case 'order':
        if (e.consumers !== undefined)
          p.requireName(['expectations', i, 'consumers'], 'a consumer group', e.consumers, consumers);
        else if (consumers.length === 0)
          p.add(['expectations', i], `a consumer group in the workload for ${e.check}`, 'no consumers');
        return;
      case 'leader-changes':
        p.requireName(
          ['expectations', i, 'group'],
          'a dledger broker group',
          e.group,
          s.cluster.groups.filter((g) => g.mode === 'dledger').map((g) => g.name),
        );
        return;
      case 'raft-safety':
        if (!s.cluster.groups.some((g) => g.mode === 'dledger'))
          p.add(['expectations', i], 'a dledger broker group for raft-safety', 'only classic groups');
        return;
      case 'convergence':
        checkConvergenceFits(p, s, i, e.afterUs, e.withinUs);
        return;
      case 'no-acked-loss':
      case 'ack-promise':
        return;
    }
  });
}

/** Every cross-field problem of a schema-valid file, in file order. */
export function crossCheck(raw: RawScenario, s: Scenario): CrossProblem[] {
  const p = new Problems();
  checkCluster(p, s.cluster);
  const topics = s.cluster.topics.map((t) => t.name);
  checkWorkload(p, raw, s.workload, topics, s.durationUs);
  const names = nodeNames(s.cluster, s.workload);
  const scope: SelectorScope = {
    brokerGroups: s.cluster.groups.map((g) => g.name),
    clientGroups: [...s.workload.producers.map((x) => x.group), ...s.workload.consumers.map((x) => x.group)],
    nodes: [...names.namesrv, ...names.broker, ...names.producer, ...names.consumer],
  };
  checkFaults(p, s, scope);
  checkExpectations(p, s);
  return p.list;
}
