import { describe, expect, it } from 'vitest';
import { messageArenaOf } from '../../../sim/broker/store/message-arena.js';
import { RECORD_FIELDS } from '../../../sim/broker/store/record-codec.js';
import { sec } from '../../../sim/engine/index.js';
import { makeRig, msg } from './store-host.js';

describe('MessageStore put/get', () => {
  it('round-trips messages through the commit log and a consume queue', () => {
    const rig = makeRig();
    rig.sim.runUntil(1);
    const h = rig.host();
    const r0 = h.s.putMessage(h.port, msg('T', 1, { keys: 'order-7', bodyBytes: 300 }));
    const r1 = h.s.putMessage(h.port, msg('T', 1));
    const other = h.s.putMessage(h.port, msg('U', 0));
    expect([r0.status, r1.status, other.status]).toEqual(['PUT_OK', 'PUT_OK', 'PUT_OK']);
    expect([r0.queueOffset, r1.queueOffset, other.queueOffset]).toEqual([0, 1, 0]);
    expect(r1.commitLogOffset).toBe(r0.endOffset);
    expect(r0.awaitingFlush).toBe(false);
    const got = h.s.getMessage('T', 1, 0, 32);
    expect(got.status).toBe('FOUND');
    expect(got.nextBeginOffset).toBe(2);
    expect(got.messages.map((m) => [m.queueOffset, m.keys, m.bodyBytes, m.commitLogOffset, m.brokerName])).toEqual([
      [0, 'order-7', 300, r0.commitLogOffset, 'broker-a'],
      [1, '', 100, r1.commitLogOffset, 'broker-a'],
    ]);
    expect(h.s.lookupMessage(r1.commitLogOffset)?.uid).toBe(got.messages[1]?.uid);
    expect(h.s.lookupMessage(r1.commitLogOffset + 1)).toBeUndefined();
    expect(h.arrived).toEqual([
      { topic: 'T', queueId: 1, offset: 0 },
      { topic: 'T', queueId: 1, offset: 1 },
      { topic: 'U', queueId: 0, offset: 0 },
    ]);
    expect(h.s.listQueues()).toEqual([
      { topic: 'T', queueId: 1, minOffset: 0, maxOffset: 2 },
      { topic: 'U', queueId: 0, minOffset: 0, maxOffset: 1 },
    ]);
    expect(h.s.positions.dispatched).toBe(h.s.positions.appended);
  });

  it('classifies offsets: empty queue, overflow one, overflow badly (corrected to max), batch limits', () => {
    const rig = makeRig();
    rig.sim.runUntil(1);
    const h = rig.host();
    expect(h.s.getMessage('T', 0, 0, 32)).toMatchObject({
      status: 'NO_MESSAGE_IN_QUEUE',
      nextBeginOffset: 0,
      maxOffset: 0,
    });
    expect(h.s.getMessage('T', 0, 5, 32)).toMatchObject({ status: 'NO_MESSAGE_IN_QUEUE', nextBeginOffset: 0 });
    for (let i = 0; i < 40; i++) h.s.putMessage(h.port, msg('T', 0));
    expect(h.s.getMessage('T', 0, 40, 32)).toMatchObject({
      status: 'OFFSET_OVERFLOW_ONE',
      nextBeginOffset: 40,
      minOffset: 0,
      maxOffset: 40,
    });
    expect(h.s.getMessage('T', 0, 100, 32)).toMatchObject({ status: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 40 });
    const batch = h.s.getMessage('T', 0, 0, 100);
    expect(batch.messages.length).toBe(32); // maxTransferCountOnMessageInMemory
    expect(batch.nextBeginOffset).toBe(32);
    expect(h.s.getMessage('T', 0, 35, 3)).toMatchObject({ status: 'FOUND', nextBeginOffset: 38 });
  });

  it('a slave does not correct offsets (offsetCheckInSlave = false)', () => {
    const rig = makeRig();
    rig.sim.runUntil(1);
    const h = rig.host();
    for (let i = 0; i < 3; i++) h.s.putMessage(h.port, msg('T', 0));
    h.s.setBrokerRole('SLAVE');
    expect(h.s.getMessage('T', 0, 9, 32)).toMatchObject({ status: 'OFFSET_OVERFLOW_BADLY', nextBeginOffset: 9 });
    expect(h.s.putMessage(h.port, msg('T', 0)).status).toBe('SERVICE_NOT_AVAILABLE');
  });

  it('after retention: OFFSET_TOO_SMALL below the new min offset, expired records unreadable', () => {
    const rig = makeRig();
    rig.sim.runUntil(1);
    const h = rig.host();
    const puts = Array.from({ length: 10 }, () => h.s.putMessage(h.port, msg('T', 0)));
    const cut = puts[4]?.commitLogOffset ?? -1;
    h.s.expireBefore(h.port, cut);
    expect(h.s.minOffsetInQueue('T', 0)).toBe(4);
    expect(h.s.getMessage('T', 0, 1, 32)).toMatchObject({
      status: 'OFFSET_TOO_SMALL',
      nextBeginOffset: 4,
      minOffset: 4,
    });
    expect(h.s.lookupMessage(puts[0]?.commitLogOffset ?? -1)).toBeUndefined();
    // The retention point survives a restart.
    rig.sim.at(rig.sim.now + 10, () => rig.sim.restart(rig.id));
    rig.sim.runFor(sec(1));
    expect(rig.host().s.minOffsetInQueue('T', 0)).toBe(4);
  });

  it('OFFSET_FOUND_NULL when the index points at no record', () => {
    const rig = makeRig();
    rig.sim.runUntil(1);
    const h = rig.host();
    h.s.putMessage(h.port, msg('T', 0));
    // Forge an index entry pointing into the middle of the record (a corrupt consume queue): an entry is
    // a ref to a row of the run's records, and this row says 50 bytes at offset 7.
    const forged = messageArenaOf(rig.interner).add(new Array<number>(RECORD_FIELDS).fill(0), 7, 50);
    const cq = h.port.disk.log('store-b0/consumequeue/T/0', 1, { recordBytes: 20, uint32: true });
    cq.append(20, [forged]);
    expect(h.s.maxOffsetInQueue('T', 0)).toBe(2);
    expect(h.s.getMessage('T', 0, 1, 32)).toMatchObject({ status: 'OFFSET_FOUND_NULL', nextBeginOffset: 2 });
  });

  it('refuses illegal messages, puts before start and on a full disk', () => {
    const rig = makeRig({ config: { maxMessageSizeBytes: 1000 }, disk: { capacityBytes: 2000 } });
    rig.sim.runUntil(1);
    const h = rig.host();
    expect(h.s.putMessage(h.port, msg('T', 0, { bodyBytes: 1001 }))).toMatchObject({
      status: 'MESSAGE_ILLEGAL',
      queueOffset: -1,
    });
    expect(h.s.putMessage(h.port, msg('', 0)).status).toBe('MESSAGE_ILLEGAL');
    expect(h.s.putMessage(h.port, msg('T', 70_000)).status).toBe('MESSAGE_ILLEGAL');
    let last = h.s.putMessage(h.port, msg('T', 0, { bodyBytes: 900 }));
    expect(last.status).toBe('PUT_OK');
    last = h.s.putMessage(h.port, msg('T', 0, { bodyBytes: 900 }));
    expect(last).toMatchObject({ status: 'SERVICE_NOT_AVAILABLE', remark: 'disk full' });
    expect(h.s.maxOffsetInQueue('T', 0)).toBe(1);
  });

  it('suggests pulling from the slave when the data is beyond the in-memory window', () => {
    const rig = makeRig({ config: { physicalMemoryBytes: 10_000, accessMessageInMemoryMaxRatio: 40 } });
    rig.sim.runUntil(1);
    const h = rig.host();
    for (let i = 0; i < 100; i++) h.s.putMessage(h.port, msg('T', 0, { bodyBytes: 200 }));
    const cold = h.s.getMessage('T', 0, 0, 4);
    expect(cold.suggestPullingFromSlave).toBe(true);
    expect(h.s.isInMemory('T', 0, 0)).toBe(false);
    const hot = h.s.getMessage('T', 0, 98, 4);
    expect(hot.suggestPullingFromSlave).toBe(false);
    expect(h.s.isInMemory('T', 0, 99)).toBe(true);
    // Cold reads use the on-disk transfer limit (8 messages).
    expect(h.s.getMessage('T', 0, 0, 32).messages.length).toBe(8);
  });
});
