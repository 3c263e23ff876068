// sortRows must give exactly the order TypedArray.prototype.sort gives with the same comparator
// (both stable): the checkers' verdicts and notes depend on row order.
import { describe, expect, it } from 'vitest';
import { sortRows } from '../../sim/base/index.js';
import { lcg } from '../support/lcg.js';

describe('sortRows', () => {
  it('orders rows as TypedArray.prototype.sort does, ties kept in their order (stable)', () => {
    const next = lcg(7);
    for (const n of [0, 1, 2, 3, 5, 16, 17, 100, 1_000, 4_099]) {
      // Few distinct keys, so most comparisons tie and stability decides the order.
      const keys = Array.from({ length: n }, () => next() % 7);
      const byKey = (a: number, b: number): number => (keys[a] as number) - (keys[b] as number);
      const rows = new Uint32Array(n);
      for (let i = 0; i < n; i++) rows[i] = (i * 37) % Math.max(1, n);
      const expected = Uint32Array.from(rows).sort(byKey);
      expect(sortRows(Uint32Array.from(rows), byKey, new Uint32Array(n).fill(99))).toEqual(expected);
      expect(sortRows(rows, byKey)).toEqual(expected);
    }
  });

  it('keeps sorted runs and sorts them in descending order too', () => {
    const asc = new Uint32Array(1_000);
    for (let i = 0; i < asc.length; i++) asc[i] = i;
    const desc = Uint32Array.from(asc).reverse();
    const up = (a: number, b: number): number => a - b;
    expect(sortRows(Uint32Array.from(desc), up)).toEqual(asc);
    expect(sortRows(Uint32Array.from(asc), up)).toEqual(asc);
    expect(sortRows(Uint32Array.from(asc), (a, b) => b - a)).toEqual(desc);
  });

  it('merges ascending runs of any length, short and long, ties across runs kept in row order', () => {
    const next = lcg(11);
    for (const n of [31, 32, 33, 64, 65, 500, 3_001]) {
      // Rows in ascending runs of random length (1..200) of a key with ties, as history rows come.
      const keys: number[] = [];
      while (keys.length < n) {
        const len = 1 + (next() % 200);
        let k = next() % 50;
        for (let i = 0; i < len && keys.length < n; i++) keys.push((k += next() % 3));
      }
      const byKey = (a: number, b: number): number => (keys[a] as number) - (keys[b] as number);
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      expect(sortRows(Uint32Array.from(rows), byKey)).toEqual(Uint32Array.from(rows).sort(byKey));
    }
  });
});
