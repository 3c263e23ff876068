// §7 (a), (b), (c) at the level of broker nodes and NameServer routes:
// 3 NameServers, groups A (master + slave) and B (master), a stub producer
// writing to A's master.
import { describe, expect, it } from 'vitest';
import { Cluster, s, TOPIC } from './harness.js';
import { StubClient, StubProducer } from './stub-clients.js';
import { nonEmptyAll } from '../support/assertions.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

function cluster(seed: number): { c: Cluster; p: StubProducer } {
  const c = new Cluster(seed, 3);
  c.classic('broker-a', { slaves: 1 });
  c.classic('broker-b');
  const p = new StubProducer({
    clientIndex: 1,
    topic: TOPIC,
    queues: 4,
    intervalUs: s(0.2),
    startUs: s(1),
    target: () => nodeId('broker-a-0'),
  });
  c.sim.addNode('producer', () => p);
  return { c, p };
}

const rounds = (
  c: Cluster,
  node: string,
  fromUs: number,
): { atUs: number; ok: number; failed: number; masterAddr: string | null }[] =>
  c
    .eventsOf('broker.registered')
    .filter((x) => x.node === node && !x.e.oneway && x.atUs >= fromUs)
    .map((x) => ({ atUs: x.atUs, ok: x.e.ok, failed: x.e.failed, masterAddr: x.e.masterAddr }));

describe('§7 (a) NS1 and NS2 die, NS3 survives', () => {
  it('RST: every round gets 2 refusals and 1 success at once; the slave still learns its master from NS3', () => {
    const { c, p } = cluster(11);
    c.sim.runUntil(s(15));
    c.sim.crash(nodeId('ns-1'));
    c.sim.crash(nodeId('ns-2'));
    c.sim.runUntil(s(75));
    for (const node of ['broker-a-0', 'broker-a-1', 'broker-b-0']) {
      const after = rounds(c, node, s(15));
      expect(after.length).toBe(2); // rounds at 40 s and 70 s
      expect(nonEmptyAll(after, (r) => r.ok === 1 && r.failed === 2)).toBe(true);
      // Refused at once: the round ends within milliseconds of its start (40 s, 70 s).
      expect(nonEmptyAll(after, (r) => r.atUs % s(30) < s(10) + s(0.05))).toBe(true);
    }
    expect(nonEmptyAll(rounds(c, 'broker-a-1', s(15)), (r) => r.masterAddr === 'broker-a-0')).toBe(true);
    expect(
      c
        .ns(2)
        .registeredBrokers()
        .map((b) => `${b.brokerName}:${b.brokerId}`),
    ).toEqual(['broker-a:0', 'broker-a:1', 'broker-b:0']);
    expect(
      nonEmptyAll(
        p.records.filter((r) => r.sentUs > s(15)),
        (r) => r.code === 'SUCCESS',
      ),
    ).toBe(true);
  });

  it('blackhole: the dead NameServers time out, so a round lasts the full 6 s registration timeout', () => {
    const { c } = cluster(12);
    c.sim.runUntil(s(15));
    c.sim.powerLoss(hostId('ns-1'));
    c.sim.powerLoss(hostId('ns-2'));
    c.sim.runUntil(s(75));
    const after = rounds(c, 'broker-a-0', s(15));
    expect(after.length).toBe(1); // the 40 s round ends at 46 s; the 70 s round is still waiting at 75 s
    const first = after[0];
    expect(first?.ok).toBe(1);
    expect(first?.failed).toBe(2);
    expect(first !== undefined && first.atUs - s(40)).toBeGreaterThanOrEqual(s(6));
    expect(first !== undefined && first.atUs - s(40)).toBeLessThan(s(6.01));
  });
});

describe('§7 (b) all NameServers die', () => {
  it('registrations all fail, the data path and replication are unaffected', () => {
    const { c, p } = cluster(13);
    c.sim.runUntil(s(15));
    for (const ns of ['ns-1', 'ns-2', 'ns-3']) c.sim.crash(nodeId(ns));
    c.sim.runUntil(s(75));
    const after = rounds(c, 'broker-a-1', s(15));
    expect(after.length).toBe(2);
    expect(nonEmptyAll(after, (r) => r.ok === 0 && r.failed === 3)).toBe(true);
    const late = p.records.filter((r) => r.sentUs > s(15));
    expect(late.length).toBeGreaterThan(250);
    expect(nonEmptyAll(late, (r) => r.code === 'SUCCESS')).toBe(true);
    // A failed round leaves the slave's master address as it was: replication continues.
    expect(c.broker('broker-a-1').core?.masterAddr).toBe('broker-a-0');
    c.sim.runUntil(s(75.1));
    expect(c.broker('broker-a-1').store?.positions.appended).toBe(c.broker('broker-a-0').store?.positions.appended);
  });
});

describe('§7 (c) master of group A crashes, classic master/slave, no failover', () => {
  it('RST: removed from every NameServer at once; slave keeps id 1, loses its master, is overwritten with stale offsets after the master returns', () => {
    const { c, p } = cluster(14);
    const client = new StubClient();
    c.sim.addNode('client', () => client);
    const commit = (to: string, offset: number): void =>
      client.send(to, {
        type: 'UPDATE_CONSUMER_OFFSET',
        consumerGroup: 'cg',
        topic: TOPIC,
        queueId: 0,
        commitOffset: offset,
      });
    c.sim.at(s(2), () => commit('broker-a-0', 5));
    c.sim.runUntil(s(20));
    expect(c.broker('broker-a-1').core?.offsets.query('cg', TOPIC, 0)).toBe(5); // SlaveSynchronize copied it
    const slaveEndBefore = c.broker('broker-a-1').store?.positions.appended ?? -1;
    c.sim.crash(nodeId('broker-a-0'));
    c.sim.runUntil(s(21));
    const removed = c.eventsOf('ns.broker-removed').filter((x) => x.e.addr === 'broker-a-0');
    expect(removed.length).toBe(3);
    expect(nonEmptyAll(removed, (x) => x.e.reason === 'channel-closed' && x.atUs - s(20) < s(0.01))).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(c.nsAddr('broker-a', 0, i)).toBeUndefined();
      expect(c.nsAddr('broker-a', 1, i)).toBe('broker-a-1');
    }
    const haDown = c.eventsOf('broker.ha-disconnected').find((x) => x.node === 'broker-a-1');
    expect(haDown !== undefined && haDown.atUs - s(20)).toBeLessThan(s(0.01));
    // A consumer with no master commits to the slave (§3.9).
    c.sim.at(s(25), () => commit('broker-a-1', 9));
    c.sim.runUntil(s(55));
    expect(c.broker('broker-a-1').core?.masterAddr).toBeNull(); // the 40 s round returned no live master
    expect(c.broker('broker-a-1').core?.brokerId).toBe(1);
    expect(c.broker('broker-a-1').core?.offsets.query('cg', TOPIC, 0)).toBe(9);
    expect(
      nonEmptyAll(
        p.records.filter((r) => r.sentUs > s(20.1) && r.sentUs < s(55)),
        (r) => r.code === 'refused',
      ),
    ).toBe(true);
    // The master restarts at R = 60 s: it registers at once and reloads its last persisted offsets (5).
    c.sim.restart(nodeId('broker-a-0'));
    c.sim.runUntil(s(60.1));
    expect(c.nsAddr('broker-a', 0)).toBe('broker-a-0');
    c.sim.runUntil(s(110));
    const reconnect = c.eventsOf('broker.ha-connected').find((x) => x.node === 'broker-a-1' && x.atUs > s(60));
    expect(reconnect !== undefined && reconnect.atUs - s(60)).toBeLessThanOrEqual(s(5.01));
    expect(reconnect?.e.offset).toBe(slaveEndBefore); // resumes from its own offset
    const caughtUp = c.eventsOf('broker.ha-caught-up').find((x) => x.node === 'broker-a-1' && x.atUs > s(60));
    expect(caughtUp !== undefined && reconnect !== undefined && caughtUp.atUs - reconnect.atUs).toBeLessThan(s(0.1));
    const overwritten = c.eventsOf('broker.offsets-overwritten').find((x) => x.node === 'broker-a-1' && x.atUs > s(60));
    expect(overwritten?.e.movedBack).toBe(1);
    expect(overwritten !== undefined && overwritten.atUs - s(60)).toBeLessThanOrEqual(s(40));
    expect(c.broker('broker-a-1').core?.offsets.query('cg', TOPIC, 0)).toBe(5); // re-delivery of 5..8 ahead
  });

  it('blackhole: the NameServers notice the silent master only by expiry, (90, 130] s after the fault', () => {
    const { c } = cluster(15);
    c.sim.runUntil(s(27));
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(200));
    const removed = c.eventsOf('ns.broker-removed').filter((x) => x.e.addr === 'broker-a-0');
    expect(removed.length).toBe(3);
    for (const x of removed) {
      expect(x.atUs - s(27)).toBeGreaterThan(s(90));
      expect(x.atUs - s(27)).toBeLessThanOrEqual(s(130));
    }
    // The slave's HA link dies of housekeeping (20 s without data), not of a channel close.
    const haDown = c.eventsOf('broker.ha-disconnected').find((x) => x.node === 'broker-a-1');
    expect(haDown !== undefined && haDown.atUs - s(27)).toBeGreaterThan(s(20));
    expect(haDown !== undefined && haDown.atUs - s(27)).toBeLessThanOrEqual(s(26));
  });
});
