// Rows of the client history put in queue-position order: by broker, topic,
// queue id, queue offset, then a tie-break. A run has a few hundred queue
// positions (broker, topic, queue) and millions of rows, and the rows of one
// position were written as the run went, so their offsets come nearly in
// order. Sorting all rows with one comparator cost a log2(rows)-deep merge
// sort reading four columns per comparison (issue 9: ~10% of the reference
// hour's CPU at its end). Here a counting sort spreads the rows over their
// positions, keeping their order, and each position's rows are then sorted by
// offset and tie-break, where the merge sort finds most runs already in order.
// The order is the one comparator's: a total order (the tie-break ends on the
// row), so any correct sort gives the same rows.
// Simulator bookkeeping, not a RocketMQ structure.
import { assert, sortRows } from '../base/index.js';
import type { ColumnReader } from '../history/index.js';

/** The columns that name a row's queue position. */
export interface PositionColumns {
  readonly broker: ColumnReader;
  readonly topic: ColumnReader;
  readonly queueId: ColumnReader;
}

/** History ids and queue ids are 16-bit (history.ts), so a position is an exact 48-bit key. */
const FIELD_SPAN = 0x1_0000;

/** Buckets of a set of rows by position, found through the key (rows of a pull batch repeat one position). */
class PositionBuckets {
  private readonly bucketOf = new Map<number, number>();
  readonly keys: number[] = [];
  private lastKey = -1;
  private lastBucket = -1;

  constructor(private readonly cols: PositionColumns) {}

  bucket(row: number): number {
    const b = this.cols.broker.get(row);
    const t = this.cols.topic.get(row);
    const q = this.cols.queueId.get(row);
    const key = (b * FIELD_SPAN + t) * FIELD_SPAN + q;
    if (key === this.lastKey) return this.lastBucket;
    let bucket = this.bucketOf.get(key);
    if (bucket === undefined) {
      for (const v of [b, t, q])
        assert(Number.isInteger(v) && v >= 0 && v < FIELD_SPAN, `position field ${v} is not a 16-bit id`);
      bucket = this.keys.length;
      this.keys.push(key);
      this.bucketOf.set(key, bucket);
    }
    this.lastKey = key;
    this.lastBucket = bucket;
    return bucket;
  }
}

/**
 * Sorts `rows` in place by (broker, topic, queueId, offset, tieBreak) and returns it; `tieBreak`
 * must end on the rows themselves (a total order).
 */
export function sortByPosition(
  rows: Uint32Array,
  cols: PositionColumns,
  offset: ColumnReader,
  tieBreak: (a: number, b: number) => number,
): Uint32Array {
  const n = rows.length;
  const buckets = new PositionBuckets(cols);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = buckets.bucket(rows[i] as number);
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const keys = buckets.keys;
  const inOrder = keys.map((_, b) => b).sort((x, y) => (keys[x] as number) - (keys[y] as number));
  const next = new Array<number>(keys.length).fill(0);
  const starts: number[] = [];
  let at = 0;
  for (const b of inOrder) {
    starts.push(at);
    next[b] = at;
    at += counts[b] as number;
  }
  const spread = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    const b = buckets.bucket(row);
    spread[next[b] as number] = row;
    next[b] = (next[b] as number) + 1;
  }
  rows.set(spread);
  const byOffset = (a: number, b: number): number => offset.get(a) - offset.get(b) || tieBreak(a, b);
  // The spread copy is the sorts' working array: no more memory than one sort of all rows.
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] as number;
    const to = starts[k + 1] ?? n;
    sortRows(rows.subarray(from, to), byOffset, spread.subarray(from, to));
  }
  return rows;
}
