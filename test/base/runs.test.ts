import { describe, expect, it } from 'vitest';
import { RunColumn } from '../../sim/base/index.js';

describe('RunColumn', () => {
  it('reads back every row, keeping one run per change of value', () => {
    const c = new RunColumn();
    const values = [1, 1, 1, 2, 2, 5, 5, 5, 5, 1, 7];
    for (const v of values) c.push(v);
    expect(c.length).toBe(values.length);
    expect(c.runs).toBe(5);
    // Backward and random reads, not only the sequential ones the cache serves.
    for (let i = values.length - 1; i >= 0; i--) expect(c.get(i)).toBe(values[i]);
    for (const i of [9, 0, 5, 3, 10, 4]) expect(c.get(i)).toBe(values[i]);
  });

  it('truncates from the end, dropping runs that start beyond it, and grows again', () => {
    const c = new RunColumn();
    for (const v of [3, 3, 4, 4, 4, 6]) c.push(v);
    c.truncate(3);
    expect(c.length).toBe(3);
    expect(c.runs).toBe(2);
    expect(c.get(2)).toBe(4);
    c.truncate(2);
    expect(c.runs).toBe(1);
    c.push(3); // same as the last run: extends it
    c.push(8);
    expect(c.runs).toBe(2);
    expect([c.get(0), c.get(1), c.get(2), c.get(3)]).toEqual([3, 3, 3, 8]);
    expect(() => c.get(4)).toThrow(/out of range/);
  });
});
