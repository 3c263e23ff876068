// A message uid column in 2 bytes a row instead of 8. A uid packs its
// producer's client index and a sequence (clientIndex * 2^32 + sequence,
// sim/protocol/broker.ts), and a producer's sequence is its start's block
// (incarnation * 2^26, sim/client/producer.ts) plus its count of messages.
// Each high part (uid / 2^26: client and start) is a stream, numbered in
// order of first sight and kept in one more field of the row's tuple column
// (tuple-column.ts), whose combinations already repeat per producer, so it
// costs no bytes per row; the count goes into a NearColumn
// (sim/base/near-column.ts), less an offset fixed for its stream when first
// seen: that offset lines a new start's counts (from 0) up with the rows
// written before it, so producers that send at the same rate keep close
// counts and a chunk of rows stays within 16 bits even after a producer
// restarts. Readers see the whole uid (`col.uid.get(row)`).
// Simulator bookkeeping (issue 9: memory), not a RocketMQ structure.
import { assert, NearColumn } from '../base/index.js';
import type { TupleColumn } from './tuple-column.js';

/** A uid column whose stream is field `field` of tuple column `tuple` (declared before it in the spec). */
export interface UidSpec<T extends string = string, F extends string = string> {
  readonly uidIn: T;
  readonly field: F;
}

export const uidIn = <T extends string, F extends string>(tuple: T, field: F): UidSpec<T, F> => ({
  uidIn: tuple,
  field,
});

/** A uid's low part: one producer start's block of sequences (SEQ_PER_INCARNATION in producer.ts). */
const LOW = 2 ** 26;
/** Bits of a stream number: at most one stream per high part, a 21-bit client index (MAX_UID_CLIENT) and a 6-bit start. */
export const UID_HIGH_BITS = 27;

/** A uid's high part: its client index and its producer's start. */
const uidHigh = (uid: number): number => Math.floor(uid / LOW);

export class UidColumn {
  private readonly counts = new NearColumn(Int32Array);
  /** Per stream (a high part, numbered in order of first sight), its high part and what its low parts are stored less of. */
  private readonly highs: number[] = [];
  private readonly offsets: number[] = [];
  /** The stream of each high part seen. */
  private readonly streamOf = new Map<number, number>();
  /** The last count stored: where a new stream's counts are lined up. */
  private last = 0;
  private readonly k: number;

  constructor(
    private readonly tuple: TupleColumn,
    field: string,
  ) {
    this.k = tuple.fields.indexOf(field);
    assert(this.k >= 0, `uid column: its tuple has no field ${field}`);
    // Stream 0 is uid 0's (high part 0, counts from 0): a new row, stream 0 and count 0, reads uid 0.
    this.streamOf.set(0, 0);
    this.highs.push(0);
    this.offsets.push(0);
  }

  get(row: number): number {
    const s = this.tuple.field(row, this.k);
    return (this.highs[s] as number) * LOW + this.counts.get(row) + (this.offsets[s] as number);
  }

  /**
   * The high part (client index and start) of stream `s`: each stream's uids lie in one block of 2^26,
   * and the blocks are in the order of their high parts.
   */
  streamHigh(s: number): number {
    return this.highs[s] as number;
  }

  /** Row `row`'s uid less its stream's base: the rows of one stream in this order are in uid order. */
  countAt(row: number): number {
    return this.counts.get(row);
  }

  /** Sets row `row`'s uid: its count here, its stream in the tuple (put the row's other fields first). */
  set(row: number, _field: number, uid: number): void {
    const high = uidHigh(uid);
    const low = uid - high * LOW;
    let s = this.streamOf.get(high);
    if (s === undefined) {
      s = this.highs.length;
      this.streamOf.set(high, s);
      this.highs.push(high);
      this.offsets.push(low - this.last);
    }
    const count = low - (this.offsets[s] as number);
    // A pushed row's zero (ColumnTable.push) says nothing about where the counts are.
    if (uid !== 0) this.last = count;
    this.counts.set(row, 0, count);
    this.tuple.setField(row, this.k, s);
  }

  /** The tuple field value of `uid`'s row, to put with its other fields before `set` (its stream). */
  fieldOf(uid: number): number {
    return this.streamOf.get(uidHigh(uid)) ?? 0;
  }

  /** The first `rows` uids, as a new array (for sorting). */
  copyRows(rows: number): Float64Array {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = this.get(r);
    return out;
  }

  /** Makes room for rows up to `row` (new rows read uid 0); returns the rows it holds without growing. */
  reserve(row: number): number {
    return this.counts.reserve(row);
  }

  /** Bytes the column holds (its counts; the stream lives in the tuple's combinations). */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  get rowBytes(): number {
    return this.counts.rowBytes;
  }
}
