// A config swarm (the `swarm:` block of a scenario): per seed, the cluster
// configuration is drawn as well as the faults (VOPR-style swarm testing, so a
// seed sweep covers configurations nobody wrote down): NameServer count,
// broker group count, each group's mode, size (DLedger 3 or 5), master role
// and flush type, queues per topic, and client instances and rates. Drawn from
// the seed's own "swarm" stream before the cluster is built, so the draw never
// shifts another stream. Keys left out keep the file's value. The checkers
// then judge the drawn cluster: the durability judge reads each group's drawn
// flush and replication settings (model §3.3, §3.4, §4.3).
import type { RandomStream } from '../engine/index.js';
import { PREFERRED_LEADER_KEY, type BrokerGroupSpec, type RateSpec } from '../cluster/index.js';
import type { ExpectationSpec, Scenario, SwarmSpec } from './types.js';

/** The configuration one seed drew (what `run`, `--json` and reports show). */
export interface DrawnConfig {
  readonly namesrvs: number;
  readonly groups: readonly (Pick<BrokerGroupSpec, 'name' | 'mode' | 'replicas' | 'brokerRole' | 'flushDiskType'> & {
    /** The DLedger member the group prefers as leader (preferredLeaderId), when one was drawn. */
    readonly preferredLeader?: string | undefined;
  })[];
  readonly topics: readonly { readonly name: string; readonly queues: number }[];
  readonly producers: readonly {
    readonly group: string;
    readonly instances: number;
    readonly rate: number | undefined;
    /** Sends in bursts (the rate for BURST_US of every BURST_EVERY_US, idle in between) instead of steadily. */
    readonly bursts?: boolean | undefined;
    /** Avoids slow or failing brokers for a while (sendLatencyFaultEnable), when drawn. */
    readonly sendLatencyFaultEnable?: boolean | undefined;
  }[];
  readonly consumers: readonly {
    readonly group: string;
    readonly instances: number;
    readonly consumeTimeUs: number;
    /** Chance per million that a consumption fails (RECONSUME_LATER). */
    readonly failureRate: number;
  }[];
  /** Expectations of the file the draw makes meaningless, with why (left out of this seed's run). */
  readonly notApplicable: readonly string[];
}

function pick<T>(rng: RandomStream, choices: readonly T[] | undefined, keep: T): T {
  if (choices === undefined || choices.length === 0) return keep;
  return choices[rng.int(0, choices.length - 1)] ?? keep;
}

const groupName = (i: number): string =>
  `broker-${String.fromCharCode(97 + (i % 26))}${i >= 26 ? String(Math.floor(i / 26)) : ''}`;

/** DLedger's preferred leader (preferredLeaderId, §4.3) of a group, when its config names one. */
const preferredLeaderOf = (g: BrokerGroupSpec): string | undefined => {
  const id = g.config[PREFERRED_LEADER_KEY];
  return typeof id === 'string' ? id : undefined;
};

/** A DLedger group with its first member as preferred leader when the draw says so (a classic group draws nothing). */
function withPreferredLeader(
  g: BrokerGroupSpec,
  rng: RandomStream,
  choices: readonly boolean[] | undefined,
): BrokerGroupSpec {
  if (g.mode !== 'dledger' || !pick(rng, choices, false)) return g;
  return { ...g, config: { ...g.config, [PREFERRED_LEADER_KEY]: `${g.name}-0` } };
}

/**
 * Why an expectation of the file means nothing for this draw (undefined: it applies). raft-safety judges DLedger
 * groups and leader-changes one DLedger group: a draw without them leaves nothing to judge (check rejects such
 * an expectation in a plain file). A SYNC_MASTER with no slave answers SLAVE_NOT_AVAILABLE, never SEND_OK
 * (§3.4): a draw of only such groups gives ack-promise no promise to judge.
 */
function notApplicableBecause(
  e: ExpectationSpec,
  groups: readonly BrokerGroupSpec[],
  latencyFault: boolean,
): string | undefined {
  const dledger = groups.filter((g) => g.mode === 'dledger');
  if (e.check === 'raft-safety' && dledger.length === 0) return 'raft-safety (no DLedger group drawn)';
  if (e.check === 'leader-changes' && !dledger.some((g) => g.name === e.group))
    return `leader-changes(${e.group}) (${e.group} not drawn as a DLedger group)`;
  const neverSendOk = (g: BrokerGroupSpec): boolean =>
    g.mode === 'classic' && g.brokerRole === 'SYNC_MASTER' && g.replicas < 2;
  if (e.check === 'ack-promise' && groups.every(neverSendOk))
    return 'ack-promise (no drawn group answers SEND_OK: a SYNC_MASTER without a slave)';
  // One failed send isolates a group for 600 s (MQFaultStrategy): the producer may send to the group that never
  // answers SEND_OK for the rest of the run (config-swarm seed 520).
  if (e.check === 'ack-promise' && latencyFault && groups.some(neverSendOk))
    return 'ack-promise (sendLatencyFaultEnable may avoid every group but a SYNC_MASTER without a slave, which never answers SEND_OK)';
  // With two groups a producer rightly leaves one it isolated (sendLatencyFaultEnable: for up to 600 s, longer
  // than the run) or retries on the other while one recovers: the spread is skewed by design (§5.4).
  if (e.check === 'send-spread' && groups.length > 1)
    return 'send-spread (two groups drawn: a producer rightly avoids or retries past a group the faults hit)';
  return undefined;
}

/** A batch job's sending: the drawn rate for 30 s of every minute, nothing in between. */
export const BURST_EVERY_US = 60_000_000;
export const BURST_US = 30_000_000;

/** A producer that sends its constant rate in bursts, idle in between (a producer with another rate shape keeps it). */
function inBursts<P extends { readonly rate: RateSpec }>(p: P): P {
  if (p.rate.kind !== 'constant') return p;
  return {
    ...p,
    rate: {
      kind: 'bursts',
      basePerSecond: 0,
      burstPerSecond: p.rate.perSecond,
      everyUs: BURST_EVERY_US,
      forUs: BURST_US,
    },
  };
}

/** Draws a configuration for this seed and gives the scenario that runs it. Fixed draw order: the same seed draws the same. */
export function drawSwarm(
  s: Scenario,
  swarm: SwarmSpec,
  rng: RandomStream,
): { readonly scenario: Scenario; readonly drawn: DrawnConfig } {
  const c = s.cluster;
  const namesrvs = pick(rng, swarm.namesrvs, c.namesrvs);
  const count = pick(rng, swarm.groups, c.groups.length);
  const groups: BrokerGroupSpec[] = Array.from({ length: count }, (_, i) => {
    const template = c.groups[i] ?? c.groups[0];
    const base: BrokerGroupSpec = template ?? {
      name: groupName(i),
      mode: 'classic',
      replicas: 2,
      brokerRole: 'ASYNC_MASTER',
      flushDiskType: 'ASYNC_FLUSH',
      config: {},
    };
    const mode = pick(rng, swarm.mode, base.mode);
    const replicas =
      mode === 'dledger'
        ? pick(rng, swarm.replicas, base.mode === 'dledger' ? base.replicas : 3)
        : pick(rng, swarm.classicReplicas, base.mode === 'classic' ? base.replicas : 2);
    const brokerRole = pick(rng, swarm.brokerRole, base.brokerRole);
    const flushDiskType = pick(rng, swarm.flushDiskType, base.flushDiskType);
    return { ...base, name: c.groups[i]?.name ?? groupName(i), mode, replicas, brokerRole, flushDiskType };
  });
  const names = new Set(groups.map((g) => g.name));
  const topics = c.topics.map((t) => ({
    ...t,
    queues: pick(rng, swarm.queues, t.queues),
    groups: t.groups.filter((g) => names.has(g)),
  }));
  const producers = s.workload.producers.map((p) => {
    const instances = pick(rng, swarm.producerInstances, p.instances);
    const rate =
      swarm.producerRate === undefined
        ? p.rate
        : { kind: 'constant' as const, perSecond: pick(rng, swarm.producerRate, 1) };
    return { ...p, instances, rate };
  });
  const drawnInstances = s.workload.consumers.map((k) => ({
    ...k,
    instances: pick(rng, swarm.consumerInstances, k.instances),
  }));
  // Drawn after every draw above, so adding them moved none of those.
  const consumers = drawnInstances.map((k) => ({
    ...k,
    consumeTimeUs: pick(rng, swarm.consumeTime, k.consumeTimeUs),
    failureRate: pick(rng, swarm.consumerFailureRate, k.failureRate),
  }));
  // Drawn after the rest, so a file without `preferredLeader` or `producerBursts` draws what it drew before.
  const drawnGroups = groups.map((g) => withPreferredLeader(g, rng, swarm.preferredLeader));
  const bursts = pick(rng, swarm.producerBursts, false);
  const drawnProducers = bursts ? producers.map(inBursts) : producers;
  // Drawn after the rest too: a file without `sendLatencyFaultEnable` draws what it drew before.
  const latencyFault = pick(rng, swarm.sendLatencyFaultEnable, false);
  const clientConfig = latencyFault ? { ...c.clientConfig, sendLatencyFaultEnable: true } : c.clientConfig;
  const skipped = s.expectations.map((e) => notApplicableBecause(e, groups, latencyFault));

  const expectations = s.expectations.filter((_, i) => skipped[i] === undefined);
  const drawn: DrawnConfig = {
    namesrvs,
    groups: drawnGroups.map((g) => ({
      name: g.name,
      mode: g.mode,
      replicas: g.replicas,
      brokerRole: g.brokerRole,
      flushDiskType: g.flushDiskType,
      preferredLeader: preferredLeaderOf(g),
    })),
    topics: topics.map((t) => ({ name: t.name, queues: t.queues })),
    producers: producers.map((p) => ({
      group: p.group,
      instances: p.instances,
      rate: p.rate.kind === 'constant' ? p.rate.perSecond : undefined,
      ...(bursts ? { bursts } : {}),
      ...(latencyFault ? { sendLatencyFaultEnable: true } : {}),
    })),
    consumers: consumers.map((k) => ({
      group: k.group,
      instances: k.instances,
      consumeTimeUs: k.consumeTimeUs,
      failureRate: k.failureRate,
    })),
    notApplicable: skipped.filter((why) => why !== undefined),
  };
  return {
    scenario: {
      ...s,
      cluster: { ...c, namesrvs, groups: drawnGroups, topics, clientConfig },
      workload: { producers: drawnProducers, consumers },
      expectations,
    },
    drawn,
  };
}

/** One line per part: "3 NameServers; broker-a dledger x3 ASYNC_FLUSH; ...". */
export function describeDrawn(d: DrawnConfig): string {
  const groups = d.groups.map(
    (g) =>
      `${g.name} ${g.mode} x${g.replicas}${g.mode === 'classic' ? ` ${g.brokerRole}` : ''} ${g.flushDiskType}` +
      (g.preferredLeader === undefined ? '' : ` preferred leader ${g.preferredLeader}`),
  );
  const topics = d.topics.map((t) => `${t.name} ${t.queues} queues`);
  const clients = [
    ...d.producers.map(
      (p) =>
        `${p.group} ${p.instances}x${p.rate === undefined ? '' : ` ${p.rate}/s`}${p.bursts === true ? ' in 30s bursts a minute' : ''}${p.sendLatencyFaultEnable === true ? ' avoiding slow brokers (sendLatencyFaultEnable)' : ''}`,
    ),
    ...d.consumers.map(
      (k) =>
        `${k.group} ${k.instances}x ${k.consumeTimeUs / 1000}ms/msg${k.failureRate > 0 ? ` ${k.failureRate / 10_000}% fail` : ''}`,
    ),
  ];
  const skipped = d.notApplicable.length === 0 ? [] : [`not applicable: ${d.notApplicable.join(', ')}`];
  return [`${d.namesrvs} NameServer(s)`, ...groups, ...topics, ...clients, ...skipped].join('; ');
}
