// Classic HA (readForReplication / appendReplicated) and DLedger-mode dispatch
// bounded by the confirm offset (docs/model.md §3.4, §4.4).
import { describe, expect, it } from 'vitest';
import { Simulation, type Message } from '../../../sim/engine/index.js';
import { resolveStoreConfig } from '../../../sim/broker/store/config.js';
import { Interner } from '../../../sim/base/index.js';
import { messageArenaOf } from '../../../sim/broker/store/message-arena.js';
import { makeRig, msg, StoreHost } from './store-host.js';
import { nodeId } from '../../../sim/engine/index.js';

function masterAndSlave(): { master: StoreHost; slave: StoreHost; sim: Simulation<Message, string> } {
  const sim = new Simulation<Message, string>({ seed: 3, describeEvent: (e) => e });
  const interner = new Interner();
  sim.addNode('m', () => new StoreHost(resolveStoreConfig(), interner));
  sim.addNode('s', () => new StoreHost(resolveStoreConfig({ brokerRole: 'SLAVE' }), interner));
  sim.runUntil(1);
  const master = sim.instance(nodeId('m'));
  const slave = sim.instance(nodeId('s'));
  if (!(master instanceof StoreHost) || !(slave instanceof StoreHost)) throw new Error('hosts not started');
  return { master, slave, sim };
}

describe('classic HA replication', () => {
  it('ships records in batches; the slave serves the same messages at the same offsets', () => {
    const { master, slave } = masterAndSlave();
    for (let i = 0; i < 50; i++)
      master.s.putMessage(master.port, msg(`T${i % 3}`, i % 2, { keys: `k${i}`, bodyBytes: 1000 }));
    let from = slave.s.positions.appended;
    let batches = 0;
    for (;;) {
      const read = master.s.readForReplication(from, 8 * 1024);
      if (!read.ok) throw new Error(read.reason);
      if (read.records.length === 0) break;
      batches++;
      const app = slave.s.appendReplicated(slave.port, from, read.records);
      expect(app).toEqual({ ok: true, appended: read.records.length, maxPhysicalOffset: read.nextOffset });
      from = read.nextOffset;
    }
    expect(batches).toBeGreaterThan(5);
    expect(slave.s.positions.appended).toBe(master.s.positions.appended);
    expect(slave.s.listQueues()).toEqual(master.s.listQueues());
    for (const q of master.s.listQueues()) {
      const a = master.s.getMessage(q.topic, q.queueId, 0, 32).messages;
      const b = slave.s.getMessage(q.topic, q.queueId, 0, 32).messages;
      expect(b).toEqual(a);
    }
    // A slave that becomes master continues the queue offsets it replicated.
    slave.s.setBrokerRole('ASYNC_MASTER');
    expect(slave.s.putMessage(slave.port, msg('T0', 0)).queueOffset).toBe(master.s.maxOffsetInQueue('T0', 0));
  });

  it('rejects offsets beyond the end, and batches that do not start at the slave end', () => {
    const { master, slave } = masterAndSlave();
    const puts = Array.from({ length: 4 }, () => master.s.putMessage(master.port, msg('T', 0)));
    const end = master.s.positions.appended;
    expect(master.s.readForReplication(end + 1, 1024)).toEqual({
      ok: false,
      reason: 'OFFSET_BEYOND_END',
      maxPhysicalOffset: end,
    });
    expect(master.s.readForReplication(end, 1024)).toEqual({ ok: true, headBytes: 0, records: [], nextOffset: end });
    const read = master.s.readForReplication(0, 1 << 20);
    if (!read.ok) throw new Error(read.reason);
    // The slave is at 0: a batch claiming to start elsewhere is dropped whole.
    expect(slave.s.appendReplicated(slave.port, puts[1]?.commitLogOffset ?? -1, read.records.slice(1))).toEqual({
      ok: false,
      reason: 'OFFSET_MISMATCH',
      maxPhysicalOffset: 0,
    });
    const gap = [read.records[0], read.records[2]].filter((r) => r !== undefined);
    expect(slave.s.appendReplicated(slave.port, 0, gap)).toMatchObject({ ok: false, reason: 'RECORD_NOT_CONTIGUOUS' });
    expect(slave.s.recordCount).toBe(0);
    expect(slave.s.appendReplicated(slave.port, 0, read.records)).toMatchObject({ ok: true, appended: 4 });
  });
});

describe('DLedger mode (manual confirm)', () => {
  it('exposes records only up to the confirm offset and frees queue offsets of a truncated suffix', () => {
    const rig = makeRig({ confirmMode: 'manual' });
    rig.sim.runUntil(1);
    const h = rig.host();
    const a = h.s.putMessage(h.port, msg('T', 0));
    const b = h.s.putMessage(h.port, msg('T', 0));
    const c = h.s.putMessage(h.port, msg('T', 0));
    expect([a.queueOffset, b.queueOffset, c.queueOffset]).toEqual([0, 1, 2]);
    expect(h.s.maxOffsetInQueue('T', 0)).toBe(0);
    expect(h.arrived).toEqual([]);
    h.s.setConfirmOffset(h.port, a.endOffset);
    expect(h.s.positions).toMatchObject({ confirmed: a.endOffset, dispatched: a.endOffset, appended: c.endOffset });
    expect(h.s.getMessage('T', 0, 0, 32).messages.map((m) => m.queueOffset)).toEqual([0]);
    expect(() => h.s.setConfirmOffset(h.port, a.endOffset + 1)).toThrow(/record boundary/);
    expect(() => h.s.truncateTo(h.port, 0)).toThrow(/dispatched/);
    // The uncommitted suffix b, c diverged: cut it; the next put reuses offset 1.
    h.s.truncateTo(h.port, b.commitLogOffset);
    expect(h.s.positions.appended).toBe(b.commitLogOffset);
    expect(h.s.putMessage(h.port, msg('T', 0)).queueOffset).toBe(1);
  });

  it('after a restart, only what the queues already exposed is dispatched until the broker confirms more', () => {
    const rig = makeRig({ confirmMode: 'manual' });
    rig.sim.runUntil(1);
    const h = rig.host();
    const puts = Array.from({ length: 6 }, () => h.s.putMessage(h.port, msg('T', 0)));
    h.s.setConfirmOffset(h.port, puts[2]?.endOffset ?? -1);
    rig.sim.at(10, () => rig.sim.crash(rig.id));
    rig.sim.at(20, () => rig.sim.restart(rig.id));
    rig.sim.runUntil(30);
    const again = rig.host();
    expect(again.s.positions).toMatchObject({
      confirmed: puts[2]?.endOffset,
      dispatched: puts[2]?.endOffset,
      appended: puts[5]?.endOffset,
    });
    expect(again.s.maxOffsetInQueue('T', 0)).toBe(3);
    again.s.setConfirmOffset(again.port, puts[5]?.endOffset ?? -1);
    expect(again.s.maxOffsetInQueue('T', 0)).toBe(6);
    expect(again.s.putMessage(again.port, msg('T', 0)).queueOffset).toBe(6);
  });
});

describe('records shared by reference (DLedger followers)', () => {
  it("a follower keeps the master's record by its arena ref: same messages, no new row, its own bytes and losses", () => {
    const { master, slave, sim } = masterAndSlave();
    for (let i = 0; i < 6; i++)
      master.s.putMessage(
        master.port,
        msg('T', i % 2, { keys: `k${i}`, bodyBytes: 300 + i, reconsumeTimes: i, delayLevel: i % 3 }),
      );
    const arena = messageArenaOf(master.s.options.interner);
    const rows = arena.length;
    // A record that does not start at the follower's end is refused, as appendReplicated refuses a misaligned batch.
    const second = master.s.recordRefAt(arena.endOf(master.s.recordRefAt(0)));
    expect(slave.s.appendReplicatedRef(slave.port, second)).toEqual({
      ok: false,
      reason: 'OFFSET_MISMATCH',
      maxPhysicalOffset: 0,
    });
    let at = 0;
    while (at < master.s.positions.appended) {
      const ref = master.s.recordRefAt(at);
      const r = slave.s.appendReplicatedRef(slave.port, ref);
      expect(r.ok).toBe(true);
      at = arena.endOf(ref);
    }
    expect(arena.length).toBe(rows);
    expect(slave.s.positions.appended).toBe(master.s.positions.appended);
    for (const q of master.s.listQueues())
      expect(slave.s.getMessage(q.topic, q.queueId, 0, 32).messages).toEqual(
        master.s.getMessage(q.topic, q.queueId, 0, 32).messages,
      );
    expect(slave.s.lookupRecord(0)).toEqual(master.s.lookupRecord(0));
    // Fields most messages leave at their default are kept only where they differ, and read back exactly.
    const retry = master.s.putMessage(
      master.port,
      msg('%RETRY%g', 0, { originUid: 2 ** 40 + 3, originTopic: 'T', realTopic: 'R', realQueueId: 2, tagsCode: 77 }),
    );
    const plain = master.s.putMessage(master.port, msg('T', 1));
    expect(master.s.lookupRecord(retry.commitLogOffset)).toMatchObject({
      topic: '%RETRY%g',
      originUid: 2 ** 40 + 3,
      originTopic: 'T',
      realTopic: 'R',
      realQueueId: 2,
      tagsCode: 77,
    });
    expect(master.s.lookupRecord(plain.commitLogOffset)).toMatchObject({
      topic: 'T',
      originTopic: 'T',
      realTopic: '',
      realQueueId: 0,
      tagsCode: 0,
    });
    expect(master.s.lookupRecord(plain.commitLogOffset)?.originUid).toBe(
      master.s.lookupRecord(plain.commitLogOffset)?.uid,
    );
    expect(arena.rareRecords).toBe(1);
    // Each replica's disk is its own: the slave's host loses power before any fsync and loses its copies only.
    sim.powerLoss(sim.hostOf(nodeId('s')));
    sim.powerOn(sim.hostOf(nodeId('s')));
    sim.restart(nodeId('s'));
    sim.runUntil(sim.now + 1);
    const back = sim.instance(nodeId('s'));
    if (!(back instanceof StoreHost)) throw new Error('slave not back');
    expect(back.s.positions.appended).toBe(0);
    expect(master.s.getMessage('T', 0, 0, 32).messages).toHaveLength(3);
  });
});
