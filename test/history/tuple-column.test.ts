import { describe, expect, it } from 'vitest';
import { ColumnTable, tuple, TupleColumn, uidIn } from '../../sim/history/index.js';
import { msgUid } from '../../sim/protocol/index.js';
import { CHUNK_ROWS } from '../../sim/base/index.js';

describe('TupleColumn', () => {
  it('stores each combination once and reads every field back per row, across chunks', () => {
    const c = new TupleColumn(['group', 'instance', 'topic', 'broker', 'queueId']);
    const rows = CHUNK_ROWS + 10;
    const at = (r: number): number[] => [r % 2, r % 3, 7, 65_535, r % 8];
    for (let r = 0; r < rows; r++) c.put(r, at(r));
    for (const r of [0, 1, 5, CHUNK_ROWS - 1, CHUNK_ROWS, rows - 1])
      expect([0, 1, 2, 3, 4].map((k) => c.field(r, k))).toEqual(at(r));
    expect(c.combinations).toBe(1 + 24); // the zero combination, then one per r mod 24 (lcm of 2, 3 and 8)
    expect(() => c.put(0, [0, 0, 0, 65_536, 0])).toThrow(/does not fit 16 bits/);
  });

  it('gives a table one read-only column per field, zero on a pushed row', () => {
    const t = new ColumnTable({ uid: Float64Array, where: tuple('group', 'queueId') });
    const a = t.push();
    const b = t.push();
    t.col.where.put(b, [3, 4]);
    expect([t.col.group.get(a), t.col.queueId.get(a), t.col.group.get(b), t.col.queueId.get(b)]).toEqual([0, 0, 3, 4]);
    expect(t.rowBytes()).toBe(10); // a Float64 uid and a 2-byte combination id (near-column.ts)
  });

  it('keeps a uid as its sequence plus a client field of the tuple: 2 bytes a row when near, exact, other fields kept', () => {
    const t = new ColumnTable({ where: tuple('queueId', 'client'), uid: uidIn('where', 'client') });
    const uids = [msgUid(0, 0), msgUid(1, 2 ** 32 - 1), msgUid(65_535, 7), msgUid(3, 123_456)];
    for (const [i, uid] of uids.entries()) {
      const r = t.push();
      t.col.where.put(r, [i, 0]);
      t.col.uid.set(r, 0, uid);
    }
    expect(uids.map((_, r) => t.col.uid.get(r))).toEqual(uids);
    expect(uids.map((_, r) => t.col.queueId.get(r))).toEqual([0, 1, 2, 3]);
    expect(Array.from(t.col.uid.copyRows(2))).toEqual(uids.slice(0, 2));
    expect(t.rowBytes()).toBe(4); // the sequence and the combination id, 2 bytes each while their chunk is narrow
    expect(() => t.col.uid.set(0, 0, msgUid(65_536, 0))).toThrow(/does not fit 16 bits/);
  });
});
