// sortByPosition must give exactly the order of one comparator over (broker, topic, queueId, offset,
// tie-break): slot-conflicts' merge-join and its verdicts depend on it.
import { describe, expect, it } from 'vitest';
import { sortByPosition } from '../../sim/check/position-order.js';
import type { ColumnReader } from '../../sim/history/index.js';
import { lcg } from '../support/lcg.js';

const column = (values: readonly number[]): ColumnReader => ({ get: (row) => values[row] as number });

describe('sortByPosition', () => {
  it('orders rows by broker, topic, queue, offset and tie-break, as one comparator does', () => {
    const next = lcg(11);
    for (const n of [0, 1, 2, 7, 100, 2_000]) {
      // Few positions (16-bit ids, including the largest) and offsets that repeat, so the tie-break decides too.
      const broker = Array.from({ length: n }, () => [0, 3, 0xffff][next() % 3] as number);
      const topic = Array.from({ length: n }, () => next() % 2);
      const queueId = Array.from({ length: n }, () => next() % 4);
      const offset = Array.from({ length: n }, () => next() % 50);
      const atUs = Array.from({ length: n }, () => next() % 5);
      const tieBreak = (a: number, b: number): number => (atUs[a] as number) - (atUs[b] as number) || a - b;
      const cols = { broker: column(broker), topic: column(topic), queueId: column(queueId) };
      const rows = new Uint32Array(n);
      for (let i = 0; i < n; i++) rows[i] = (i * 37) % Math.max(1, n);
      const expected = Uint32Array.from(rows).sort(
        (a, b) =>
          (broker[a] as number) - (broker[b] as number) ||
          (topic[a] as number) - (topic[b] as number) ||
          (queueId[a] as number) - (queueId[b] as number) ||
          (offset[a] as number) - (offset[b] as number) ||
          tieBreak(a, b),
      );
      expect(sortByPosition(rows, cols, column(offset), tieBreak)).toEqual(expected);
    }
  });

  it('refuses a position field that is not a 16-bit id', () => {
    const cols = { broker: column([0x1_0000]), topic: column([0]), queueId: column([0]) };
    expect(() => sortByPosition(new Uint32Array([0]), cols, column([0]), (a, b) => a - b)).toThrow(/16-bit/);
  });
});
