// Memory per stored message with 1M messages: the figure is printed, not
// asserted against time; the bound only catches an object-per-message regression.
import { describe, expect, it } from 'vitest';
import { makeRig, msg } from './store-host.js';

const N = 1_000_000;

/** A full GC before each reading, so garbage from array growth does not count (vitest workers run with --expose-gc). */
function collect(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc !== 'function') throw new Error('this test needs node --expose-gc (see vitest.config.ts)');
  gc();
}

describe('store memory', () => {
  it(`holds ${N} messages in columnar storage`, () => {
    const rig = makeRig({ config: { flushDiskType: 'ASYNC_FLUSH' } });
    rig.sim.runUntil(1);
    const h = rig.host();
    collect();
    const before = process.memoryUsage();
    const req = msg('T', 0);
    for (let i = 0; i < N; i++) {
      const r = h.s.putMessage(h.port, { ...req, uid: i, queueId: i % 16 });
      if (r.status !== 'PUT_OK') throw new Error(r.status);
    }
    collect();
    const after = process.memoryUsage();
    const used = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    const perMessage = used / N;
    console.log(`store memory: ${(used / 2 ** 20).toFixed(1)} MiB for ${N} messages = ${perMessage.toFixed(1)} B/message (heap + array-buffer growth after a full GC, commit log + 16 consume queues; the columns themselves are 11x8+9 B per record + 2x8+9 B per queue entry = 122 B, before capacity slack)`);
    expect(h.s.recordCount).toBe(N);
    expect(h.s.maxOffsetInQueue('T', 15)).toBe(N / 16);
    expect(h.s.getMessage('T', 7, 1000, 1).messages[0]?.uid).toBe(1000 * 16 + 7);
    expect(perMessage).toBeLessThan(250);
  }, 60_000);
});
