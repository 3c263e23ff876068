// Sorting history rows by their column values, for the checkers that merge or
// group rows after the run (slot conflicts, a group's consumptions by uid).
// Each key column is read once per row into a typed array and the sort
// compares those: a column read (a chunked or delta column's lookup) per
// comparison, about n log n of them, was most of these checks' cost.
import type { ColumnReader } from '../history/index.js';

/** Rows in key order (and the key values in the same order, key by key); ties by row. */
export interface SortedRows {
  readonly rows: Uint32Array;
  readonly keys: readonly Float64Array[];
}

/**
 * `rows` (ascending) sorted by `keys[0]`, then `keys[1]`, ..., then by row. The key values come
 * back permuted alongside, so a merge over the sorted rows reads no column again.
 */
export function sortRows(rows: Uint32Array, keys: readonly ColumnReader[]): SortedRows {
  const n = rows.length;
  const read = keys.map((col) => {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = col.get(rows[i] as number);
    return values;
  });
  const width = read.length;
  const order = new Uint32Array(n).map((_, i) => i);
  // NB: the index tie-break is the row tie-break: rows come in ascending order.
  order.sort((a, b) => {
    for (let k = 0; k < width; k++) {
      const v = read[k] as Float64Array;
      const d = (v[a] as number) - (v[b] as number);
      if (d !== 0) return d;
    }
    return a - b;
  });
  return {
    rows: order.map((i) => rows[i] as number),
    keys: read.map((v) => Float64Array.from(order, (i) => v[i] as number)),
  };
}
