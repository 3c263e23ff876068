// A growable column of 32-bit integers in 2 bytes a row while the values of
// each chunk of CHUNK_ROWS rows lie close together: the chunk keeps one base
// (the first value written into it) and each row its signed 16-bit distance
// from it. A history's queue offsets, keys and combination ids written as a
// run reaches them do: a chunk holds a second or two of rows, whose offsets
// and ids differ by hundreds. A value that does not fit its chunk's base
// widens that chunk alone to the column's 32-bit array (what a plain column
// holds), so the column stores any value its 32-bit array would, exactly,
// and never costs more than one. 0 and -1 (a history's "not yet") have their
// own codes and never set a base. Values are stored as the 32-bit array
// would store them (ToInt32 / ToUint32).
// Simulator bookkeeping (issue 9: memory), not a RocketMQ structure.
import { CHUNK_ROWS } from './chunked.js';

const CHUNK_SHIFT = Math.log2(CHUNK_ROWS);
const CHUNK_MASK = CHUNK_ROWS - 1;
/** Codes below every distance: 0 and -1. */
const ZERO = -0x8000;
const MINUS_ONE = -0x7fff;
const MIN_DISTANCE = MINUS_ONE + 1;
const MAX_DISTANCE = 0x7fff;

type Wide = Int32Array | Uint32Array;

export class NearColumn {
  /** Per chunk, its 16-bit codes, or undefined once it is widened. */
  private readonly narrow: (Int16Array | undefined)[] = [];
  /** Per chunk, the base its distances count from (NaN until a value sets it). */
  private readonly bases: number[] = [];
  /** Per chunk, its values once widened. */
  private readonly wide: (Wide | undefined)[] = [];
  private readonly unsigned: boolean;

  constructor(private readonly ctor: Int32ArrayConstructor | Uint32ArrayConstructor) {
    this.unsigned = ctor === Uint32Array;
  }

  get(row: number): number {
    const k = row >>> CHUNK_SHIFT;
    const codes = this.narrow[k];
    if (codes === undefined) return (this.wide[k] as Wide)[row & CHUNK_MASK] as number;
    const code = codes[row & CHUNK_MASK] as number;
    if (code > MINUS_ONE) return (this.bases[k] as number) + code;
    return code === ZERO ? 0 : this.unsigned ? 0xffff_ffff : -1;
  }

  /** Sets row `row` to `value` (`field` is always 0: one number a row, as ChunkedColumn's set takes it). */
  set(row: number, _field: number, value: number): void {
    const k = row >>> CHUNK_SHIFT;
    if (k >= this.bases.length) this.reserve(row);
    const v = this.unsigned ? value >>> 0 : value | 0;
    const codes = this.narrow[k];
    if (codes === undefined) {
      (this.wide[k] as Wide)[row & CHUNK_MASK] = v;
      return;
    }
    if (v === 0 || v === -1 || v === 0xffff_ffff) {
      codes[row & CHUNK_MASK] = v === 0 ? ZERO : MINUS_ONE;
      return;
    }
    let base = this.bases[k] as number;
    if (Number.isNaN(base)) {
      base = v;
      this.bases[k] = v;
    }
    const distance = v - base;
    if (distance >= MIN_DISTANCE && distance <= MAX_DISTANCE) codes[row & CHUNK_MASK] = distance;
    else this.widen(k)[row & CHUNK_MASK] = v;
  }

  /** Makes room for rows up to `row` (new rows read 0); returns how many rows the column holds without growing. */
  reserve(row: number): number {
    while (row >>> CHUNK_SHIFT >= this.bases.length) {
      this.narrow.push(new Int16Array(CHUNK_ROWS).fill(ZERO));
      this.wide.push(undefined);
      this.bases.push(NaN);
    }
    return this.bases.length * CHUNK_ROWS;
  }

  /** Bytes the column holds (its chunks, narrow or wide). */
  get byteLength(): number {
    let total = 0;
    for (let k = 0; k < this.bases.length; k++) total += (this.narrow[k] ?? this.wide[k])?.byteLength ?? 0;
    return total;
  }

  /** Bytes of one row while its chunk is narrow. */
  get rowBytes(): number {
    return Int16Array.BYTES_PER_ELEMENT;
  }

  /** Chunks widened to 32 bits (for tests and memory figures). */
  get wideChunks(): number {
    return this.wide.filter((w) => w !== undefined).length;
  }

  /** Replaces chunk `k`'s codes by the 32-bit values they stand for. */
  private widen(k: number): Wide {
    const wide = new this.ctor(CHUNK_ROWS);
    const first = k << CHUNK_SHIFT;
    for (let r = 0; r < CHUNK_ROWS; r++) wide[r] = this.get(first + r);
    this.narrow[k] = undefined;
    this.wide[k] = wide;
    return wide;
  }
}
