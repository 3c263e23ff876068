// Memory per stored message with 1M messages: the figures are printed, not
// asserted against time; the bounds check the column layout (deterministic
// bytes held in columns) and catch an object-per-message regression.
import { describe, expect, it } from 'vitest';
import { messageArenaOf } from '../../../sim/broker/store/message-arena.js';
import { makeRig, msg } from './store-host.js';

const N = 1_000_000;

/** A full GC before each reading, so garbage from array growth does not count (vitest workers run with --expose-gc). */
function collect(): void {
  const gc = Reflect.get(globalThis, 'gc') as (() => void) | undefined;
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
      const r = h.s.putMessage(h.port, { ...req, uid: i, originUid: i, queueId: i % 16 }); // first sends: each its own origin
      if (r.status !== 'PUT_OK') throw new Error(r.status);
    }
    h.arrived.length = 0; // the harness's own log of arrivals is not the store's memory
    collect();
    const after = process.memoryUsage();
    // Deterministic: what the store's typed columns hold (capacity included), from the disk's own accounting
    // (this replica's logs), and the run's shared arena of immutable records (once per message, whatever the replicas).
    const columns = rig.sim.disk(rig.sim.hostOf(rig.id)).residentBytes() / N;
    const shared = messageArenaOf(rig.interner).residentBytes / N;
    // From the process: JS-heap growth after a full GC, where an object per message would show
    // (ArrayBuffer backing stores are released lazily, so they are printed, not asserted).
    const heap = (after.heapUsed - before.heapUsed) / N;
    const buffers = (after.arrayBuffers - before.arrayBuffers) / N;
    console.log(
      `store memory for ${N} messages (commit log + 16 consume queues): replica columns ${columns.toFixed(1)} B/message (32-bit ref per record + 32-bit ref per fixed-size queue entry = 8 B; offsets and sizes come from the shared records), shared records ${shared.toFixed(1)} B/message (8 + 4x4 + 2 times x4 + offset x4 = 36 B, once for every replica; ${messageArenaOf(rig.interner).combinations} combinations of meta, topic and uid client; ${messageArenaOf(rig.interner).rareRecords} with sparse fields), plus at most one unused chunk per column; process: JS heap ${heap.toFixed(1)} B/message, array buffers ${buffers.toFixed(1)} B/message`,
    );
    expect(h.s.recordCount).toBe(N);
    expect(h.s.maxOffsetInQueue('T', 15)).toBe(N / 16);
    expect(h.s.getMessage('T', 7, 1000, 1).messages[0]?.uid).toBe(1000 * 16 + 7);
    expect(columns).toBeGreaterThanOrEqual(8);
    expect(shared).toBeGreaterThanOrEqual(36);
    // Chunked columns leave at most one chunk (4,096 rows) unused per column: about 1 B/message here.
    expect(columns).toBeLessThan(9);
    expect(shared).toBeLessThan(38);
    // An object per message costs >= 100 B of JS heap; columnar storage keeps heap growth near zero.
    expect(heap).toBeLessThan(50);
  }, 60_000);
});
