// Small fields that repeat together, stored as one id per row: a consumption's
// group, instance, topic, broker and queue take a few hundred combinations in
// a run, so each row keeps the id of its combination (instead of 2 bytes per
// field) and the combinations are kept once. Readers see each field as
// its own column (`col.group.get(row)`). Every field is a 16-bit id or number
// (the history's u16 columns) but a uid's stream (uid-column.ts); a run's
// combinations are interned through maps of exact numeric keys, with recently
// used combinations cached by a hash of their fields (a pull batch from one
// queue carries the messages of a few producers). The ids themselves take 2
// bytes a row while a chunk's ids lie close (sim/base/near-column.ts).
// Simulator bookkeeping (issue 9 part 4: memory), not a RocketMQ structure.
import { assert, Combinations, NearColumn } from '../base/index.js';

/** What a reader needs of a column: its value at a row. */
export interface ColumnReader {
  get(row: number): number;
}

/** The fields of a tuple column, in order. */
export interface TupleSpec<F extends string> {
  readonly fields: readonly F[];
}

export const tuple = <F extends string>(...fields: F[]): TupleSpec<F> => ({ fields });

/** Last-field values below this are remembered by a TuplePrefix (a run has a few uid streams). */
const PREFIX_CACHED = 1024;

/** Bits of a field unless the column is told otherwise: a 16-bit id or number, as the history's u16 columns. */
const FIELD_BITS = 16;

export class TupleColumn {
  private readonly ids = new NearColumn(Uint32Array);
  /** The combinations, each kept once. */
  private readonly combos: Combinations;
  /** Reused by setField. */
  private readonly scratch: number[];
  readonly width: number;

  /** `bits`: fields wider than 16 bits (a uid's stream, uid-column.ts), by name. */
  constructor(
    readonly fields: readonly string[],
    bits: Readonly<Record<string, number>> = {},
  ) {
    this.width = fields.length;
    assert(this.width > 0, 'tuple column: no fields');
    this.combos = new Combinations(
      fields.map((f) => bits[f] ?? FIELD_BITS),
      'tuple column',
    );
    this.scratch = new Array<number>(this.width).fill(0);
    // Combination 0 is all zeros: a row that was only pushed reads 0 in every field, as a typed column does.
    this.combos.idOf(this.scratch);
  }

  /** Field `k` of row `row`. */
  field(row: number, k: number): number {
    return this.combos.field(this.ids.get(row), k);
  }

  /** Row `row`'s combination id (its fields are fieldOf(id, k)). */
  combinationAt(row: number): number {
    return this.ids.get(row);
  }

  /** Field `k` of combination `id`. */
  fieldOf(id: number, k: number): number {
    return this.combos.field(id, k);
  }

  /** Sets row `row` to the combination `values` (one per field). */
  put(row: number, values: readonly number[]): void {
    this.ids.set(row, 0, this.combos.idOf(values));
  }

  /** The id of combination `values` (one per field), added on first sight: for set(row, 0, id). */
  combinationOf(values: readonly number[]): number {
    return this.combos.idOf(values);
  }

  /** Sets field `k` of row `row` to `value`, keeping its other fields. */
  setField(row: number, k: number, value: number): void {
    if (this.field(row, k) === value) return;
    const id = this.ids.get(row);
    for (let j = 0; j < this.width; j++) this.scratch[j] = this.combos.field(id, j);
    this.scratch[k] = value;
    this.put(row, this.scratch);
  }

  /** Sets row `row` to combination `id` (0 = all zeros: how a table's push clears a row). */
  set(row: number, _field: number, id: number): void {
    if (!this.combos.has(id)) assert(false, `tuple column: no combination ${id}`); // hot path
    this.ids.set(row, 0, id);
  }

  /** Makes room for rows up to `row` (new rows read combination 0, all zeros); returns the rows it holds without growing. */
  reserve(row: number): number {
    return this.ids.reserve(row);
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
    return this.combos.size;
  }
}

/**
 * The fields of rows of one tuple column that differ only in the last field (a uid's stream): one
 * consumer's consumptions of one queue, a producer group's sends. Their combination is looked up once
 * per value of that field instead of per row (Combinations.idOf hashes and compares every field); a
 * queue's rows alternate among its producers' streams, a few small numbers.
 */
export class TuplePrefix {
  /** Combination id by last field, for the small values (stream numbers count from 0 in order of first sight). */
  private readonly byLast: number[] = [];

  /** `values`: one per field of `column`; the last is replaced by each row's. */
  constructor(
    private readonly column: TupleColumn,
    private readonly values: number[],
  ) {
    assert(values.length === column.width, 'tuple prefix: one value per field of its column');
  }

  /** The combination id of these fields with `last` as the last field. */
  combination(last: number): number {
    const known = this.byLast[last];
    if (known !== undefined) return known;
    this.values[this.values.length - 1] = last;
    const combo = this.column.combinationOf(this.values);
    if (last < PREFIX_CACHED) this.byLast[last] = combo;
    return combo;
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
