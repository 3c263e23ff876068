// A growable column of times (integer microseconds) in 4 bytes a row instead
// of 8: each chunk of CHUNK_ROWS rows keeps one 64-bit base, the first time
// written into it, and each row the distance from that base in 32 bits. A
// history writes its times as the run reaches them (a send's invocation, its
// completion, a consumption), so a chunk's first value is its smallest and
// its rows lie within minutes of it; 2^32 µs is 71 minutes. Values that do
// not fit (earlier than the base, too far past it, not an integer) are kept
// exactly in a side map, so the column stores any number it is given; 0 and
// -1 (a history's "not yet") have their own codes and never set a base.
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

export class DeltaColumn {
  private readonly chunks: Uint32Array[] = [];
  /** Per chunk, the base its distances count from (NaN until a value sets it). */
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
    while (k >= this.chunks.length) {
      this.chunks.push(new Uint32Array(CHUNK_ROWS).fill(ZERO));
      this.bases.push(NaN);
    }
    const chunk = this.chunks[k] as Uint32Array;
    const at = row & CHUNK_MASK;
    if (chunk[at] === OVERFLOW) this.overflow.delete(row);
    if (value === 0 || value === -1) {
      chunk[at] = value === 0 ? ZERO : MINUS_ONE;
      return;
    }
    let base = this.bases[k] as number;
    if (Number.isNaN(base)) {
      base = value;
      this.bases[k] = value;
    }
    const distance = value - base;
    if (distance >= 0 && distance < MAX_DISTANCE && Number.isInteger(distance)) {
      chunk[at] = distance;
    } else {
      chunk[at] = OVERFLOW;
      this.overflow.set(row, value);
    }
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

  /** A plain array of the first `rows` values (for sorting or handing out a copy). */
  copyRows(rows: number): Float64Array {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = this.get(r);
    return out;
  }
}
