import { describe, expect, it } from 'vitest';
import { ColumnTable, tuple, TupleColumn, uidIn } from '../../sim/history/index.js';
import { MAX_UID_CLIENT, msgUid } from '../../sim/protocol/index.js';
import { sendSeq } from '../../sim/client/producer.js';
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

  it('keeps a uid as its count plus a high-part field of the tuple: exact at every limit, other fields kept', () => {
    const t = new ColumnTable({ where: tuple('queueId', 'client'), uid: uidIn('where', 'client') });
    const uids = [
      msgUid(0, 0),
      msgUid(1, 2 ** 32 - 1),
      msgUid(65_535, 7),
      msgUid(3, 123_456),
      msgUid(MAX_UID_CLIENT, 2 ** 32 - 1),
    ];
    for (const [i, uid] of uids.entries()) {
      const r = t.push();
      t.col.where.put(r, [i, 0]);
      t.col.uid.set(r, 0, uid);
    }
    expect(uids.map((_, r) => t.col.uid.get(r))).toEqual(uids);
    expect(uids.map((_, r) => t.col.queueId.get(r))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(t.col.uid.copyRows(2))).toEqual(uids.slice(0, 2));
    expect(t.rowBytes()).toBe(4); // the sequence and the combination id, 2 bytes each while their chunk is narrow
  });

  it("keeps a restarted producer's uids (its start's block of 2^26) in 2 bytes a row beside the others", () => {
    const t = new ColumnTable({ where: tuple('queueId', 'client'), uid: uidIn('where', 'client') });
    const rows = 3 * CHUNK_ROWS;
    // Producers 1..3 from their first start; producer 4 restarted after 50,000 messages (sendSeq(1, n)).
    const uid = (r: number): number =>
      r % 4 === 3 ? msgUid(4, sendSeq(1, Math.floor(r / 4))) : msgUid(1 + (r % 4), 50_000 + Math.floor(r / 4));
    for (let r = 0; r < rows; r++) {
      const row = t.push();
      t.col.where.put(row, [r % 8, 0]);
      t.col.uid.set(row, 0, uid(r));
    }
    for (let r = 0; r < rows; r++) expect(t.col.uid.get(r)).toBe(uid(r));
    expect(t.col.uid.byteLength).toBe(rows * 2);
  });
});
