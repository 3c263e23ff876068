// Small fields that repeat together, stored as one id per row: a consumption's
// group, instance, topic, broker and queue take a few hundred combinations in
// a run, so each row keeps a 32-bit id of its combination (4 bytes instead of
// 2 per field) and the combinations are kept once. Readers see each field as
// its own column (`col.group.get(row)`). Every field is a 16-bit id or number
// (the history's u16 columns); a run's combinations are interned through two
// maps of exact numeric keys, with recently used combinations cached by a hash
// of their fields (a pull batch from one queue carries the messages of a few
// producers). Simulator bookkeeping (issue 9 part 4: memory), not a RocketMQ
// structure.
import { assert, chunkedColumn } from '../base/index.js';

/** What a reader needs of a column: its value at a row. */
export interface ColumnReader {
  get(row: number): number;
}

/** The fields of a tuple column, in order. */
export interface TupleSpec<F extends string> {
  readonly fields: readonly F[];
}

export const tuple = <F extends string>(...fields: F[]): TupleSpec<F> => ({ fields });

/** Fields keyed per map level: three 16-bit fields make an exact 48-bit number. */
const FIELDS_PER_KEY = 3;
const FIELD_SPAN = 0x1_0000;
/** Slots of the recent-combination cache (a power of two). */
const RECENT = 32;

function keyOf(values: readonly number[], from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k++) {
    const v = values[k] as number;
    if ((v & 0xffff) !== v) assert(false, `tuple column: field ${k} = ${v} does not fit 16 bits`);
    key = key * FIELD_SPAN + v;
  }
  return key;
}

export class TupleColumn {
  private readonly ids = chunkedColumn(Uint32Array);
  /** Field values of each combination, side by side: combination id * width + field. */
  private readonly values: number[] = [];
  private readonly index = new Map<number, Map<number, number>>();
  /**
   * Recently used combination ids (-1: none), by a hash of their fields: rows alternate among a few
   * combinations (a pull batch from one queue carries messages of several producers).
   */
  private readonly recent = new Int32Array(RECENT).fill(-1);
  /** Reused by setField. */
  private readonly scratch: number[];
  readonly width: number;

  constructor(readonly fields: readonly string[]) {
    this.width = fields.length;
    assert(this.width > 0 && this.width <= 2 * FIELDS_PER_KEY, `tuple column: ${this.width} fields`);
    this.scratch = new Array<number>(this.width).fill(0);
    // Combination 0 is all zeros: a row that was only pushed reads 0 in every field, as a typed column does.
    this.intern(this.scratch);
  }

  /** Field `k` of row `row`. */
  field(row: number, k: number): number {
    return this.values[this.ids.get(row) * this.width + k] as number;
  }

  /** Sets row `row` to the combination `values` (one per field). */
  put(row: number, values: readonly number[]): void {
    let h = 0;
    for (let k = 0; k < this.width; k++) h = (Math.imul(h, 31) + (values[k] as number)) | 0;
    const slot = h & (RECENT - 1);
    let id = this.recent[slot] as number;
    if (id < 0 || !this.holds(id, values)) {
      id = this.intern(values);
      this.recent[slot] = id;
    }
    this.ids.set(row, 0, id);
  }

  /** Sets field `k` of row `row` to `value`, keeping its other fields. */
  setField(row: number, k: number, value: number): void {
    if (this.field(row, k) === value) return;
    const base = this.ids.get(row) * this.width;
    for (let j = 0; j < this.width; j++) this.scratch[j] = this.values[base + j] as number;
    this.scratch[k] = value;
    this.put(row, this.scratch);
  }

  /** Sets row `row` to combination `id` (0 = all zeros: how a table's push clears a row). */
  set(row: number, _field: number, id: number): void {
    if (id * this.width >= this.values.length) assert(false, `tuple column: no combination ${id}`); // hot path
    this.ids.set(row, 0, id);
  }

  /** Bytes the column holds (its ids; the few combinations aside). */
  get byteLength(): number {
    return this.ids.byteLength;
  }

  get rowBytes(): number {
    return this.ids.rowBytes;
  }

  /** Number of distinct combinations stored (for tests and memory figures). */
  get combinations(): number {
    return this.values.length / this.width;
  }

  private holds(id: number, values: readonly number[]): boolean {
    const base = id * this.width;
    for (let k = 0; k < this.width; k++) if (values[k] !== this.values[base + k]) return false;
    return true;
  }

  private intern(values: readonly number[]): number {
    const split = Math.min(FIELDS_PER_KEY, this.width);
    const outer = keyOf(values, 0, split);
    const inner = keyOf(values, split, this.width);
    let level = this.index.get(outer);
    if (level === undefined) {
      level = new Map();
      this.index.set(outer, level);
    }
    let id = level.get(inner);
    if (id === undefined) {
      id = this.values.length / this.width;
      for (let k = 0; k < this.width; k++) this.values.push(values[k] as number);
      level.set(inner, id);
    }
    return id;
  }
}

/** One field of a tuple column, read as if it were a column of its own. */
export class TupleField implements ColumnReader {
  constructor(
    private readonly tuple: TupleColumn,
    private readonly k: number,
  ) {}

  get(row: number): number {
    return this.tuple.field(row, this.k);
  }
}
