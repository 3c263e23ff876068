// A growable column of times (integer microseconds) in 4 bytes a row instead
// of 8: each chunk of CHUNK_ROWS rows keeps one 64-bit base, centred on the
// first time written into it, and each row its distance from that base in 32
// bits: a row fits when it lies within about 35 minutes (2^31 µs) either side
// of its chunk's first time. Times written as a run reaches them (a history's
// sends and consumptions, commits) and times a little out of order (the
// born times of stored messages) all do. Values that do not fit (too far from
// the base, not an integer) are kept exactly in a side map, so the column
// stores any number it is given; 0 and -1 (a history's "not yet") have their
// own codes and never set a base. Byte offsets that grow record by record
// (a log's record ends) fit the same way.
// Simulator bookkeeping (issue 9 part 4: memory), not a RocketMQ structure.
import { CHUNK_ROWS } from './chunked.js';

const CHUNK_SHIFT = Math.log2(CHUNK_ROWS);
const CHUNK_MASK = CHUNK_ROWS - 1;
/** Codes above every distance: a value kept in the side map, 0, -1. */
const OVERFLOW = 0xffff_ffff;
const ZERO = 0xffff_fffe;
const MINUS_ONE = 0xffff_fffd;
/** Distances from the base below this are stored in the row itself. */
const MAX_DISTANCE = MINUS_ONE;
/** A chunk's base lies this far below its first value, so earlier values fit too. */
const CENTRE = 0x8000_0000;

export class DeltaColumn {
  private readonly chunks: Uint32Array[] = [];
  /** Per chunk, the base its distances count from (its first value - CENTRE; NaN until a value sets it). */
  private readonly bases: number[] = [];
  /** Rows whose value does not fit their chunk's base, by row. */
  private readonly overflow = new Map<number, number>();

  get(row: number): number {
    const code = (this.chunks[row >>> CHUNK_SHIFT] as Uint32Array)[row & CHUNK_MASK] as number;
    if (code < MAX_DISTANCE) return (this.bases[row >>> CHUNK_SHIFT] as number) + code;
    if (code === ZERO) return 0;
    if (code === MINUS_ONE) return -1;
    return this.overflow.get(row) as number;
  }

  /** Sets row `row` to `value` (`field` is always 0: one number a row, as ChunkedColumn's set takes it). */
  set(row: number, _field: number, value: number): void {
    const k = row >>> CHUNK_SHIFT;
    if (k >= this.chunks.length) this.reserve(row);
    const chunk = this.chunks[k] as Uint32Array;
    const at = row & CHUNK_MASK;
    if (chunk[at] === OVERFLOW) this.overflow.delete(row);
    if (value === 0 || value === -1) {
      chunk[at] = value === 0 ? ZERO : MINUS_ONE;
      return;
    }
    let base = this.bases[k] as number;
    if (Number.isNaN(base)) {
      base = value - CENTRE;
      this.bases[k] = base;
    }
    const distance = value - base;
    if (distance >= 0 && distance < MAX_DISTANCE && Number.isInteger(distance)) {
      chunk[at] = distance;
    } else {
      chunk[at] = OVERFLOW;
      this.overflow.set(row, value);
    }
  }

  /** Makes room for rows up to `row` (new rows read 0); returns how many rows the column holds without growing. */
  reserve(row: number): number {
    while (row >>> CHUNK_SHIFT >= this.chunks.length) {
      this.chunks.push(new Uint32Array(CHUNK_ROWS).fill(ZERO));
      this.bases.push(NaN);
    }
    return this.chunks.length * CHUNK_ROWS;
  }

  /** Bytes the column holds (its chunks; the side map's few rows aside). */
  get byteLength(): number {
    return this.chunks.length * CHUNK_ROWS * Uint32Array.BYTES_PER_ELEMENT;
  }

  /** Bytes of one row. */
  get rowBytes(): number {
    return Uint32Array.BYTES_PER_ELEMENT;
  }

  /** Rows kept in the side map (values that did not fit their chunk): for tests and memory figures. */
  get overflowRows(): number {
    return this.overflow.size;
  }

  /** Forgets rows from `rows` on (after a truncation): chunks past them are released, their bases reset. */
  shrinkTo(rows: number): void {
    const keep = (rows + CHUNK_MASK) >>> CHUNK_SHIFT;
    this.chunks.length = Math.min(this.chunks.length, keep);
    this.bases.length = this.chunks.length;
    for (const row of this.overflow.keys()) if (row >= rows) this.overflow.delete(row);
  }

  /** A plain array of the first `rows` values (for sorting or handing out a copy). */
  copyRows(rows: number): Float64Array {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = this.get(r);
    return out;
  }
}
