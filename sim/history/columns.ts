// Growable columnar storage for histories: one chunked typed column per
// field, all sharing one row count. An hour at 1,000 msg/s is 3.6M rows per
// table; typed columns keep that at tens of bytes per row instead of
// hundreds for an object per record, and chunks (sim/base/chunked.ts) grow
// without copying what they hold or leaving up to half of a doubled array
// unused (issue 9 part 4). A typed array stores an out-of-range number
// silently wrapped (65_536 becomes 0 in a Uint16Array): values go through
// the range checks below, so that is an assertion failure instead.
import {
  chunkedColumn,
  DeltaColumn,
  fail,
  NearColumn,
  type ChunkedColumn,
  type NumericArrayCtor,
} from '../base/index.js';
import { TupleColumn, TupleField, type TupleSpec } from './tuple-column.js';
import { UID_HIGH_BITS, UidColumn, type UidSpec } from './uid-column.js';

/** `value` as a Uint16Array cell holds it exactly: an integer in 0..65535, else an assertion failure. */
export function u16(value: number, what: string): number {
  if ((value & 0xffff) !== value) fail(`${what} ${value} does not fit a 16-bit history column (0..65535)`);
  return value;
}

/** `value` as an Int32Array cell holds it exactly: an integer in -2^31..2^31-1, else an assertion failure. */
export function i32(value: number, what: string): number {
  if ((value | 0) !== value) fail(`${what} ${value} does not fit a 32-bit history column`);
  return value;
}

/** A column of times in µs that the run writes as it reaches them: 4 bytes a row (sim/base/delta-column.ts). */
export const TIME_US = 'time-us';
/** A column of 32-bit integers that lie close together row after row (queue offsets, keys): 2 bytes a row (sim/base/near-column.ts). */
export const NEAR_I32 = 'near-i32';
export type ColumnKind = NumericArrayCtor | typeof TIME_US | typeof NEAR_I32 | TupleSpec<string> | UidSpec;
export type ColumnSpec = Readonly<Record<string, ColumnKind>>;
/** The fields of a spec's tuple columns (tuple-column.ts): each is read as a column of its own. */
type TupleFields<S extends ColumnSpec> = {
  [K in keyof S]: S[K] extends TupleSpec<infer F> ? F : never;
}[keyof S];
export type Columns<S extends ColumnSpec> = {
  readonly [K in keyof S]: S[K] extends TupleSpec<string>
    ? TupleColumn
    : S[K] extends UidSpec
      ? UidColumn
      : S[K] extends typeof TIME_US
        ? DeltaColumn
        : S[K] extends typeof NEAR_I32
          ? NearColumn
          : ChunkedColumn;
} & { readonly [F in TupleFields<S>]: TupleField };
type AnyColumn = ChunkedColumn | DeltaColumn | NearColumn | TupleColumn | UidColumn;

/** Per tuple column of `spec`, its fields that hold a uid's stream (UID_HIGH_BITS wide). */
function uidFields(spec: ColumnSpec, tuple: string): Record<string, number> {
  const bits: Record<string, number> = {};
  for (const kind of Object.values(spec))
    if (typeof kind === 'object' && 'uidIn' in kind && kind.uidIn === tuple) bits[kind.field] = UID_HIGH_BITS;
  return bits;
}

/** The column `name` of `spec`; a uid column finds its tuple among the columns built before it. */
function columnOf(spec: ColumnSpec, name: string, built: Readonly<Record<string, unknown>>): AnyColumn {
  const kind = spec[name] as ColumnKind;
  if (kind === TIME_US) return new DeltaColumn();
  if (kind === NEAR_I32) return new NearColumn(Int32Array);
  if (typeof kind !== 'object') return chunkedColumn(kind);
  if ('fields' in kind) return new TupleColumn(kind.fields, uidFields(spec, name));
  const tuple = built[kind.uidIn];
  if (!(tuple instanceof TupleColumn)) return fail(`uid column: no tuple column ${kind.uidIn} before it`);
  return new UidColumn(tuple, kind.field);
}

export class ColumnTable<S extends ColumnSpec> {
  private rows = 0;
  /** Rows every column holds without growing. */
  private ready = 0;
  /** The columns: `col.uid.get(row)`, `col.uid.set(row, 0, value)` for rows below length; a tuple's fields read only. */
  readonly col: Columns<S>;
  private readonly all: readonly AnyColumn[];

  constructor(spec: S) {
    const col: Record<string, AnyColumn | TupleField> = {};
    const all: AnyColumn[] = [];
    for (const k of Object.keys(spec)) {
      const c = columnOf(spec, k, col);
      col[k] = c;
      all.push(c);
      if (c instanceof TupleColumn) c.fields.forEach((f, i) => (col[f] = new TupleField(c, i)));
    }
    this.col = col as Columns<S>;
    this.all = all;
  }

  get length(): number {
    return this.rows;
  }

  /**
   * Adds a zeroed row and returns its index. Rows are only ever appended, so a new row's cells were never
   * written, and every column reads 0 there: only room is made, once per chunk, not a write per column.
   */
  push(): number {
    const row = this.rows++;
    if (row >= this.ready) {
      let ready = Number.POSITIVE_INFINITY;
      for (const c of this.all) ready = Math.min(ready, c.reserve(row));
      this.ready = ready;
    }
    return row;
  }

  /** Bytes held by the columns (capacity, not just rows used). */
  bytes(): number {
    let total = 0;
    for (const c of this.all) total += c.byteLength;
    return total;
  }

  /** Bytes one row takes across all columns. */
  rowBytes(): number {
    let total = 0;
    for (const c of this.all) total += c.rowBytes;
    return total;
  }
}
