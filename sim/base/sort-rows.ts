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

/**
 * Sorts `rows` in place by `cmp` (stable) and returns it; `scratch`, when given, is the working
 * array (as long as `rows`, its contents overwritten) instead of a new one.
 */
export function sortRows(rows: Uint32Array, cmp: (a: number, b: number) => number, scratch?: Uint32Array): Uint32Array {
  const n = rows.length;
  if (n < 2) return rows;
  assert(scratch === undefined || scratch.length === n, 'sortRows: scratch of another length');
  let src: Uint32Array = rows;
  let dst: Uint32Array = scratch ?? new Uint32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      // Already in order (rows written as the run went are often sorted runs): copied as they are.
      if (mid >= hi || cmp(src[mid - 1] as number, src[mid] as number) <= 0) {
        dst.set(src.subarray(lo, hi), lo);
        continue;
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
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== rows) rows.set(src);
  return rows;
}
