// A consumer group's backlog over the run, from the client history alone: the
// acknowledged messages of its topics not yet consumed successfully, counted at
// the end of each time bucket (the run's send buckets, about 120). Memory is two
// counts per bucket, nothing per message (issue 9). A BROADCASTING group owes
// every message to each instance; a duplicate success counts as consumed again,
// so the figure may read low by the group's duplicates. mqadmin's Diff Total
// (broker offsets less committed offsets) is the broker's view of the same
// backlog at one instant; this is the clients' over time.
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

export function backlogPeak(h: History, g: BacklogGroup, bucketUs: Micros, endUs: Micros): BacklogPeak {
  const n = Math.max(1, Math.ceil(endUs / bucketUs));
  const owed = new Float64Array(n);
  const bucketOf = (t: Micros): number => Math.min(n - 1, Math.max(0, Math.floor(t / bucketUs)));
  const topics = new Set(g.topics.map((t) => h.names.peek(t)));
  const s = h.sends.col;
  for (let i = 0; i < h.sends.length; i++) {
    if (!isAcked(s.outcome.get(i)) || !topics.has(s.topic.get(i))) continue;
    const b = bucketOf(s.doneUs.get(i));
    owed[b] = (owed[b] ?? 0) + g.copies;
  }
  const gid = h.names.peek(g.group);
  const c = h.consumptions.col;
  for (let i = 0; i < h.consumptions.length; i++) {
    if (c.group.get(i) !== gid || c.result.get(i) !== ConsumeResult.OK) continue;
    const b = bucketOf(c.atUs.get(i));
    owed[b] = (owed[b] ?? 0) - 1;
  }
  let backlog = 0;
  let best: BacklogPeak = { peak: 0, atUs: 0 };
  for (let b = 0; b < n; b++) {
    backlog += owed[b] ?? 0;
    if (backlog > best.peak) best = { peak: backlog, atUs: Math.min(endUs, (b + 1) * bucketUs) };
  }
  return best;
}
