// A message uid column in 4 bytes a row instead of 8. A uid packs its
// producer's client index and a sequence (clientIndex * 2^32 + sequence,
// sim/protocol/broker.ts); the sequence goes in a 32-bit column and the
// client index into one more field of the row's tuple column
// (tuple-column.ts), whose combinations already repeat per producer, so it
// costs no bytes per row. Readers see the whole uid (`col.uid.get(row)`).
// Simulator bookkeeping (issue 9 part 5: memory), not a RocketMQ structure.
import { assert, NearColumn } from '../base/index.js';
import { uidClient } from '../protocol/index.js';
import type { TupleColumn } from './tuple-column.js';

/** A uid column whose client index is field `field` of tuple column `tuple` (declared before it in the spec). */
export interface UidSpec<T extends string = string, F extends string = string> {
  readonly uidIn: T;
  readonly field: F;
}

export const uidIn = <T extends string, F extends string>(tuple: T, field: F): UidSpec<T, F> => ({
  uidIn: tuple,
  field,
});

export class UidColumn {
  private readonly seqs = new NearColumn(Uint32Array);
  private readonly k: number;

  constructor(
    private readonly tuple: TupleColumn,
    field: string,
  ) {
    this.k = tuple.fields.indexOf(field);
    assert(this.k >= 0, `uid column: its tuple has no field ${field}`);
  }

  get(row: number): number {
    return this.tuple.field(row, this.k) * 0x1_0000_0000 + this.seqs.get(row);
  }

  /** Sets row `row`'s uid: its sequence here, its client index in the tuple (put the row's other fields first). */
  set(row: number, _field: number, uid: number): void {
    const client = uidClient(uid) | 0; // a small integer (Smi), like the tuple's other fields
    this.seqs.set(row, 0, uid - client * 0x1_0000_0000);
    this.tuple.setField(row, this.k, client);
  }

  /** The first `rows` uids, as a new array (for sorting). */
  copyRows(rows: number): Float64Array {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = this.get(r);
    return out;
  }

  /** Bytes the column holds (its sequences; the client index lives in the tuple's combinations). */
  get byteLength(): number {
    return this.seqs.byteLength;
  }

  get rowBytes(): number {
    return this.seqs.rowBytes;
  }
}
