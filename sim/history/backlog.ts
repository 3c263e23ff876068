// A consumer group's backlog over the run, from the client history alone, the
// way mqadmin counts it: per message queue, the queue's highest stored offset
// less the highest offset the group has consumed successfully there, summed over
// the queues, at the end of each time bucket (the run's send buckets, about 120).
// Counting by queue offsets, not by messages, keeps duplicates out: a message
// consumed again (a rebalance hands a queue over from its committed offset, a
// retry) moves no queue forward, where a count of successes read low by every
// duplicate (a trial saw a peak of 454 with 96k behind at the end and 95k
// duplicates). Memory is a few numbers per queue and bucket, nothing per message
// (issue 9). A BROADCASTING group owes every message to each instance, so each
// instance's progress counts on its own. mqadmin's Diff Total (broker offsets
// less committed offsets) is the broker's view at one instant, which also
// counts what was consumed but not yet committed; this is the clients' over time.
import type { Micros } from '../engine/index.js';
import { ConsumeResult, isAcked, type History } from './history.js';

export interface BacklogGroup {
  readonly group: string;
  readonly topics: readonly string[];
  /** Copies of each message the group owes: 1 (CLUSTERING), its instances (BROADCASTING). */
  readonly copies: number;
}

export interface BacklogPeak {
  /** The most messages owed at the end of a bucket. */
  readonly peak: number;
  /** The end of that bucket (the first one, on a tie). */
  readonly atUs: Micros;
}

/** Per queue and reader (an instance, or 0 for the whole group), per bucket: the highest offset seen in that bucket (-1: none), or up to it after carryForward. */
class BucketMaxima {
  readonly byQueue = new Map<number, Map<number, Float64Array>>();
  constructor(private readonly buckets: number) {}

  note(queue: number, reader: number, bucket: number, offset: number): void {
    let readers = this.byQueue.get(queue);
    if (readers === undefined) {
      readers = new Map();
      this.byQueue.set(queue, readers);
    }
    let row = readers.get(reader);
    if (row === undefined) {
      row = new Float64Array(this.buckets).fill(-1);
      readers.set(reader, row);
    }
    if (offset > (row[bucket] ?? -1)) row[bucket] = offset;
  }

  /** Makes each bucket hold the highest offset up to and including it. */
  carryForward(): void {
    for (const readers of this.byQueue.values())
      for (const row of readers.values())
        for (let b = 1; b < row.length; b++) row[b] = Math.max(row[b] ?? -1, row[b - 1] ?? -1);
  }
}

/** A message queue as one number: topic and broker name ids and queue id, 16 bits each. */
const queueKey = (topic: number, broker: number, queueId: number): number =>
  (topic * 65_536 + broker) * 65_536 + queueId;

export function backlogPeak(h: History, g: BacklogGroup, bucketUs: Micros, endUs: Micros): BacklogPeak {
  const n = Math.max(1, Math.ceil(endUs / bucketUs));
  const bucketOf = (t: Micros): number => Math.min(n - 1, Math.max(0, Math.floor(t / bucketUs)));
  const topics = new Set(g.topics.map((t) => h.names.peek(t)));
  // An acked send's offset is stored by the time its answer comes.
  const stored = new BucketMaxima(n);
  const s = h.sends.col;
  for (let i = 0; i < h.sends.length; i++) {
    if (!isAcked(s.outcome.get(i)) || !topics.has(s.topic.get(i))) continue;
    const q = queueKey(s.topic.get(i), s.broker.get(i), s.queueId.get(i));
    stored.note(q, 0, bucketOf(s.doneUs.get(i)), s.queueOffset.get(i));
  }
  // Consumed: per queue (CLUSTERING: whichever instance holds it), or per queue and instance (BROADCASTING).
  const perInstance = g.copies > 1;
  const consumed = new BucketMaxima(n);
  const gid = h.names.peek(g.group);
  const c = h.consumptions.col;
  for (let i = 0; i < h.consumptions.length; i++) {
    if (c.group.get(i) !== gid || c.result.get(i) !== ConsumeResult.OK || !topics.has(c.topic.get(i))) continue;
    const q = queueKey(c.topic.get(i), c.broker.get(i), c.queueId.get(i));
    consumed.note(q, perInstance ? c.instance.get(i) : 0, bucketOf(c.atUs.get(i)), c.queueOffset.get(i));
  }
  stored.carryForward();
  consumed.carryForward();
  let best: BacklogPeak = { peak: 0, atUs: 0 };
  for (let b = 0; b < n; b++) {
    let backlog = 0;
    for (const [q, storedRows] of stored.byQueue) {
      const storedTop = storedRows.get(0)?.[b] ?? -1;
      const readers = consumed.byQueue.get(q);
      let owed = 0;
      // A message can be consumed before its producer hears the ack: never count a queue below zero.
      for (const row of readers?.values() ?? []) owed += Math.max(0, storedTop - (row[b] ?? -1));
      // Readers that consumed nothing from this queue yet owe all of it (a BROADCASTING group: each instance).
      backlog += owed + Math.max(0, g.copies - (readers?.size ?? 0)) * (storedTop + 1);
    }
    if (backlog > best.peak) best = { peak: backlog, atUs: Math.min(endUs, (b + 1) * bucketUs) };
  }
  return best;
}
