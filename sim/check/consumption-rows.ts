// Shared reads of one consumer group's consumptions, for the at-least-once and
// duplicates checkers: the group's rows sorted by (uid, time), and duplicate
// successful consumptions attributed by cause. Works on the history's columns;
// keeps no per-message objects.
import { sortInBuckets } from '../base/index.js';
import { ConsumeResult, type History } from '../history/index.js';
import { phrase, say, type Phrase } from '../i18n/index.js';

export type DuplicateCause = 'retry' | 'other-instance' | 'offset-rollback';
export const DUPLICATE_CAUSES: readonly DuplicateCause[] = ['retry', 'other-instance', 'offset-rollback'];

export interface DuplicateCount {
  readonly total: number;
  readonly by: Readonly<Record<DuplicateCause, number>>;
  /** Duplicates left out of `total` and `by` because a fault explains them (duplicate-windows.ts). */
  readonly excused: number;
}

/** Row indexes of one group's consumptions (interned group id), sorted by (uid, time). */
export function groupRows(h: History, gid: number): Uint32Array {
  const c = h.consumptions.col;
  const n = h.consumptions.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (c.group.get(i) === gid) count++;
  const rows = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (c.group.get(i) === gid) rows[k++] = i;
  // Rows are not in time order across instances: a consumer records its completions when it next
  // runs (ConsumeService), each at its own instant. By uid is by the uid's stream (a producer's start,
  // whose uids are one block), then its count: the producers' interleaved rows are spread by stream
  // first, and within one the rows come nearly in order (NB: every consumption of the run).
  const u = c.uid;
  return sortInBuckets(
    rows,
    (row) => c.uidStream.get(row),
    (s, t) => u.streamHigh(s) - u.streamHigh(t),
    (a, b) => u.countAt(a) - u.countAt(b) || c.atUs.get(a) - c.atUs.get(b) || a - b,
  );
}

/**
 * Successful consumptions after a message's first successful one, attributed:
 * redelivered through the retry topic, taken over by another instance
 * (rebalance or crash), or consumed again by the same instance (its offset
 * rolled back, e.g. a failover to a slave with older offsets) (docs/model.md §5).
 * `explained(firstRow, row)` leaves out the duplicates something explains (duplicates.ts).
 */
export function countDuplicates(
  h: History,
  rows: Uint32Array,
  explained?: (firstRow: number, row: number) => boolean,
): DuplicateCount {
  const c = h.consumptions.col;
  const by: Record<DuplicateCause, number> = { retry: 0, 'other-instance': 0, 'offset-rollback': 0 };
  let total = 0;
  let excused = 0;
  let firstOk = -1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    const prevRow = i > 0 ? (rows[i - 1] as number) : -1;
    if (prevRow < 0 || c.uid.get(prevRow) !== c.uid.get(r)) firstOk = -1;
    if (c.result.get(r) !== ConsumeResult.OK) continue;
    if (firstOk < 0) {
      firstOk = r;
      continue;
    }
    if (explained?.(firstOk, r) === true) {
      excused++;
      continue;
    }
    total++;
    if (c.attempt.get(r) > 0 && c.topic.get(r) !== c.topic.get(firstOk)) by.retry++;
    else if (c.instance.get(r) !== c.instance.get(firstOk)) by['other-instance']++;
    else by['offset-rollback']++;
  }
  return { total, by, excused };
}

/** The duplicates by cause, as a phrase ("retry 2, other instance 0, offset rollback 1"). */
export const duplicateCauses = (d: DuplicateCount): Phrase =>
  phrase('dup.causes', { retry: d.by.retry, other: d.by['other-instance'], rollback: d.by['offset-rollback'] });

export const describeDuplicates = (d: DuplicateCount): string => say('en', duplicateCauses(d));

/** The violation of a duplicates bound (at-least-once's maxDuplicates, the duplicates check's max). */
export const duplicatesOver = (group: string, d: DuplicateCount, max: number): Phrase =>
  phrase('dup.over', { group, total: d.total, max, causes: duplicateCauses(d) });
