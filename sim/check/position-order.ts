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
import { assert, sortInBuckets } from '../base/index.js';
import type { ColumnReader } from '../history/index.js';

/** The columns that name a row's queue position. */
export interface PositionColumns {
  readonly broker: ColumnReader;
  readonly topic: ColumnReader;
  readonly queueId: ColumnReader;
}

/** History ids and queue ids are 16-bit (history.ts), so a position is an exact 48-bit key. */
const FIELD_SPAN = 0x1_0000;

/** Row `row`'s queue position as one number, in (broker, topic, queueId) order (exact for 16-bit fields, which bucket() checks). */
export function positionKey(cols: PositionColumns, row: number): number {
  return (cols.broker.get(row) * FIELD_SPAN + cols.topic.get(row)) * FIELD_SPAN + cols.queueId.get(row);
}

/** Buckets of a set of rows by position, found through the key (rows of a pull batch repeat one position). */
class PositionBuckets {
  private readonly bucketOf = new Map<number, number>();
  readonly keys: number[] = [];
  private lastKey = -1;
  private lastBucket = -1;

  constructor(private readonly cols: PositionColumns) {}

  bucket(row: number): number {
    const key = positionKey(this.cols, row);
    if (key === this.lastKey) return this.lastBucket;
    let bucket = this.bucketOf.get(key);
    if (bucket === undefined) {
      const b = this.cols.broker.get(row);
      const t = this.cols.topic.get(row);
      const q = this.cols.queueId.get(row);
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
  const buckets = new PositionBuckets(cols);
  const keys = buckets.keys;
  return sortInBuckets(
    rows,
    (row) => buckets.bucket(row),
    (x, y) => (keys[x] as number) - (keys[y] as number),
    (a, b) => offset.get(a) - offset.get(b) || tieBreak(a, b),
  );
}
