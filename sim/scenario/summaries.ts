// Summaries of a run's client history for reports: sends per time bucket by
// outcome (from sim/check's readers) with each bucket's latency percentiles,
// and the run's overall latency percentiles. About 120 buckets per run keeps
// charts readable whatever the duration.
import { isAcked, SEND_OUTCOMES, SendOutcome } from '../history/index.js';
import { FINISHED_SEND_OUTCOMES, type FinishedSendOutcome } from '../protocol/index.js';
import type { ProducerGroupSpec } from '../cluster/index.js';
import { sendsPerBucket } from '../history/index.js';
import type { History } from '../history/index.js';
import { ms, sec, type Micros } from '../engine/index.js';
import type { GroupSends, SendBucketSummary, SendSeries } from './result.js';

const PERCENTILES = [50, 90, 99, 99.9] as const;
const NICE_BUCKETS_US: readonly Micros[] = [
  ms(100),
  ms(250),
  ms(500),
  sec(1),
  sec(2),
  sec(5),
  sec(10),
  sec(30),
  sec(60),
];

/** The smallest "nice" bucket giving at most ~120 buckets over the run. */
export function bucketFor(durationUs: Micros): Micros {
  for (const b of NICE_BUCKETS_US) if (durationUs / b <= 120) return b;
  return Math.ceil(durationUs / 120);
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Per-bucket p50 and p99 of acknowledged send latency, by completion time, and the run's
 * percentiles. The latencies are laid out bucket after bucket in one typed array (a count per
 * bucket first), each bucket's part sorted in place, then the whole array for the run's
 * percentiles: 8 bytes a send once, where a growing list per bucket held every latency in JS
 * arrays (their spare capacity and the copies of their growth on top) and the run's percentiles
 * a second copy, at the end of the run, where they set seedsDay's peak RSS (issue 9).
 */
function latencies(h: History, bucketUs: Micros, buckets: number): { p50: number[]; p99: number[]; run: number[] } {
  const c = h.sends.col;
  const n = Math.max(1, buckets);
  const bucketOf = (i: number): number => Math.min(n - 1, Math.floor(c.doneUs.get(i) / bucketUs));
  const starts = new Uint32Array(n + 1);
  for (let i = 0; i < h.sends.length; i++) {
    if (!isAcked(c.outcome.get(i))) continue;
    const b = bucketOf(i) + 1;
    starts[b] = (starts[b] as number) + 1;
  }
  for (let b = 0; b < n; b++) starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
  const lat = new Float64Array(starts[n] as number);
  const next = starts.slice(0, n);
  for (let i = 0; i < h.sends.length; i++) {
    if (!isAcked(c.outcome.get(i))) continue;
    const b = bucketOf(i);
    const at = next[b] as number;
    lat[at] = c.doneUs.get(i) - c.invokeUs.get(i);
    next[b] = at + 1;
  }
  const p50: number[] = [];
  const p99: number[] = [];
  for (let b = 0; b < n; b++) {
    const sorted = lat.subarray(starts[b], starts[b + 1]).sort();
    p50.push(percentileOf(sorted, 50));
    p99.push(percentileOf(sorted, 99));
  }
  lat.sort();
  return { p50, p99, run: PERCENTILES.map((p) => percentileOf(lat, p)) };
}

/** Outcomes per producer group, its offered rate over its active window and its achieved rate over the acks' span. */
function groupSends(h: History, producers: readonly ProducerGroupSpec[], endUs: Micros): GroupSends[] {
  const c = h.sends.col;
  return producers.map((p): GroupSends => {
    const g = h.names.peek(p.group);
    const byCode = new Array<number>(SEND_OUTCOMES.length).fill(0);
    let offered = 0;
    let lastAckUs = -1;
    for (let i = 0; i < h.sends.length; i++) {
      if (c.group.get(i) !== g) continue;
      offered++;
      const o = c.outcome.get(i);
      byCode[o] = (byCode[o] ?? 0) + 1;
      if (isAcked(o)) lastAckUs = Math.max(lastAckUs, c.doneUs.get(i));
    }
    const count = (code: number): number => byCode[code] ?? 0;
    const acked = byCode.reduce((sum, n, code) => (isAcked(code) ? sum + n : sum), 0);
    const statuses = Object.fromEntries(
      FINISHED_SEND_OUTCOMES.map((name) => [name, count(SendOutcome[name])]),
    ) as Record<FinishedSendOutcome, number>;
    const sendingToUs = Math.min(endUs, p.stopUs ?? endUs);
    // Achieved over the time the acks took, not the time they were offered in: a client that cannot keep up
    // (maxInFlight permits all taken, sends waiting) still acks every message, but after its window.
    const ackedToUs = Math.max(sendingToUs, lastAckUs);
    const perSecond = (n: number, toUs: Micros): number =>
      Math.round((n * 10 * sec(1)) / Math.max(1, toUs - p.startUs)) / 10;
    return {
      group: p.group,
      acked,
      failed: count(SendOutcome.FAILED),
      unknown: count(SendOutcome.UNKNOWN),
      offered,
      statuses,
      pending: count(SendOutcome.PENDING),
      offeredPerSecond: perSecond(offered, sendingToUs),
      ackedPerSecond: perSecond(acked, ackedToUs),
      sendingFromUs: p.startUs,
      sendingToUs,
      ...(lastAckUs < 0 ? {} : { lastAckUs }),
    };
  });
}

export function summarizeSends(h: History, producers: readonly ProducerGroupSpec[], endUs: Micros): SendSeries {
  const bucketUs = bucketFor(endUs);
  const counts = sendsPerBucket(h, bucketUs, endUs);
  const lat = latencies(h, bucketUs, counts.length);
  const buckets = counts.map((b, i): SendBucketSummary => ({
    startUs: b.startUs,
    acked: b.acked,
    failed: b.failed,
    unknown: b.unknown,
    p50Us: lat.p50[i] ?? 0,
    p99Us: lat.p99[i] ?? 0,
  }));
  return {
    groups: groupSends(h, producers, endUs),
    bucketUs,
    buckets,
    percentiles: PERCENTILES.map((p, i) => ({ p, us: lat.run[i] ?? 0 })),
  };
}
