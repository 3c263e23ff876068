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
import type { ColumnReader, TupleColumn } from '../history/index.js';

/** History ids and queue ids are 16-bit (history.ts), so a position is an exact 48-bit key. */
const FIELD_SPAN = 0x1_0000;

/**
 * Rows' queue positions (broker, topic, queueId) as one number each, in that order. A row's fields are
 * a combination of its tuple column (a few hundred in a run), so each combination's key is computed
 * once, and a row's key costs one read of its combination id instead of three field reads.
 */
export class PositionKeys {
  private readonly byCombination: number[] = [];
  private readonly fields: readonly number[];

  /** `where`: a tuple column with broker, topic and queueId fields. */
  constructor(private readonly where: TupleColumn) {
    this.fields = ['broker', 'topic', 'queueId'].map((f) => {
      const k = where.fields.indexOf(f);
      assert(k >= 0, `position keys: the tuple has no field ${f}`);
      return k;
    });
  }

  /** Row `row`'s position key (exact: each field is checked to be 16-bit). */
  keyOf(row: number): number {
    const id = this.where.combinationAt(row);
    const known = this.byCombination[id];
    if (known !== undefined) return known;
    let key = 0;
    for (const k of this.fields) {
      const v = this.where.fieldOf(id, k);
      assert(Number.isInteger(v) && v >= 0 && v < FIELD_SPAN, `position field ${v} is not a 16-bit id`);
      key = key * FIELD_SPAN + v;
    }
    this.byCombination[id] = key;
    return key;
  }
}

/** Buckets of a set of rows by position (rows of a pull batch repeat one position). */
class PositionBuckets {
  private readonly bucketOf = new Map<number, number>();
  readonly keys: number[] = [];
  private lastKey = -1;
  private lastBucket = -1;

  constructor(private readonly positions: PositionKeys) {}

  bucket(row: number): number {
    const key = this.positions.keyOf(row);
    if (key === this.lastKey) return this.lastBucket;
    let bucket = this.bucketOf.get(key);
    if (bucket === undefined) {
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
  positions: PositionKeys,
  offset: ColumnReader,
  tieBreak: (a: number, b: number) => number,
): Uint32Array {
  const buckets = new PositionBuckets(positions);
  const keys = buckets.keys;
  return sortInBuckets(
    rows,
    (row) => buckets.bucket(row),
    (x, y) => (keys[x] as number) - (keys[y] as number),
    (a, b) => offset.get(a) - offset.get(b) || tieBreak(a, b),
  );
}
