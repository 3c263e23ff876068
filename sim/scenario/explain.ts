// `rmqsim explain`: a scenario told in plain words before it runs: the
// deployment, the workload, each fault with its targets in words, the random
// mix, and what must hold. Pure: returns lines of text.
import { formatDuration, percentText, type Micros } from '../engine/index.js';
import {
  CHOICES,
  applyOverrides,
  type BrokerGroupSpec,
  type ClusterSpec,
  type ConsumerGroupSpec,
  type ProducerGroupSpec,
} from '../cluster/index.js';
import { CANDIDACY_BOUND_US, DEFAULT_ROUTE_CONVERGENCE } from '../check/index.js';
import { DEFAULT_CLIENT_CONFIG } from '../client/index.js';
import { DEFAULT_RAFT_CONFIG, electionTimeoutUs } from '../raft/index.js';
import { formatSpan, list } from './plain-words.js';
import { FAULT_VERBS } from './verbs.js';
import type { ChaosSpec, ExpectationSpec, FaultAction, Scenario } from './types.js';

const at = (us: Micros): string => (us === 0 ? 'at the start' : `at ${formatSpan(us)}`);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function group(g: BrokerGroupSpec): string {
  if (g.mode === 'dledger') {
    return `${g.name}: a DLedger (Raft) group of ${g.replicas} brokers (${g.name}-0..${g.replicas - 1}) that elects its master; ${g.flushDiskType}`;
  }
  const slaves = g.replicas - 1;
  const ha = slaves === 0 ? 'no slave' : `${plural(slaves, 'slave')} (no automatic failover)`;
  return `${g.name}: a classic ${g.brokerRole} master ${g.name}-0 with ${ha}; ${g.flushDiskType}`;
}

function rateText(r: ProducerGroupSpec['rate']): string {
  switch (r.kind) {
    case 'constant':
      return `${r.perSecond} msg/s each`;
    case 'ramp':
      return `${r.fromPerSecond} to ${r.toPerSecond} msg/s each over ${formatSpan(r.overUs)}`;
    case 'daily':
      return `a daily curve of ${r.minPerSecond} to ${r.maxPerSecond} msg/s each, highest ${formatSpan(r.peakAtUs)} after the start`;
    case 'bursts':
      return `${r.basePerSecond} msg/s each, ${r.burstPerSecond} msg/s for the last ${formatSpan(r.forUs)} of every ${formatSpan(r.everyUs)}`;
  }
}

function producer(p: ProducerGroupSpec): string {
  const rate = `${rateText(p.rate)}${p.maxInFlight !== undefined ? `, at most ${p.maxInFlight} in flight per instance` : ''}`;
  const window =
    p.stopUs === undefined
      ? p.startUs === 0
        ? ''
        : ` from ${formatSpan(p.startUs)}`
      : ` from ${formatSpan(p.startUs)} to ${formatSpan(p.stopUs)}`;
  return `${p.group}: ${plural(p.instances, 'instance')} sending ${p.mode}${p.ordered ? ' ordered' : ''} ${p.messageBytes}-byte messages to ${p.topic}, ${rate}${window}`;
}

/** `threadMax`: the scenario's ClientConfig.consumeThreadMax, the pool of a group that names no `threads`. */
function consumer(c: ConsumerGroupSpec, threadMax: number): string {
  const fail = c.failureRate > 0 ? `, failing ${percentText(c.failureRate)} of consumptions` : '';
  const pool = `${formatSpan(c.consumeTimeUs)} per message on ${plural(c.consumeThreads ?? threadMax, 'consume thread')} each`;
  return `${c.group}: ${plural(c.instances, 'instance')} consuming ${list([...c.topics])} (${c.model}${c.orderly ? ', orderly' : ''}${fail}), ${pool}`;
}

/** The consume pool of a group without `threads` (ClientConfig.consumeThreadMax, 20 unless the scenario overrides it). */
function consumeThreadMaxOf(cluster: ClusterSpec): number {
  const r = applyOverrides(DEFAULT_CLIENT_CONFIG, cluster.clientConfig, CHOICES);
  return (r.ok ? r.value : DEFAULT_CLIENT_CONFIG).consumeThreadMax;
}

/** One fault action in plain words (the verb table's `explain` row). */
export function describeAction(a: FaultAction): string {
  return FAULT_VERBS[a.verb].explain(a);
}

export { formatSpan };

function chaosLines(c: ChaosSpec): string[] {
  const head =
    `From ${formatSpan(c.startUs)} to ${formatSpan(c.healUs)}, every ${formatSpan(c.tickUs)} a random fault may strike ` +
    `(at most ${c.maxActive} at a time, at least ${formatSpan(c.minStableUs)} apart); at ${formatSpan(c.healUs)} everything heals:`;
  const mix = c.mix.map((m) => {
    const dur =
      m.forMinUs === m.forMaxUs ? formatSpan(m.forMinUs) : `${formatSpan(m.forMinUs)}-${formatSpan(m.forMaxUs)}`;
    return `  - ${percentText(m.chance)} per tick: ${describeAction(m.action)}, for ${dur}`;
  });
  return [head, ...mix];
}

/** A DLedger follower's heartbeat timeout with the scenario's Raft overrides (maxHeartBeatLeak x heartBeatTimeIntervalMs). */
export function heartbeatTimeoutOf(cluster: ClusterSpec): Micros {
  const r = applyOverrides(DEFAULT_RAFT_CONFIG, cluster.raftConfig, CHOICES);
  return electionTimeoutUs(r.ok ? r.value : DEFAULT_RAFT_CONFIG);
}

/** What one expectation demands; `heartbeatTimeoutUs` from heartbeatTimeoutOf (the defaults' 6 s otherwise). */
export function describeExpectation(
  e: ExpectationSpec,
  heartbeatTimeoutUs: Micros = electionTimeoutUs(DEFAULT_RAFT_CONFIG),
): string {
  const breaks = e.expect === 'break' ? ' (the story expects this to BREAK)' : '';
  switch (e.check) {
    case 'availability': {
      const outage =
        e.maxOutageUs === undefined ? '' : ` and never go more than ${formatSpan(e.maxOutageUs)} without one`;
      const follow = e.followFaults
        ? ', counted only while the faults leave what the configuration needs (a master or quorum per group, a route)'
        : '';
      return `${e.producers} must get at least ${(e.minRatio * 100).toFixed(1)}% of its sends answered ${e.accept.join(' or ')}${outage} while it sends${follow}${breaks}`;
    }
    case 'no-acked-loss':
      return `no acknowledged message may be lost (where the configuration promises durability)${breaks}`;
    case 'at-least-once': {
      const dlq =
        (e.allowDlq ? ' (or moved to its DLQ after exhausting its retries)' : '') +
        (e.allowRetrying ? ' (or still waiting for a retry due too late to judge)' : '');
      return `every acknowledged message must be consumed successfully at least once by ${e.consumers ?? 'every consumer group'}${dlq}${breaks}`;
    }
    case 'duplicates': {
      const follow = e.followFaults
        ? ' not explained by a fault, a master change or an instance joining (a message first consumed near one may come again)'
        : ' (retries, rebalances, offset rollbacks)';
      return `${e.consumers} may consume at most ${e.max} duplicate(s)${follow}${breaks}`;
    }
    case 'leader-changes': {
      // clock-jump-candidacy.ts: DLedger times a follower's heartbeat on the wall clock (maintainAsFollower).
      const follow = e.followFaults
        ? `, not counting those an injected fault explains; a forward clock jump past a follower's heartbeat timeout (maxHeartBeatLeak x heartBeatTimeIntervalMs, ${formatSpan(heartbeatTimeoutUs)}) must make it candidate within ${formatSpan(CANDIDACY_BOUND_US)}`
        : '';
      return `${e.group} may elect a leader at most ${e.max} time(s), the first election included${follow}${breaks}`;
    }
    case 'send-spread':
      return `every queue ${e.producers} writes to must take at least ${e.minShare} of an even share of its acked sends after ${formatDuration(e.fromUs)}${breaks}`;
    case 'order':
      return `messages must be consumed in queue order by ${e.consumers ?? 'every consumer group'}${breaks}`;
    case 'ack-promise':
      return `every SEND_OK must be true when given: a SYNC_MASTER's slave, a DLedger quorum, or the disk (SYNC_FLUSH) already holds the message${breaks}`;
    case 'raft-safety':
      return `Raft safety must hold: one leader per term, matching logs, committed entries never lost${breaks}`;
    case 'convergence':
      // raft-liveness.ts (raft.straggler) and killed-broker-removal.ts (judged while the faults are on too).
      return `within ${formatSpan(e.withinUs)} after the last fault (${formatSpan(e.afterUs)}), the cluster must converge: one master per group, every live broker registered on every live NameServer, every live DLedger member following its leader again; and at any time a NameServer that saw a killed broker's channel close must drop it within ${formatSpan(DEFAULT_ROUTE_CONVERGENCE.slackUs)}${breaks}`;
  }
}

export function explainScenario(s: Scenario): string[] {
  const c = s.cluster;
  const lines = [
    `${s.name} (${s.file}): ${s.description}`,
    '',
    `The run lasts ${formatSpan(s.durationUs)} of simulated time, seed ${s.seed}.`,
    '',
  ];
  lines.push(
    `The cluster "${c.clusterName}": ${plural(c.namesrvs, 'NameServer')} (${c.namesrvs === 1 ? 'ns-1' : `ns-1..ns-${c.namesrvs}`}), each holding the full route;`,
  );
  for (const g of c.groups) lines.push(`  - ${group(g)}`);
  for (const t of c.topics)
    lines.push(
      `  - topic ${t.name}: ${t.queues} queues on ${t.groups.length === 0 ? 'every group' : list([...t.groups])}${t.order ? ' (ordered)' : ''}`,
    );
  lines.push('', 'The workload:');
  for (const p of s.workload.producers) lines.push(`  - ${producer(p)}`);
  const threadMax = consumeThreadMaxOf(c);
  for (const x of s.workload.consumers) lines.push(`  - ${consumer(x, threadMax)}`);
  if (s.workload.producers.length + s.workload.consumers.length === 0) lines.push('  - none');
  lines.push('', 'What happens:');
  if (s.faults.length === 0 && s.chaos === undefined) lines.push('  - nothing goes wrong');
  for (const f of s.faults)
    lines.push(
      `  - ${at(f.atUs)}, ${describeAction(f.action)}${f.forUs === undefined ? '' : `, undone after ${formatSpan(f.forUs)}`}`,
    );
  if (s.chaos !== undefined) lines.push(...chaosLines(s.chaos).map((l) => `  ${l}`));
  lines.push('', 'What must hold:');
  const heartbeatUs = heartbeatTimeoutOf(c);
  for (const e of s.expectations) lines.push(`  - ${describeExpectation(e, heartbeatUs)}`);
  return lines;
}

/** The story a scenario file opens with: its leading comment block, without the "# " marks. */
export function storyOf(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return lines;
}
