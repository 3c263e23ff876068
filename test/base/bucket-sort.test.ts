// sortInBuckets must give exactly the order of one comparator over (bucket, rest): the checkers that
// sort history rows with it (queue positions, uid streams) judge rows in that order.
import { describe, expect, it } from 'vitest';
import { sortInBuckets, sortRows } from '../../sim/base/index.js';
import { lcg } from '../support/lcg.js';

describe('sortInBuckets', () => {
  it('orders rows by bucket (in the given bucket order) then by the rest, as one comparator does', () => {
    const next = lcg(5);
    for (const n of [0, 1, 2, 33, 500, 4_001]) {
      // Buckets numbered in an order unlike theirs (rank reverses it), keys with ties, rows interleaved.
      const bucket = Array.from({ length: n }, () => next() % 5);
      const key = Array.from({ length: n }, (_, i) => (i >> 3) + (next() % 4));
      const rank = (b: number): number => 10 - b;
      const within = (a: number, b: number): number => (key[a] as number) - (key[b] as number) || a - b;
      const one = (a: number, b: number): number =>
        rank(bucket[a] as number) - rank(bucket[b] as number) || within(a, b);
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      const expected = sortRows(Uint32Array.from(rows), one);
      const got = sortInBuckets(
        rows,
        (r) => bucket[r] as number,
        (x, y) => rank(x) - rank(y),
        within,
      );
      expect(got).toEqual(expected);
    }
  });

  it('a bucket that is not a small integer is an assertion failure', () => {
    expect(() =>
      sortInBuckets(
        Uint32Array.of(0, 1),
        () => -1,
        () => 0,
        () => 0,
      ),
    ).toThrow(/bucket -1/);
  });
});
