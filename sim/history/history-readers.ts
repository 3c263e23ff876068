// Read-side views of a History for reports and checkers: sends per time
// bucket by outcome, latency percentiles of acknowledged sends, consumptions
// per group. Pure functions over the columns; nothing here mutates a history.
import type { Micros } from '../engine/index.js';
import { isAcked, isSettled, SendOutcome, type History } from './history.js';
import { outcomeName, type SendStatus } from '../protocol/index.js';

export interface SendBucket {
  readonly startUs: Micros;
  readonly acked: number;
  readonly failed: number;
  readonly unknown: number;
}

/** Sends per bucket of `bucketUs` by the time they completed; `group` filters by producer group. */
export function sendsPerBucket(h: History, bucketUs: Micros, endUs: Micros, group?: string): SendBucket[] {
  const n = Math.max(1, Math.ceil(endUs / bucketUs));
  const acked = new Float64Array(n);
  const failed = new Float64Array(n);
  const unknown = new Float64Array(n);
  const g = group === undefined ? -1 : h.names.peek(group);
  const c = h.sends.col;
  for (let i = 0; i < h.sends.length; i++) {
    if (g >= 0 && c.group.get(i) !== g) continue;
    const o = c.outcome.get(i);
    if (!isSettled(o)) continue;
    const b = Math.min(n - 1, Math.floor(c.doneUs.get(i) / bucketUs));
    const into = isAcked(o) ? acked : o === SendOutcome.FAILED ? failed : unknown;
    into[b] = (into[b] ?? 0) + 1;
  }
  const out: SendBucket[] = [];
  for (let b = 0; b < n; b++)
    out.push({ startUs: b * bucketUs, acked: acked[b] ?? 0, failed: failed[b] ?? 0, unknown: unknown[b] ?? 0 });
  return out;
}

/** Latency percentiles (µs) of acknowledged sends, e.g. [50, 99, 99.9]. */
export function sendLatencyPercentiles(h: History, percentiles: readonly number[]): number[] {
  const c = h.sends.col;
  const lat = new Float64Array(h.sends.length);
  let n = 0;
  for (let i = 0; i < h.sends.length; i++)
    if (isAcked(c.outcome.get(i))) lat[n++] = c.doneUs.get(i) - c.invokeUs.get(i);
  const sorted = lat.subarray(0, n).sort();
  return percentiles.map((p) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.floor((p / 100) * n))] as number)));
}

/** Consumption counts per consumer group. */
export function consumptionsPerGroup(
  h: History,
): { readonly group: string; readonly total: number; readonly failed: number }[] {
  const total = new Map<number, number>();
  const failed = new Map<number, number>();
  const c = h.consumptions.col;
  for (let i = 0; i < h.consumptions.length; i++) {
    const g = c.group.get(i);
    total.set(g, (total.get(g) ?? 0) + 1);
    if (c.result.get(i) !== 1) failed.set(g, (failed.get(g) ?? 0) + 1);
  }
  return [...total.keys()]
    .sort((a, b) => a - b)
    .map((g) => ({ group: h.names.nameOf(g), total: total.get(g) ?? 0, failed: failed.get(g) ?? 0 }));
}

/** One acknowledged send, as the durability and at-least-once checkers judge it. */
export interface AckedSend {
  readonly uid: number;
  readonly brokerName: string;
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly status: SendStatus;
  /** When the producer had the answer. */
  readonly atUs: Micros;
  /** When the send was invoked: the broker stored and answered it in between (undefined: unknown). */
  readonly sentUs?: Micros | undefined;
}

const ackStatus = (o: number): SendStatus => {
  const n = outcomeName(o);
  return n === 'FLUSH_DISK_TIMEOUT' || n === 'FLUSH_SLAVE_TIMEOUT' || n === 'SLAVE_NOT_AVAILABLE' ? n : 'SEND_OK';
};

/** Row `i` of the send table as an acknowledged send; the caller has checked `isAcked(outcome)`. */
export function ackedSendAt(h: History, i: number): AckedSend {
  const c = h.sends.col;
  const o = c.outcome.get(i);
  return {
    uid: c.uid.get(i),
    brokerName: h.names.nameOf(c.broker.get(i)),
    topic: h.names.nameOf(c.topic.get(i)),
    queueId: c.queueId.get(i),
    queueOffset: c.queueOffset.get(i),
    status: ackStatus(o),
    atUs: c.doneUs.get(i),
    sentUs: c.invokeUs.get(i),
  };
}

/** Calls `fn` for every acknowledged send, in invocation order (feeds the durability checker after a run). */
export function forEachAckedSend(h: History, fn: (a: AckedSend) => void): void {
  const c = h.sends.col;
  for (let i = 0; i < h.sends.length; i++) {
    if (isAcked(c.outcome.get(i))) fn(ackedSendAt(h, i));
  }
}
