// Classic HA after a master power loss left the slave ahead (docs/model.md §3.4):
// the master ships raw bytes from the slave's offset, which falls inside one of
// its new records; the slave stores that tail as a gap, acks it, and its
// dispatch stops there for good ([R4 HAC] WriteSocketService, [R4 HAS]
// HAClient.dispatchReadRequest, [R4 DMS] ReputMessageService.doReput).
import { describe, expect, it } from 'vitest';
import { hostId, ms, nodeId, sec, Simulation, type Message } from '../../../sim/engine/index.js';
import { resolveStoreConfig } from '../../../sim/broker/store/config.js';
import { Interner } from '../../../sim/base/index.js';
import { msg, storedUids, StoreHost } from './store-host.js';

function live(sim: Simulation<Message, string>, name: string): StoreHost {
  const h = sim.instance(nodeId(name));
  if (!(h instanceof StoreHost)) throw new Error(`${name} is down`);
  return h;
}

/** Ships everything the master has past the slave's end, as HA would; returns the head bytes of each batch. */
function ship(master: StoreHost, slave: StoreHost): number[] {
  const heads: number[] = [];
  for (;;) {
    const from = slave.s.positions.appended;
    const read = master.s.readForReplication(from, 32 * 1024);
    if (!read.ok) throw new Error(read.reason);
    if (read.nextOffset === from) return heads;
    heads.push(read.headBytes);
    const app = slave.s.appendReplicated(slave.port, from, read.records, read.headBytes);
    expect(app).toEqual({ ok: true, appended: read.records.length, maxPhysicalOffset: read.nextOffset });
  }
}

function put(h: StoreHost, bodyBytes: number): { uid: number; start: number; end: number } {
  const req = msg('T', 0, { bodyBytes });
  const r = h.s.putMessage(h.port, req);
  return { uid: req.uid, start: r.commitLogOffset, end: r.endOffset };
}

describe('classic HA resume after the master lost its tail', () => {
  it('ships the tail of a record from the slave offset; the slave stores a gap and its dispatch stops there', () => {
    const sim = new Simulation<Message, string>({ seed: 5, describeEvent: (e) => e });
    const interner = new Interner();
    sim.addNode('m', () => new StoreHost(resolveStoreConfig(), interner));
    sim.addNode('s', () => new StoreHost(resolveStoreConfig({ brokerRole: 'SLAVE' }), interner));
    sim.runUntil(1);
    const a = put(live(sim, 'm'), 100);
    const b = put(live(sim, 'm'), 100);
    sim.runUntil(sec(11)); // the 10 s thorough flush makes a and b durable
    expect(live(sim, 'm').s.positions.flushed).toBe(b.end);
    const c = put(live(sim, 'm'), 300);
    expect(ship(live(sim, 'm'), live(sim, 's'))).toEqual([0]);
    const slaveEnd = live(sim, 's').s.positions.appended;
    expect(slaveEnd).toBe(c.end);
    // ASYNC_FLUSH: the power loss cuts c from the master; the slave keeps it and is now ahead.
    sim.at(sec(11) + ms(1), () => sim.powerLoss(hostId('m')));
    sim.at(sec(12), () => sim.powerOn(hostId('m')));
    sim.runUntil(sec(13));
    const m = live(sim, 'm');
    const s = live(sim, 's');
    expect(m.s.positions.appended).toBe(b.end);
    // getCommitLogData returns nothing until the master's log passes the slave's offset.
    expect(m.s.readForReplication(slaveEnd, 32 * 1024)).toMatchObject({ ok: false, reason: 'OFFSET_BEYOND_END' });
    const d = put(m, 1000); // starts at b.end, so the slave's offset falls inside it
    const e = put(m, 100);
    expect(d.start).toBeLessThan(slaveEnd);
    expect(ship(m, s)).toEqual([d.end - slaveEnd]);
    expect(s.s.positions.appended).toBe(m.s.positions.appended);
    // The slave's dispatch stops at its old end: its queue keeps a, b, c and never shows d or e.
    expect(s.s.reputStoppedAt).toBe(slaveEnd);
    expect(storedUids(s)).toEqual([a.uid, b.uid, c.uid]);
    expect(s.s.maxOffsetInQueue('T', 0)).toBe(3);
    expect(s.s.holdsPastReputStop(e.uid)).toBe(true);
    expect(s.s.holdsPastReputStop(d.uid)).toBe(false);
    expect(s.s.lookupRecord(slaveEnd)).toBeUndefined();
    // Later batches line up again (whole records), and the queue still does not grow.
    const f = put(m, 100);
    expect(ship(m, s)).toEqual([0]);
    expect(s.s.maxOffsetInQueue('T', 0)).toBe(3);
    expect(s.s.holdsPastReputStop(f.uid)).toBe(true);
    // The master serves d, e, f at queue offsets 2, 3, 4 (c's offset 2 reused after its loss).
    expect(storedUids(m)).toEqual([a.uid, b.uid, d.uid, e.uid, f.uid]);
    // A restart's recovery reads a bad magic code at the gap and truncates there; HA then ships the same tail again.
    sim.at(sec(14), () => sim.crash(nodeId('s')));
    sim.at(sec(15), () => sim.restart(nodeId('s')));
    sim.runUntil(sec(16));
    const s2 = live(sim, 's');
    expect(s2.recovery?.truncatedRecords).toBe(3);
    expect(s2.s.positions.appended).toBe(slaveEnd);
    expect(s2.s.reputStoppedAt).toBe(-1);
    expect(ship(m, s2)).toEqual([d.end - slaveEnd]);
    expect(s2.s.reputStoppedAt).toBe(slaveEnd);
    expect(storedUids(s2)).toEqual([a.uid, b.uid, c.uid]);
  });
});
