// ComputedTicker: GridTicker's grid, sleep and wake, with the next tick kept as
// an instant instead of a timer (the store's flush ticks; issue 9).
import { describe, expect, it } from 'vitest';
import { ComputedTicker } from '../../sim/engine/index.js';

describe('ComputedTicker', () => {
  it('ticks an interval apart while busy, sleeps when idle and wakes on its original grid', () => {
    const t = new ComputedTicker(500);
    expect(t.dueUs).toBe(-1);
    t.start(100);
    expect(t.dueUs).toBe(600);
    t.next(600, true);
    expect(t.dueUs).toBe(1100);
    t.next(1100, false);
    expect(t.dueUs).toBe(-1);
    expect(t.wake(2_350)).toBe(1100); // slept at 1100: the ticks it slept through follow it
    expect(t.dueUs).toBe(2_600);
    expect(t.wake(2_400)).toBe(-1); // awake: nothing moves
    expect(t.dueUs).toBe(2_600);
  });

  it('a tick due during a pause comes at the resume; a clock step moves the next tick with it', () => {
    const t = new ComputedTicker(500);
    t.start(0);
    t.resumed(300); // not yet due
    expect(t.dueUs).toBe(500);
    t.resumed(900);
    expect(t.dueUs).toBe(900);
    t.next(900, true);
    expect(t.dueUs).toBe(1_400);
    t.clockMoved(-200);
    expect(t.dueUs).toBe(1_200);
    t.next(1_200, false);
    t.clockMoved(1_000); // asleep: nothing to move
    expect(t.dueUs).toBe(-1);
  });
});
