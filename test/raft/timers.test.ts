// The driver keeps its timer deadlines in an array indexed by timerSlot: every name has its own place.
import { describe, expect, it } from 'vitest';
import { RAFT_TIMERS, timerSlot } from '../../sim/raft/timers.js';

describe('timerSlot', () => {
  it('is each name’s place in RAFT_TIMERS, distinct for every name', () => {
    expect(RAFT_TIMERS.map(timerSlot)).toEqual(RAFT_TIMERS.map((_, i) => i));
    expect(new Set(RAFT_TIMERS).size).toBe(RAFT_TIMERS.length);
  });
});
