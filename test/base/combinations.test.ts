import { describe, expect, it } from 'vitest';
import { Combinations } from '../../sim/base/index.js';

describe('Combinations', () => {
  it('names each distinct tuple once, in order of first sight, and reads its fields back', () => {
    const c = new Combinations([53, 32, 21], 'test');
    const big = 2 ** 40 + 7; // a field wider than 32 bits stays exact
    const ids = [
      [big, 3, 1],
      [big, 3, 2],
      [big, 3, 1],
      [5, 2 ** 32 - 1, 2 ** 21 - 1],
    ].map((v) => c.idOf(v));
    expect(ids).toEqual([0, 1, 0, 2]);
    expect(c.size).toBe(3);
    expect([c.field(0, 0), c.field(2, 1), c.field(2, 2)]).toEqual([big, 2 ** 32 - 1, 2 ** 21 - 1]);
    expect(c.has(2)).toBe(true);
    expect(c.has(3)).toBe(false);
  });

  it('keeps tuples apart that a cache slot or a key could confuse', () => {
    const c = new Combinations([16, 16, 16, 16], 'test');
    for (let i = 0; i < 200; i++) expect(c.idOf([i % 7, i % 11, i % 13, 0])).toBe(c.idOf([i % 7, i % 11, i % 13, 0]));
    expect(c.size).toBe(200); // 7 x 11 x 13 = 1,001 > 200: every i a new tuple
  });

  it('refuses a field that does not fit its bits, and a field too wide for an exact key', () => {
    const c = new Combinations([16, 16], 'pair');
    expect(() => c.idOf([65_536, 0])).toThrow(/pair: field 0 = 65536 does not fit 16 bits/);
    expect(() => new Combinations([32, 54], 'wide')).toThrow(/field 1 of 54 bits cannot make an exact key/);
  });

  it('packs fields into as many 53-bit keys as they need: three levels keep every tuple apart', () => {
    // 16 + 16 + 16 | 16 + 16 | 27 + 16: a level per key, ids still dense and in order of first sight.
    const c = new Combinations([16, 16, 16, 16, 16, 27, 16], 'deep');
    const tuple = (i: number): number[] => [i % 3, 65_535, i % 5, i % 2, 0, 2 ** 27 - 1 - (i % 7), i % 4];
    const ids = Array.from({ length: 500 }, (_, i) => c.idOf(tuple(i)));
    for (let i = 0; i < 500; i++) {
      expect(c.idOf(tuple(i))).toBe(ids[i]);
      expect(Array.from({ length: 7 }, (_, k) => c.field(ids[i] as number, k))).toEqual(tuple(i));
    }
    expect(c.size).toBe(420); // lcm of 3, 5, 2, 7 and 4
    expect(ids.slice(0, 3)).toEqual([0, 1, 2]);
  });
});
