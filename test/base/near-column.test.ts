import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, NearColumn } from '../../sim/base/index.js';
import { RandomStreams } from '../../sim/engine/index.js';

describe('NearColumn', () => {
  it('keeps values close to their chunk base in 2 bytes a row, across chunks', () => {
    const c = new NearColumn(Int32Array);
    const rows = CHUNK_ROWS * 2 + 3;
    const at = (i: number): number => 1_000_000 + (i % 97) * 300 - i;
    for (let i = 0; i < rows; i++) c.set(i, 0, at(i));
    for (let i = 0; i < rows; i++) expect(c.get(i)).toBe(at(i));
    expect(c.wideChunks).toBe(0);
    expect(c.byteLength).toBe(3 * CHUNK_ROWS * 2);
    expect(c.rowBytes).toBe(2);
  });

  it('widens only the chunk whose value does not fit, keeping what it held', () => {
    const c = new NearColumn(Int32Array);
    for (let i = 0; i < 2 * CHUNK_ROWS; i++) c.set(i, 0, 500 + i);
    c.set(CHUNK_ROWS + 5, 0, -2_000_000_000);
    expect(c.wideChunks).toBe(1);
    expect(c.byteLength).toBe(CHUNK_ROWS * 2 + CHUNK_ROWS * 4);
    expect(c.get(CHUNK_ROWS + 5)).toBe(-2_000_000_000);
    expect(c.get(CHUNK_ROWS + 4)).toBe(500 + CHUNK_ROWS + 4);
    expect(c.get(4)).toBe(504);
    c.set(CHUNK_ROWS + 6, 0, 0);
    c.set(CHUNK_ROWS + 7, 0, -1);
    expect([c.get(CHUNK_ROWS + 6), c.get(CHUNK_ROWS + 7)]).toEqual([0, -1]);
  });

  it('0 and -1 never set a base; rows never set read 0', () => {
    const c = new NearColumn(Int32Array);
    c.set(0, 0, 0);
    c.set(1, 0, -1);
    c.set(2, 0, 2_000_000_000);
    c.set(3, 0, 2_000_000_000 - 32_766);
    expect([c.get(0), c.get(1), c.get(2), c.get(3), c.get(4)]).toEqual([
      0,
      -1,
      2_000_000_000,
      2_000_000_000 - 32_766,
      0,
    ]);
    expect(c.wideChunks).toBe(0);
  });

  it('reads back what an Int32Array or Uint32Array would hold, for any values', () => {
    const rng = new RandomStreams(7).stream('near');
    for (const ctor of [Int32Array, Uint32Array]) {
      const c = new NearColumn(ctor);
      const plain = new ctor(3 * CHUNK_ROWS);
      const specials = [0, -1, 2 ** 32 - 1, 2 ** 31, -(2 ** 31), 2 ** 32 + 5, 70_000];
      for (let i = 0; i < plain.length; i++) {
        const chunk = i >>> 12;
        // Chunk 0 close values, chunk 1 a few far ones, chunk 2 anything.
        const far = chunk === 2 || (chunk === 1 && rng.int(0, 999) === 0);
        const v = far ? (specials[rng.int(0, specials.length - 1)] as number) : 40_000 + rng.int(-30_000, 30_000);
        const row = rng.int(0, plain.length - 1);
        c.set(row, 0, v);
        plain[row] = v;
      }
      for (let i = 0; i < plain.length; i++) expect(c.get(i)).toBe(plain[i]);
    }
  });
});
