import { describe, expect, it } from 'vitest';
import { BackedPayloads, type PayloadBacking } from '../../sim/raft/log-payloads.js';

/** A disk log stand-in: records of two payload numbers. */
function disk(): PayloadBacking & { records: number[][] } {
  const records: number[][] = [];
  return {
    records,
    get length() {
      return records.length;
    },
    storedAt: (i, k) => records[i]?.[k] ?? Number.NaN,
  };
}

describe('BackedPayloads', () => {
  it('keeps only what is not written yet; reads the rest from the disk, through truncations and a failed write', () => {
    const d = disk();
    const p = new BackedPayloads(d, 0, 2, true);
    const entry = (i: number): number[] => [i, 100 + i];
    for (let i = 0; i < 4; i++) p.append(i, entry(i));
    d.records.push(entry(0), entry(1), entry(2)); // the fourth write failed (a full disk)
    p.sync(4);
    const read = (n: number): number[][] => Array.from({ length: n }, (_, i) => [p.get(i, 0), p.get(i, 1)]);
    expect(read(4)).toEqual([0, 1, 2, 3].map(entry));
    // A truncation below what was written: the log's entries from 1 on are new, the disk still has the old ones.
    p.truncate(1);
    p.append(1, [7, 8]);
    expect(read(2)).toEqual([entry(0), [7, 8]]);
    d.records.length = 1;
    d.records.push([7, 8]);
    p.sync(2);
    d.records[1] = [9, 9]; // what the log reads below the written mark comes from the disk
    expect(p.get(1, 0)).toBe(9);
  });

  it('a written entry whose disk record differs is an assertion failure', () => {
    const d = disk();
    const p = new BackedPayloads(d, 0, 2, true);
    p.append(0, [1, 2]);
    d.records.push([1, 3]);
    expect(() => p.sync(1)).toThrow(/entry 0: its disk record holds another payload/);
  });
});
