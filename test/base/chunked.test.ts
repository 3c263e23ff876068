import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, chunkedColumn } from '../../sim/base/index.js';

describe('chunkedColumn', () => {
  it('keeps every row across chunk boundaries, with several numbers per row', () => {
    const c = chunkedColumn(Float64Array, 3);
    const rows = CHUNK_ROWS * 2 + 5;
    for (let i = 0; i < rows; i++) for (let f = 0; f < 3; f++) c.set(i, f, i * 10 + f + 0.5);
    for (const i of [0, 15, 16, CHUNK_ROWS - 1, CHUNK_ROWS, rows - 1]) {
      expect([c.get(i, 0), c.get(i, 1), c.get(i, 2)]).toEqual([i * 10 + 0.5, i * 10 + 1.5, i * 10 + 2.5]);
    }
    expect(c.byteLength).toBe(3 * CHUNK_ROWS * 3 * 8);
    expect(c.rowBytes).toBe(24);
  });

  it('starts small and releases whole chunks on shrink', () => {
    const c = chunkedColumn(Uint8Array);
    expect(c.byteLength).toBeLessThan(CHUNK_ROWS);
    c.set(CHUNK_ROWS * 3, 0, 7);
    expect(c.byteLength).toBe(4 * CHUNK_ROWS);
    c.shrinkTo(CHUNK_ROWS + 1);
    expect(c.byteLength).toBe(2 * CHUNK_ROWS);
    c.set(CHUNK_ROWS * 2, 0, 9); // grows again: the released chunk comes back zeroed
    expect(c.get(CHUNK_ROWS * 2)).toBe(9);
    expect(c.get(CHUNK_ROWS * 2 + 1)).toBe(0);
  });
});

describe('chunkedColumn.copyRows', () => {
  it('copies the first rows across chunks into one plain array', () => {
    const c = chunkedColumn(Float64Array);
    const rows = CHUNK_ROWS + 3;
    for (let i = 0; i < rows; i++) c.set(i, 0, i * 2);
    const copy = c.copyRows(rows - 1);
    expect(copy.length).toBe(rows - 1);
    expect([copy[0], copy[CHUNK_ROWS - 1], copy[CHUNK_ROWS], copy[rows - 2]]).toEqual([
      0,
      (CHUNK_ROWS - 1) * 2,
      CHUNK_ROWS * 2,
      (rows - 2) * 2,
    ]);
  });
});
