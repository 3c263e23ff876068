// sortByPosition must give exactly the order of one comparator over (broker, topic, queueId, offset,
// tie-break): slot-conflicts' merge-join and its verdicts depend on it.
import { describe, expect, it } from 'vitest';
import { PositionKeys, sortByPosition } from '../../sim/check/position-order.js';
import { TupleColumn, type ColumnReader } from '../../sim/history/index.js';
import { lcg } from '../support/lcg.js';

const column = (values: readonly number[]): ColumnReader => ({ get: (row) => values[row] as number });

/** Rows of a tuple column (broker, topic, queueId) as the history keeps them; `bits` widens a field. */
function positions(fields: readonly (readonly number[])[], bits: Record<string, number> = {}): PositionKeys {
  const where = new TupleColumn(['broker', 'topic', 'queueId'], bits);
  const n = fields[0]?.length ?? 0;
  for (let row = 0; row < n; row++)
    where.put(
      row,
      [0, 1, 2].map((k) => fields[k]?.[row] as number),
    );
  return new PositionKeys(where);
}

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
      const cols = positions([broker, topic, queueId]);
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
    // The tuple holds a 17-bit broker field; a position key does not.
    const cols = positions([[0x1_0000], [0], [0]], { broker: 17 });
    expect(() => sortByPosition(new Uint32Array([0]), cols, column([0]), (a, b) => a - b)).toThrow(/16-bit/);
  });
});
