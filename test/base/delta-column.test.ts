import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, DeltaColumn } from '../../sim/base/index.js';

describe('DeltaColumn', () => {
  it('keeps times written in run order in 4 bytes a row, across chunks', () => {
    const c = new DeltaColumn();
    const rows = CHUNK_ROWS * 2 + 3;
    const at = (i: number): number => 86_400_000_000 + i * 1_234;
    for (let i = 0; i < rows; i++) c.set(i, 0, at(i));
    for (const i of [0, 1, CHUNK_ROWS - 1, CHUNK_ROWS, rows - 1]) expect(c.get(i)).toBe(at(i));
    expect(c.overflowRows).toBe(0);
    expect(c.byteLength).toBe(3 * CHUNK_ROWS * 4);
    expect(c.rowBytes).toBe(4);
  });

  it('stores every number exactly: 0, -1, a little earlier than the first, too far either side, fractions', () => {
    const c = new DeltaColumn();
    const values = [
      0,
      5_000_000,
      -1,
      4_999_999,
      5_000_000 + 2 ** 32,
      7.5,
      0,
      6_000_000,
      -3,
      2 ** 53,
      4_000_000 - 2 ** 31,
    ];
    values.forEach((v, i) => c.set(i, 0, v));
    values.forEach((v, i) => expect(c.get(i)).toBe(v));
    expect(c.get(values.length)).toBe(0); // a row never set reads 0, like a zeroed typed array
    c.set(2, 0, 5_000_010); // rewriting a row: -1 becomes a time
    c.set(4, 0, 5_000_020); // an overflowed row back in range leaves the side map
    expect([c.get(2), c.get(4)]).toEqual([5_000_010, 5_000_020]);
    expect(c.overflowRows).toBe(3);
    expect(Array.from(c.copyRows(3))).toEqual([0, 5_000_000, 5_000_010]);
  });

  it('forgets truncated rows: a released chunk takes a new base', () => {
    const c = new DeltaColumn();
    for (let i = 0; i < CHUNK_ROWS + 2; i++) c.set(i, 0, 10 ** 12 + i);
    c.set(CHUNK_ROWS + 2, 0, 7.5);
    c.shrinkTo(CHUNK_ROWS);
    expect(c.byteLength).toBe(CHUNK_ROWS * 4);
    expect(c.overflowRows).toBe(0);
    c.set(CHUNK_ROWS, 0, 3 * 10 ** 12); // far from the released chunk's old base: fits its new one
    expect(c.get(CHUNK_ROWS)).toBe(3 * 10 ** 12);
    expect(c.get(CHUNK_ROWS - 1)).toBe(10 ** 12 + CHUNK_ROWS - 1);
    expect(c.overflowRows).toBe(0);
  });
});
