// A stable sort of row indexes (a Uint32Array) by a comparator, in the rows'
// own array and one scratch array of the same length: 4 bytes a row. Given a
// comparator, V8's TypedArray.prototype.sort copies the elements into two
// arrays of tagged numbers (8 bytes an element each) and merge-sorts those,
// 16 bytes of heap a row: 80 MB for a row per message of a simulated day
// (5M messages), allocated by the checkers at the end of the run, where it
// set the run's peak RSS (issue 9). Both sorts are stable merge sorts, so
// the order is the same as TypedArray.prototype.sort's for any comparator.
// Simulator bookkeeping, not a RocketMQ structure.
import { assert } from './assert.js';

/** Runs shorter than this are extended by binary insertion before merging (as TimSort's minrun). */
const MIN_RUN = 32;

/**
 * Sorts `rows` in place by `cmp` (stable) and returns it; `scratch`, when given, is the working
 * array (as long as `rows`, its contents overwritten) instead of a new one. A natural merge sort:
 * the rows' own ascending runs (rows written as the run went often come in order), each at least
 * MIN_RUN long, then merged pairwise; a run already in order costs one comparison per row.
 */
export function sortRows(rows: Uint32Array, cmp: (a: number, b: number) => number, scratch?: Uint32Array): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows;
  assert(scratch === undefined || scratch.length === n, 'sortRows: scratch of another length');
  // Run i is [bounds[i], bounds[i + 1]).
  let bounds = findRuns(rows, cmp);
  if (bounds.length <= 2) return rows;
  let src: Uint32Array = rows;
  let dst: Uint32Array = scratch ?? new Uint32Array(n);
  while (bounds.length > 2) {
    const next: number[] = [];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r] as number;
      const mid = bounds[r + 1] as number;
      const hi = bounds[r + 2] ?? mid;
      next.push(lo);
      merge(src, dst, lo, mid, hi, cmp);
    }
    next.push(n);
    bounds = next;
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== rows) rows.set(src);
  return rows;
}

/** The start of each ascending run (each at least MIN_RUN long but the last, sorted in place), then n. */
function findRuns(rows: Uint32Array, cmp: (a: number, b: number) => number): number[] {
  const n = rows.length;
  const bounds: number[] = [];
  let lo = 0;
  while (lo < n) {
    bounds.push(lo);
    let hi = lo + 1;
    while (hi < n && cmp(rows[hi - 1] as number, rows[hi] as number) <= 0) hi++;
    const want = Math.min(n, lo + MIN_RUN);
    for (; hi < want; hi++) insert(rows, lo, hi, cmp);
    lo = hi;
  }
  bounds.push(n);
  return bounds;
}

/** Inserts rows[hi] into the sorted rows[lo, hi), after the rows it ties with (stable). */
function insert(rows: Uint32Array, lo: number, hi: number, cmp: (a: number, b: number) => number): void {
  const x = rows[hi] as number;
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (cmp(x, rows[m] as number) < 0) b = m;
    else a = m + 1;
  }
  rows.copyWithin(a + 1, a, hi);
  rows[a] = x;
}

/** Merges the sorted src[lo, mid) and src[mid, hi) into dst[lo, hi), the left run first at a tie (stable). */
function merge(
  src: Uint32Array,
  dst: Uint32Array,
  lo: number,
  mid: number,
  hi: number,
  cmp: (a: number, b: number) => number,
): void {
  // Already in order (or no right run): copied as they are.
  if (mid >= hi || cmp(src[mid - 1] as number, src[mid] as number) <= 0) {
    dst.set(src.subarray(lo, hi), lo);
    return;
  }
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    const a = src[i] as number;
    const b = src[j] as number;
    if (cmp(a, b) <= 0) {
      dst[k++] = a;
      i++;
    } else {
      dst[k++] = b;
      j++;
    }
  }
  while (i < mid) dst[k++] = src[i++] as number;
  while (j < hi) dst[k++] = src[j++] as number;
}
