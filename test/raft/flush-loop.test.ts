// DLedger's flush rounds, computed (sim/raft/flush-loop.ts): each at its own
// instant, on the interval grid the timer would have kept.
import { describe, expect, it } from 'vitest';
import { FlushSchedule } from '../../sim/raft/flush-loop.js';
import { T_FLUSH } from '../../sim/raft/timers.js';

function clock(nowUs: number): {
  now(): number;
  hasTimer(): boolean;
  setTimer(name: string, d: number): void;
  set: string[];
} {
  const set: string[] = [];
  return { now: () => nowUs, hasTimer: () => false, setTimer: (name, d) => set.push(`${name}+${d}`), set };
}

/** The driver's loop (RaftDriver.catchUp): take each due round and run it, until none is due. */
function catchUp(f: FlushSchedule, nowUs: number, round: (atUs: number) => void): void {
  for (let at = f.takeDue(nowUs); at >= 0; at = f.takeDue(nowUs)) round(at);
}

describe('FlushSchedule', () => {
  it('runs the rounds due, late, each at its own instant; a round that re-arms counts from its instant', () => {
    const f = new FlushSchedule(10_000, false);
    f.arm(clock(1_000));
    const rounds: number[] = [];
    catchUp(f, 5_000, (at) => rounds.push(at)); // none due yet
    catchUp(f, 35_000, (at) => {
      rounds.push(at);
      if (rounds.length < 3) f.arm(clock(35_000), at); // the loop still has work
    });
    expect(rounds).toEqual([11_000, 21_000, 31_000]);
    catchUp(f, 60_000, (at) => rounds.push(at)); // the last round did not re-arm: the loop sleeps
    expect(rounds).toHaveLength(3);
  });

  it('arming while a round is due keeps that round; a pause makes it late; a clock skew moves it', () => {
    const f = new FlushSchedule(10_000, false);
    f.arm(clock(0));
    f.arm(clock(4_000)); // already due at 10 ms
    f.resumed(30_000); // paused across it: it runs at the resume
    f.clockMoved(500);
    const rounds: number[] = [];
    catchUp(f, 40_000, (at) => rounds.push(at));
    expect(rounds).toEqual([30_500]);
  });

  it('with ackAfterFsync the rounds are a timer', () => {
    const f = new FlushSchedule(10_000, true);
    const c = clock(0);
    f.arm(c);
    const rounds: number[] = [];
    catchUp(f, 50_000, (at) => rounds.push(at));
    expect(c.set).toEqual([`${T_FLUSH}+10000`]);
    expect(rounds).toEqual([]);
  });
});
