// A growable numeric column that never copies what it holds once it is big:
// rows live in fixed chunks of CHUNK_ROWS (each `width` numbers wide), and
// growth adds a chunk instead of doubling and copying the whole array. Only
// the first chunk grows by doubling (up to one chunk), so a column that holds
// a handful of rows stays small. An hour at 1,000 msg/s is millions of rows
// per column: doubling copied the history on every growth (9% of CPU in the
// issue-9 profile) and left up to half of the capacity unused; chunks copy
// at most one chunk per column and leave at most one chunk unused.
// Simulator bookkeeping, not a RocketMQ structure.

/** Typed arrays a column can be made of. */
export type NumericArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
export type NumericArrayCtor =
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

/** log2 of the rows per chunk (4,096 rows). */
const CHUNK_SHIFT = 12;
export const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_ROWS - 1;
const FIRST_ROWS = 16;

/**
 * A column of one element type. Use chunkedColumn() to make one: each element type has its own
 * subclass whose get and set are written out again (one line each), because V8 keeps the type
 * feedback of a typed-array load or store per function: one shared set() saw five array types and
 * went megamorphic, which made it the hottest function of the issue-9 profile (9% of CPU).
 */
export abstract class ChunkedColumn {
  protected chunks: NumericArray[];
  /** Rows the column can hold without growing. */
  protected capacity: number;

  /** `width` numbers per row (a DiskLog record's fields side by side). */
  constructor(
    private readonly ctor: NumericArrayCtor,
    readonly width = 1,
  ) {
    this.chunks = [new ctor(FIRST_ROWS * width)];
    this.capacity = FIRST_ROWS;
  }

  /** Number `field` of row `row` (the caller keeps row within what it set). */
  abstract get(row: number, field?: number): number;

  abstract set(row: number, field: number, value: number): void;

  /** Makes room for rows up to `row` (their cells read 0 until set); returns how many rows the column holds without growing. */
  reserve(row: number): number {
    if (row >= this.capacity) this.grow(row);
    return this.capacity;
  }

  /** Bytes the column holds (capacity, not only rows used). */
  get byteLength(): number {
    let total = 0;
    for (const c of this.chunks) total += c.byteLength;
    return total;
  }

  /** Bytes of one row. */
  get rowBytes(): number {
    return this.ctor.BYTES_PER_ELEMENT * this.width;
  }

  /** A new typed array with the first `rows` rows, side by side (for sorting or handing out a plain copy). */
  copyRows(rows: number): NumericArray {
    const out = new this.ctor(rows * this.width);
    for (let k = 0, at = 0; at < out.length; k++) {
      const chunk = this.chunks[k] as NumericArray;
      const part = chunk.subarray(0, Math.min(chunk.length, out.length - at));
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Releases whole chunks beyond the first `rows` rows (after a truncation). */
  shrinkTo(rows: number): void {
    const keep = Math.max(1, (rows + CHUNK_MASK) >>> CHUNK_SHIFT);
    if (keep < this.chunks.length) {
      this.chunks.length = keep;
      this.capacity = Math.min(this.capacity, keep * CHUNK_ROWS);
    }
  }

  protected grow(row: number): void {
    while (row >= this.capacity) {
      const first = this.chunks[0] as NumericArray;
      if (this.capacity < CHUNK_ROWS) {
        // The first chunk doubles (copying at most one chunk) until it is full size.
        const next = new this.ctor(Math.min(CHUNK_ROWS, this.capacity * 2) * this.width);
        next.set(first);
        this.chunks[0] = next;
        this.capacity = next.length / this.width;
      } else {
        this.chunks.push(new this.ctor(CHUNK_ROWS * this.width));
        this.capacity += CHUNK_ROWS;
      }
    }
  }
}

class Float64Column extends ChunkedColumn {
  declare protected chunks: Float64Array[];
  get(row: number, field = 0): number {
    return (this.chunks[row >>> CHUNK_SHIFT] as Float64Array)[(row & CHUNK_MASK) * this.width + field] as number;
  }
  set(row: number, field: number, value: number): void {
    if (row >= this.capacity) this.grow(row);
    (this.chunks[row >>> CHUNK_SHIFT] as Float64Array)[(row & CHUNK_MASK) * this.width + field] = value;
  }
}

class Int32Column extends ChunkedColumn {
  declare protected chunks: Int32Array[];
  get(row: number, field = 0): number {
    return (this.chunks[row >>> CHUNK_SHIFT] as Int32Array)[(row & CHUNK_MASK) * this.width + field] as number;
  }
  set(row: number, field: number, value: number): void {
    if (row >= this.capacity) this.grow(row);
    (this.chunks[row >>> CHUNK_SHIFT] as Int32Array)[(row & CHUNK_MASK) * this.width + field] = value;
  }
}

class Uint32Column extends ChunkedColumn {
  declare protected chunks: Uint32Array[];
  get(row: number, field = 0): number {
    return (this.chunks[row >>> CHUNK_SHIFT] as Uint32Array)[(row & CHUNK_MASK) * this.width + field] as number;
  }
  set(row: number, field: number, value: number): void {
    if (row >= this.capacity) this.grow(row);
    (this.chunks[row >>> CHUNK_SHIFT] as Uint32Array)[(row & CHUNK_MASK) * this.width + field] = value;
  }
}

class Uint16Column extends ChunkedColumn {
  declare protected chunks: Uint16Array[];
  get(row: number, field = 0): number {
    return (this.chunks[row >>> CHUNK_SHIFT] as Uint16Array)[(row & CHUNK_MASK) * this.width + field] as number;
  }
  set(row: number, field: number, value: number): void {
    if (row >= this.capacity) this.grow(row);
    (this.chunks[row >>> CHUNK_SHIFT] as Uint16Array)[(row & CHUNK_MASK) * this.width + field] = value;
  }
}

class Uint8Column extends ChunkedColumn {
  declare protected chunks: Uint8Array[];
  get(row: number, field = 0): number {
    return (this.chunks[row >>> CHUNK_SHIFT] as Uint8Array)[(row & CHUNK_MASK) * this.width + field] as number;
  }
  set(row: number, field: number, value: number): void {
    if (row >= this.capacity) this.grow(row);
    (this.chunks[row >>> CHUNK_SHIFT] as Uint8Array)[(row & CHUNK_MASK) * this.width + field] = value;
  }
}

/** A chunked column of `ctor`'s elements, `width` numbers per row. */
export function chunkedColumn(ctor: NumericArrayCtor, width = 1): ChunkedColumn {
  if (ctor === Float64Array) return new Float64Column(ctor, width);
  if (ctor === Int32Array) return new Int32Column(ctor, width);
  if (ctor === Uint32Array) return new Uint32Column(ctor, width);
  if (ctor === Uint16Array) return new Uint16Column(ctor, width);
  return new Uint8Column(ctor, width);
}
