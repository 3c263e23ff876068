// Crash semantics of the store, derived from the disk model (docs/model.md §3.3, §3.6, §7(f)).
import { describe, expect, it } from 'vitest';
import { ms, sec, toPerMillion } from '../../../sim/engine/index.js';
import { drive, makeRig, msg, storedUids, type Rig, type Sent, type StoreHost } from './store-host.js';
import { hostId } from '../../../sim/engine/index.js';

/** Power loss of the store's host at cutUs, power back 1 s later; runs until it has recovered. */
function powerCycle(rig: Rig, cutUs: number): StoreHost {
  rig.sim.at(cutUs, () => rig.sim.powerLoss(hostId('b0')));
  rig.sim.at(cutUs + sec(1), () => rig.sim.powerOn(hostId('b0')));
  rig.sim.runUntil(cutUs + sec(2));
  return rig.host();
}

/** Asserts the survivors are exactly a prefix of what was stored, and returns the lost suffix. */
function lostSuffix(sent: readonly Sent[], stored: readonly number[]): Sent[] {
  const ok = sent.filter((s) => s.status === 'PUT_OK');
  expect(stored).toEqual(ok.slice(0, stored.length).map((s) => s.uid));
  return ok.slice(stored.length);
}

describe('store durability', () => {
  it('kill -9 loses nothing appended: the page cache survives, recovery is abnormal', () => {
    const rig = makeRig();
    const sent = drive(rig, { everyUs: ms(7), untilUs: sec(3), bodyBytes: 500, queues: 3 });
    rig.sim.at(sec(2), () => rig.sim.crash(rig.id));
    rig.sim.at(sec(2) + ms(100), () => rig.sim.restart(rig.id));
    rig.sim.runUntil(sec(4));
    const h = rig.host();
    expect(h.recovery?.abnormal).toBe(true);
    expect(h.recovery?.truncatedRecords).toBe(0);
    expect(lostSuffix(sent, storedUids(h, 3))).toEqual([]);
    expect(sent.filter((s) => s.status === 'PUT_OK').length).toBeGreaterThan(400);
  });

  it('ASYNC_FLUSH power loss at a low rate loses at most the last ~10 s (thorough flush) of appends', () => {
    let maxLost = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const rig = makeRig({ seed });
      const cutUs = sec(30) + rig.sim.stream('test').int(0, sec(20));
      const sent = drive(rig, { everyUs: sec(1), untilUs: cutUs, bodyBytes: 100 });
      const h = powerCycle(rig, cutUs);
      const lost = lostSuffix(sent, storedUids(h));
      for (const s of lost) expect(cutUs - s.atUs).toBeLessThanOrEqual(sec(10) + ms(500) + ms(2));
      expect(h.recovery?.abnormal).toBe(true);
      maxLost = Math.max(maxLost, lost.length);
    }
    // At 1 msg/s the 16 KiB threshold is never reached: only the 10 s thorough flush saves data.
    expect(maxLost).toBeGreaterThanOrEqual(5);
  });

  it('ASYNC_FLUSH power loss at a high rate loses at most ~500 ms of appends', () => {
    for (const seed of [11, 12, 13, 14]) {
      const rig = makeRig({ seed });
      const cutUs = sec(3) + rig.sim.stream('test').int(0, sec(1));
      const sent = drive(rig, { everyUs: ms(1), untilUs: cutUs, bodyBytes: 1024 });
      const lost = lostSuffix(sent, storedUids(powerCycle(rig, cutUs)));
      expect(lost.length).toBeGreaterThan(0);
      for (const s of lost) expect(cutUs - s.atUs).toBeLessThanOrEqual(ms(500) + ms(2));
    }
  });

  it('truncates a torn tail and consume-queue entries past the recovered end; queue offsets are reused', () => {
    // The commit log is never flushed, the consume queue every 100 ms: after power loss the queue runs ahead.
    const rig = makeRig({
      disk: { tornTailProbability: toPerMillion(1) },
      config: {
        flushCommitLogLeastPages: 1e9,
        flushCommitLogThoroughIntervalUs: sec(1e6),
        flushIntervalConsumeQueueUs: ms(100),
        flushConsumeQueueLeastPages: 0,
      },
    });
    rig.sim.runUntil(1);
    const first = rig.host();
    const earlyReqs = Array.from({ length: 5 }, () => msg('T', 0));
    const early = earlyReqs.map((r) => first.s.putMessage(first.port, r));
    rig.sim.at(ms(10), () => first.port.disk.fsync('store-b0/commitlog'));
    rig.sim.at(ms(50), () => {
      for (let i = 0; i < 5; i++) first.s.putMessage(first.port, msg('T', 0));
    });
    rig.sim.at(ms(500), () => rig.sim.powerLoss(hostId('b0')));
    rig.sim.at(sec(1), () => rig.sim.powerOn(hostId('b0')));
    rig.sim.runUntil(sec(1) + 1);
    const h = rig.host();
    expect(h.recovery).toMatchObject({ abnormal: true, truncatedRecords: 1, records: 5, truncatedQueueEntries: 5 });
    expect(h.s.maxOffsetInQueue('T', 0)).toBe(5);
    expect(storedUids(h)).toEqual(earlyReqs.map((r) => r.uid)); // exactly the five fsynced puts survive
    const again = h.s.putMessage(h.port, msg('T', 0));
    expect(again.queueOffset).toBe(5); // the lost message's offset, reused
    expect(again.commitLogOffset).toBe(early[4]?.endOffset);
  });

  it('drops the stale consume queue of a queue whose every record was lost', () => {
    // Nothing of the commit log is durable, the queue's index is: after power loss the queue has no record left.
    const rig = makeRig({
      disk: { tornTailProbability: toPerMillion(0) },
      config: {
        flushCommitLogLeastPages: 1e9,
        flushCommitLogThoroughIntervalUs: sec(1e6),
        flushIntervalConsumeQueueUs: ms(100),
        flushConsumeQueueLeastPages: 0,
      },
    });
    rig.sim.runUntil(1);
    const first = rig.host();
    for (let i = 0; i < 3; i++) first.s.putMessage(first.port, msg('Lonely', 0));
    const h = powerCycle(rig, sec(1));
    expect(h.recovery).toMatchObject({ records: 0, truncatedQueueEntries: 0 }); // the queue is not even known yet
    expect(h.s.maxOffsetInQueue('Lonely', 0)).toBe(0);
    const req = msg('Lonely', 0);
    expect(h.s.putMessage(h.port, req).queueOffset).toBe(0);
    expect(h.s.maxOffsetInQueue('Lonely', 0)).toBe(1);
    expect(h.s.getMessage('Lonely', 0, 0, 32).messages.map((m) => m.uid)).toEqual([req.uid]);
  });

  it('re-dispatches records whose consume-queue entries were lost', () => {
    // Commit log flushed every tick, consume queues never: the queue loses its entries, recovery rebuilds them.
    const rig = makeRig({ config: { flushCommitLogLeastPages: 0, flushIntervalConsumeQueueUs: sec(1e6) } });
    const sent = drive(rig, { everyUs: ms(10), untilUs: sec(2), bodyBytes: 100 });
    const h = powerCycle(rig, sec(3));
    expect(h.recovery?.redispatched).toBe(sent.length);
    expect(lostSuffix(sent, storedUids(h))).toEqual([]);
  });
});

describe('SYNC_FLUSH', () => {
  it('PUT_OK arrives only once durable, and survives power loss', () => {
    const rig = makeRig({ config: { flushDiskType: 'SYNC_FLUSH' } });
    const sent = drive(rig, { everyUs: ms(3), untilUs: sec(2), bodyBytes: 200 });
    rig.sim.at(sec(1), () => rig.sim.powerLoss(hostId('b0')));
    const acked: number[] = [];
    rig.sim.at(sec(1) - 1, () => {
      const h = rig.host();
      for (const d of h.durable) if (d.status === 'PUT_OK') acked.push(d.putId);
      expect(h.durable.every((d) => d.status === 'PUT_OK')).toBe(true);
      expect(h.s.waitingForFlush).toBeLessThan(3);
    });
    rig.sim.at(sec(2), () => rig.sim.powerOn(hostId('b0')));
    rig.sim.runUntil(sec(2) + 1);
    expect(sent.every((s) => s.putId > 0)).toBe(true);
    const ackedUids = new Set(sent.filter((s) => acked.includes(s.putId) && s.atUs < sec(1)).map((s) => s.uid));
    expect(ackedUids.size).toBeGreaterThan(300);
    const stored = new Set(storedUids(rig.host()));
    for (const uid of ackedUids) expect(stored.has(uid)).toBe(true);
  });

  it('a stuck disk gives FLUSH_DISK_TIMEOUT exactly syncFlushTimeout (5 s) after the put', () => {
    const rig = makeRig({ config: { flushDiskType: 'SYNC_FLUSH' } });
    rig.sim.runUntil(ms(100));
    rig.sim.disk(hostId('b0')).slowFactor = 100_000; // fsync now takes 20-200 s: whatever is drawn, far past the 5 s timeout
    const h = rig.host();
    const r = h.s.putMessage(h.port, msg('T', 0));
    expect(r).toMatchObject({ status: 'PUT_OK', awaitingFlush: true });
    const noWait = h.s.putMessage(h.port, msg('T', 0, { waitStoreMsgOK: false }));
    expect(noWait.awaitingFlush).toBe(false);
    rig.sim.runUntil(sec(30));
    expect(h.durable[0]).toEqual({ putId: r.putId, status: 'FLUSH_DISK_TIMEOUT', at: ms(100) + sec(5) });
    expect(h.durable.length).toBe(1);
    expect(h.s.getMessage('T', 0, 0, 32).messages.length).toBe(2); // stored, just not durable in time
  });

  it('failed fsyncs give FLUSH_DISK_TIMEOUT after two attempts, without waiting 5 s', () => {
    const rig = makeRig({ config: { flushDiskType: 'SYNC_FLUSH' } });
    rig.sim.runUntil(ms(100));
    rig.sim.disk(hostId('b0')).failFsync = true;
    const h = rig.host();
    const r = h.s.putMessage(h.port, msg('T', 0));
    rig.sim.runUntil(sec(1));
    expect(h.durable).toHaveLength(1);
    expect(h.durable[0]?.status).toBe('FLUSH_DISK_TIMEOUT');
    expect(h.durable[0]?.putId).toBe(r.putId);
    expect(h.durable[0]?.at).toBeLessThan(ms(100) + ms(5));
  });
});
