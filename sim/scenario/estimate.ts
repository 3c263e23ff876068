// What a scenario will cost before it runs (issue 10 row 14): `rmqsim check`
// warns when a file declares a run of hundreds of millions of events or
// gigabytes of memory (`duration: 1000000h`, `rate: 100000000`, 10,008
// brokers), which would otherwise run for hours with no output; `run` and
// `sweep` print the same warning before they start. The figures are measured,
// not derived; re-measure them with `npm run bench` when the simulator's
// event model or memory layout changes.
import { nodeNames, type RateSpec } from '../cluster/index.js';
import type { Scenario } from './types.js';

/**
 * Events per message sent and consumed (send, store, replicate, flush, pull, ack), idle events included:
 * docs/performance.md measures 10.04-10.06 on bench/cases/reference-hour.yaml (3.58M messages, with the
 * flagship's faults), 8.40-8.72 on seedsDay (5.0M) and 8.87 on headline100k (12.0M). The largest,
 * rounded up, so the estimate stays above what a run does.
 */
export const EVENTS_PER_MESSAGE = 11;
/**
 * Peak resident memory per message (what runs out, not what is retained: retained is 118-131 B/msg).
 * docs/performance.md's peak RSS: referenceHour 686 MiB for 3.58M messages (201 B/msg), seedsDay
 * 785 MiB for 5.0M (165), headline100k 1,801 MiB for 12.0M (157). Node's own ~60 MiB is in each peak,
 * so the figure falls as runs grow; the largest, rounded up, stays above every measured peak.
 */
export const BYTES_PER_MESSAGE = 205;
/** Events per simulated second with no traffic (heartbeats, route polls, scans, flush timers): 24.6 on a 6-hour slice of bench/cases/idle-day.yaml, production-ha's layout. */
export const IDLE_EVENTS_PER_SECOND_REFERENCE = 25;
/** The nodes of that reference layout (production-ha: 3 NameServers, 2 DLedger groups of 3, 2 producers, 2 consumers); idle cost scales with nodes. */
export const REFERENCE_NODES = 13;
/** Above these, `check`, `run` and `sweep` warn. */
export const WARN_EVENTS = 100_000_000;
export const WARN_BYTES = 2 * 1024 ** 3;

export interface LoadEstimate {
  readonly messages: number;
  readonly events: number;
  readonly bytes: number;
  readonly nodes: number;
}

/** The highest rate a rate shape offers, per instance. */
export function peakRate(r: RateSpec): number {
  return Math.max(
    0,
    ...Object.entries(r)
      .filter(([k]) => /persecond$/i.test(k))
      .map(([, v]) => (typeof v === 'number' ? v : 0)),
  );
}

export function estimateLoad(s: Scenario): LoadEstimate {
  const names = nodeNames(s.cluster, s.workload);
  const nodes = Object.values(names).reduce((n, list) => n + list.length, 0);
  const seconds = s.durationUs / 1e6;
  const messages = s.workload.producers.reduce((sum, p) => {
    const activeUs = Math.max(0, Math.min(p.stopUs ?? s.durationUs, s.durationUs) - p.startUs);
    return sum + p.instances * peakRate(p.rate) * (activeUs / 1e6);
  }, 0);
  const idle = (IDLE_EVENTS_PER_SECOND_REFERENCE / REFERENCE_NODES) * nodes * seconds;
  return { messages, events: EVENTS_PER_MESSAGE * messages + idle, bytes: BYTES_PER_MESSAGE * messages, nodes };
}

/** 3 significant digits with thousands separators, never an exponent (6,840,000,000,000). */
const count = (n: number): string => n.toLocaleString('en-US', { maximumSignificantDigits: 3 });
const size = (b: number): string => (b >= 1024 ** 3 ? `${count(b / 1024 ** 3)} GiB` : `${count(b / 1024 ** 2)} MiB`);

/** A warning when the estimate is past WARN_EVENTS or WARN_BYTES, else undefined. */
export function loadWarning(e: LoadEstimate): string | undefined {
  if (e.events <= WARN_EVENTS && e.bytes <= WARN_BYTES) return undefined;
  return (
    `a large run: about ${count(e.events)} events and ${size(e.bytes)} of memory (${count(e.messages)} messages, ${e.nodes.toLocaleString('en-US')} nodes; ` +
    `estimated at ${EVENTS_PER_MESSAGE} events and ${BYTES_PER_MESSAGE} B of peak memory per message, ${IDLE_EVENTS_PER_SECOND_REFERENCE} idle events/s per ${REFERENCE_NODES} nodes)`
  );
}
