// Maps a schema-validated file (RawScenario) onto the typed Scenario: the
// cluster builder's ClusterSpec and WorkloadSpec, and this layer's faults,
// chaos mix and expectations. Only defaults that depend on another field
// (DLedger groups default to 3 replicas, a lone topic is every producer's)
// are filled here; the schema fills the rest.
import type { Micros } from '../engine/index.js';
import type {
  ClusterSpec,
  ConsumerGroupSpec,
  KeySpec,
  ProducerGroupSpec,
  RateSpec,
  WorkloadSpec,
} from '../cluster/index.js';
import { typedOverrides, type BrokerGroupOverrides } from '../cluster/index.js';
import type { LatencyModel } from '../engine/index.js';
import type { RawCluster, RawFault, RawMixEntry, RawScenario, RawWorkload } from './schema.js';
import { toFaultAction } from './verbs.js';
import type { ChaosSpec, ExpectationSpec, FaultAction, MixEntry, Scenario, ScriptedFault } from './types.js';

/** Default one-way latency when a file gives only part of a latency model. */
const DEFAULT_MEDIAN_US = 250;
const DEFAULT_SIGMA = 0.25;

function latencyModel(l: NonNullable<RawCluster['network']>['latency']): LatencyModel {
  if (l.fixed !== undefined) return { kind: 'fixed', us: l.fixed };
  if (l.min !== undefined || l.max !== undefined) {
    const minUs = l.min ?? 0;
    return { kind: 'uniform', minUs, maxUs: l.max ?? minUs };
  }
  return { kind: 'lognormal', medianUs: l.median ?? DEFAULT_MEDIAN_US, sigma: l.sigma ?? DEFAULT_SIGMA };
}

function diskConfig(d: RawCluster['disk']): ClusterSpec['disk'] {
  if (d === undefined) return undefined;
  return {
    ...(d.capacityBytes !== undefined ? { capacityBytes: d.capacityBytes } : {}),
    ...(d.fsyncMin !== undefined ? { fsyncMinUs: d.fsyncMin } : {}),
    ...(d.fsyncMax !== undefined ? { fsyncMaxUs: d.fsyncMax } : {}),
    ...(d.tornTailProbability !== undefined ? { tornTailProbability: d.tornTailProbability } : {}),
  };
}

export function toClusterSpec(c: RawCluster): ClusterSpec {
  return {
    clusterName: c.name,
    namesrvs: c.namesrvs,
    groups: c.groups.map((g) => ({
      name: g.name,
      mode: g.mode,
      replicas: g.replicas ?? (g.mode === 'dledger' ? 3 : 1),
      brokerRole: g.brokerRole,
      flushDiskType: g.flushDiskType,
      config: typedOverrides<BrokerGroupOverrides>(g.config),
    })),
    topics: c.topics.map((t) => ({ name: t.name, queues: t.queues, groups: t.groups, order: t.order })),
    network: c.network === undefined ? undefined : { latency: latencyModel(c.network.latency) },
    disk: diskConfig(c.disk),
    startSpreadUs: c.startSpread,
    namesrvConfig: typedOverrides(c.config.namesrv),
    brokerConfig: typedOverrides<BrokerGroupOverrides>(c.config.broker),
    clientConfig: typedOverrides(c.config.client),
    raftConfig: typedOverrides(c.config.raft),
  };
}

function rateSpec(r: RawWorkload['producers'][number]['rate']): RateSpec {
  if (typeof r === 'number') return { kind: 'constant', perSecond: r };
  if ('daily' in r)
    return { kind: 'daily', minPerSecond: r.daily.min, maxPerSecond: r.daily.max, peakAtUs: r.daily.peakAt };
  if ('burst' in r)
    return { kind: 'bursts', basePerSecond: r.base, burstPerSecond: r.burst, everyUs: r.every, forUs: r.for };
  return { kind: 'ramp', fromPerSecond: r.from, toPerSecond: r.to, overUs: r.over };
}

function keySpec(k: RawWorkload['producers'][number]['keys']): KeySpec {
  if (k === 'none') return { kind: 'none' };
  if (typeof k === 'number') return { kind: 'uniform', count: k };
  return { kind: 'hot', count: k.count, hotKeys: k.hotKeys, hotRatio: k.hotRatio };
}

export function toWorkloadSpec(w: RawWorkload, topics: readonly string[]): WorkloadSpec {
  const onlyTopic = topics.length === 1 ? topics[0] : undefined;
  const producers = w.producers.map((p): ProducerGroupSpec => ({
    group: p.group,
    // A missing topic with several topics is reported by cross-checks; "" never reaches a run.
    topic: p.topic ?? onlyTopic ?? '',
    instances: p.instances,
    rate: rateSpec(p.rate),
    messageBytes: p.messageBytes,
    keys: keySpec(p.keys),
    mode: p.mode,
    ordered: p.ordered,
    startUs: p.start,
    stopUs: p.stop,
    maxInFlight: p.maxInFlight,
  }));
  const consumers = w.consumers.map((c): ConsumerGroupSpec => ({
    group: c.group,
    topics: c.topics ?? topics,
    instances: c.instances,
    model: c.model,
    consumeFromWhere: c.consumeFrom,
    consumeTimeUs: c.consumeTime,
    consumeThreads: c.threads,
    failureRate: c.failureRate,
    orderly: c.orderly,
    startUs: c.start,
  }));
  return { producers, consumers };
}

/** The action part of a scripted fault or mix entry (everything but timing), by its verb's row. */
export function toAction(f: RawFault | RawMixEntry): FaultAction {
  return toFaultAction(f);
}

function toMixEntry(m: RawMixEntry): MixEntry {
  const range: { min: Micros; max: Micros } = typeof m.for === 'number' ? { min: m.for, max: m.for } : m.for;
  return { action: toAction(m), chance: m.chance, forMinUs: range.min, forMaxUs: range.max };
}

function toChaos(c: RawScenario['chaos']): ChaosSpec | undefined {
  if (c === undefined) return undefined;
  return {
    startUs: c.start,
    healUs: c.heal,
    tickUs: c.tick,
    minStableUs: c.minStable,
    maxActive: c.maxActive,
    mix: c.mix.map(toMixEntry),
  };
}

/** When the last fault is over: the latest scripted fault (plus its duration) or the chaos heal time. */
function lastFaultEndUs(faults: readonly ScriptedFault[], chaos: ChaosSpec | undefined): Micros {
  let end = chaos?.healUs ?? 0;
  for (const f of faults) end = Math.max(end, f.atUs + (f.forUs ?? 0));
  return end;
}

function toExpectation(e: RawScenario['expectations'][number], afterUs: Micros): ExpectationSpec {
  switch (e.check) {
    case 'availability':
      return {
        check: e.check,
        expect: e.expect,
        producers: e.producers,
        minRatio: e.minRatio,
        maxOutageUs: e.maxOutage,
        accept: e.accept,
        followFaults: e.followFaults,
      };
    case 'at-least-once':
      return {
        check: e.check,
        expect: e.expect,
        consumers: e.consumers,
        allowDlq: e.allowDlq,
        allowRetrying: e.allowRetrying,
      };
    case 'duplicates':
      return { check: e.check, expect: e.expect, consumers: e.consumers, max: e.max, followFaults: e.followFaults };
    case 'order':
      return { check: e.check, expect: e.expect, consumers: e.consumers };
    case 'leader-changes':
      return { check: e.check, expect: e.expect, group: e.group, max: e.max, followFaults: e.followFaults };
    case 'send-spread':
      return { check: e.check, expect: e.expect, producers: e.producers, fromUs: e.from, minShare: e.minShare };
    case 'convergence':
      return { check: e.check, expect: e.expect, withinUs: e.within, afterUs };
    case 'no-acked-loss':
    case 'raft-safety':
    case 'ack-promise':
      return { check: e.check, expect: e.expect };
  }
}

export function toScenario(raw: RawScenario, file: string): Scenario {
  const faults = raw.faults.map((f): ScriptedFault => ({ atUs: f.at, action: toAction(f), forUs: f.for }));
  const chaos = toChaos(raw.chaos);
  const afterUs = lastFaultEndUs(faults, chaos);
  return {
    file,
    name: raw.name,
    description: raw.description.trim(),
    seed: raw.seed,
    durationUs: raw.duration,
    cluster: toClusterSpec(raw.cluster),
    workload: toWorkloadSpec(
      raw.workload,
      raw.cluster.topics.map((t) => t.name),
    ),
    faults: [...faults].sort((a, b) => a.atUs - b.atUs),
    chaos,
    expectations: raw.expectations.map((e) => toExpectation(e, afterUs)),
    ...(raw.swarm !== undefined ? { swarm: raw.swarm } : {}),
  };
}
