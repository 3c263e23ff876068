// Quiet when idle (issue 9 item 5): the flush services' ticks (computed, not
// timed: MessageStore.runTicks) do not run while nothing is dirty, and an append wakes them on their original grid with
// their "thorough flush every N s" clock kept as if they had ticked throughout
// (docs/model.md §3.3).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ms, sec } from '../../../sim/engine/index.js';
import { CommitLogFlusher } from '../../../sim/broker/store/flush-service.js';
import { QueueFlusher } from '../../../sim/broker/store/queue-flusher.js';
import type { StorePort } from '../../../sim/broker/store/types.js';
import { makeRig, msg, type Rig } from './store-host.js';

afterEach(() => {
  vi.restoreAllMocks();
});

interface Ticking {
  tick(port: StorePort, atUs: number): void;
}

/** Instants of the service's ticks: computed, not timed (MessageStore.runTicks), each run at its own instant. */
function ticksOf(proto: Ticking): number[] {
  const at: number[] = [];
  const original = Object.getOwnPropertyDescriptor(proto, 'tick')?.value as Ticking['tick'];
  vi.spyOn(proto, 'tick').mockImplementation(function (this: Ticking, port: StorePort, atUs: number) {
    at.push(atUs);
    original.call(this, port, atUs);
  });
  return at;
}

function putAt(rig: Rig, atUs: number): void {
  rig.sim.at(atUs, () => {
    const h = rig.host();
    expect(h.s.putMessage(h.port, msg('T', 0)).status).toBe('PUT_OK');
  });
}

describe('idle flush services', () => {
  it('the commit-log flush sleeps while clean and wakes on its grid with its 10 s thorough clock intact', () => {
    const rig = makeRig();
    const ticks = ticksOf(CommitLogFlusher.prototype);
    putAt(rig, ms(100));
    putAt(rig, ms(37_300));
    const flushedAt: { t: number; flushed: number }[] = [];
    for (const t of [ms(10_400), ms(39_900), ms(40_400)])
      rig.sim.at(t, () => flushedAt.push({ t, flushed: rig.host().s.positions.flushed }));
    rig.sim.runUntil(sec(45));
    // One small record: only the thorough flush (every 10 s on the 500 ms grid) saves it.
    const [early, beforeThorough, afterThorough] = flushedAt;
    expect(early?.flushed).toBeGreaterThan(0);
    expect(beforeThorough?.flushed).toBe(early?.flushed);
    // Had the tick slept through its 20 s and 30 s thorough flushes without counting them, 37.5 s would flush.
    expect(afterThorough?.flushed).toBeGreaterThan(beforeThorough?.flushed ?? 0);
    // Awake until the record is durable (10.5 s), asleep until the second put, then on the grid again.
    expect(ticks.filter((t) => t > sec(11) && t < ms(37_300))).toEqual([]);
    expect(ticks.filter((t) => t > ms(37_300) && t <= sec(41))).toEqual([
      ms(37_500),
      sec(38),
      ms(38_500),
      sec(39),
      ms(39_500),
      sec(40),
      ms(40_500),
    ]);
    expect(ticks.every((t) => t % ms(500) === 0)).toBe(true);
  });

  it('the consume-queue flush sleeps while every queue is clean and wakes when a put dispatches', () => {
    const rig = makeRig({ config: { flushConsumeQueueLeastPages: 0 } });
    const ticks = ticksOf(QueueFlusher.prototype);
    putAt(rig, ms(100));
    putAt(rig, ms(20_300));
    rig.sim.runUntil(sec(25));
    expect(ticks.filter((t) => t > sec(3) && t < ms(20_300))).toEqual([]);
    expect(ticks.filter((t) => t > ms(20_300) && t <= sec(22))).toEqual([sec(21), sec(22)]);
    expect(rig.host().s.positions.appended).toBeGreaterThan(0);
  });
});

describe('ASYNC_FLUSH fsyncs are polled (no completion event)', () => {
  it('the flushed offset moves at the fsync’s completion instant, read before the next tick', () => {
    const rig = makeRig({ config: { flushCommitLogLeastPages: 0 }, disk: { fsyncMinUs: 1000, fsyncMaxUs: 1000 } });
    const ticks = ticksOf(CommitLogFlusher.prototype);
    putAt(rig, ms(100));
    const flushed: number[] = [];
    for (const t of [ms(500), ms(501) + 1, ms(900)]) rig.sim.at(t, () => flushed.push(rig.host().s.positions.flushed));
    rig.sim.runUntil(sec(2));
    expect(ticks[0]).toBe(ms(500)); // issues the fsync, done at 501 ms
    const [atTick, justAfter, later] = flushed;
    expect(atTick).toBe(0);
    expect(justAfter).toBeGreaterThan(0);
    expect(later).toBe(justAfter);
  });
});
