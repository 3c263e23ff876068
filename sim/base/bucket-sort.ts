// Sorting rows whose order starts with a key of few values (a queue position,
// a producer's uid stream): a counting sort spreads the rows over their
// buckets, keeping their order, and each bucket's rows are then merge-sorted
// by the rest of the order, where rows written as the run went come in long
// ascending runs. Sorting all rows with one comparator instead reads the
// bucket's fields in every one of log2(rows) comparisons per row, and rows of
// interleaved buckets form no runs (issue 9: the end of a run's checkers).
// Simulator bookkeeping, not a RocketMQ structure.
import { assert } from './assert.js';
import { sortRows } from './sort-rows.js';

/** Bucket numbers index a plain array of counts: they must be small. */
const MAX_BUCKET = 0x100_0000;

/**
 * Sorts `rows` in place by bucket, in `bucketOrder`, then within each bucket by `within` (which must end
 * on the rows themselves: a total order, so any correct sort gives these rows); returns `rows`.
 * `bucketOf(row)` is a small non-negative integer; `bucketOrder` is called once the buckets are all seen.
 */
export function sortInBuckets(
  rows: Uint32Array,
  bucketOf: (row: number) => number,
  bucketOrder: (a: number, b: number) => number,
  within: (a: number, b: number) => number,
): Uint32Array {
  const n = rows.length;
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = bucketOf(rows[i] as number);
    if (!(b >>> 0 === b && b < MAX_BUCKET)) assert(false, `bucket ${b} is not a small integer`);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const present: number[] = [];
  for (let b = 0; b < counts.length; b++) if (counts[b] !== undefined) present.push(b);
  present.sort(bucketOrder);
  const next = new Array<number>(counts.length).fill(0);
  const starts: number[] = [];
  let at = 0;
  for (const b of present) {
    starts.push(at);
    next[b] = at;
    at += counts[b] as number;
  }
  const spread = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    const b = bucketOf(row);
    spread[next[b] as number] = row;
    next[b] = (next[b] as number) + 1;
  }
  rows.set(spread);
  // The spread copy is the sorts' working array: no more memory than one sort of all rows.
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] as number;
    const to = starts[k + 1] ?? n;
    sortRows(rows.subarray(from, to), within, spread.subarray(from, to));
  }
  return rows;
}
