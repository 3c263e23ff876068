// NameServer behaviour end to end on the kernel, with stub brokers (docs/model.md §2.3, §7(b), §7(c)).
import { describe, expect, it } from 'vitest';
import { ms, nodeId, sec } from '../../sim/engine/index.js';
import { describeClusterEvent } from '../../sim/protocol/index.js';
import { NsRig } from './cluster-rig.js';
import { topicConfig } from './stub-broker.js';
import { hostId } from '../../sim/engine/index.js';

function twoGroups(seed: number, config = {}): NsRig {
  const rig = new NsRig(seed, ['ns1', 'ns2'], config);
  rig.addBroker('a0', { brokerName: 'broker-a', brokerId: 0, topics: [topicConfig('T'), topicConfig('OnlyA')] });
  rig.addBroker('a1', { brokerName: 'broker-a', brokerId: 1 });
  rig.addBroker('b0', { brokerName: 'broker-b', brokerId: 0, topics: [topicConfig('T')] });
  return rig;
}

describe('NamesrvNode', () => {
  it('registers brokers, tells the slave its master, and explains each step', () => {
    const rig = twoGroups(1);
    rig.sim.runUntil(sec(45));
    for (const ns of ['ns1', 'ns2'])
      expect(rig.listed(ns)).toEqual(['broker-a/0/a0', 'broker-a/1/a1', 'broker-b/0/b0']);
    expect(rig.broker('a1').masterAddr).toBe('a0');
    const route = rig.ns('ns1').routes.pickupTopicRouteData('T');
    expect(route?.queueDatas.map((q) => q.brokerName)).toEqual(['broker-a', 'broker-b']);
    const lines = rig.events.filter((r) => r.node === 'ns1').map((r) => describeClusterEvent(r.e));
    expect(lines[0]).toBe(
      'ns1: started with empty tables (routes live only in memory; brokers refill them within one registration period)',
    );
    expect(lines).toContain('ns1: registered broker-a id=0 at a0; its topics enter the routes');
    expect(lines).toContain('ns1: re-registered broker-a id=0 at a0');
  });

  it('removes a killed broker at once (channel close), keeping the group while its slave lives', () => {
    const rig = twoGroups(2);
    rig.sim.at(sec(50), () => rig.sim.crash(nodeId('a0')));
    rig.sim.runUntil(sec(50) + ms(20));
    for (const ns of ['ns1', 'ns2']) expect(rig.listed(ns)).toEqual(['broker-a/1/a1', 'broker-b/0/b0']);
    const removed = rig.removals('a0');
    expect(removed.map((r) => [r.node, r.e.reason])).toEqual([
      ['ns1', 'channel-closed'],
      ['ns2', 'channel-closed'],
    ]);
    for (const r of removed) expect(r.t - sec(50)).toBeLessThan(ms(10));
    // The group keeps its QueueData: consumers still read from the slave.
    expect(rig.ns('ns1').routes.pickupTopicRouteData('OnlyA')?.brokerDatas[0]?.brokerAddrs).toEqual([
      { brokerId: 1, addr: 'a1' },
    ]);
    // The slave's next registration learns there is no master.
    rig.sim.runUntil(sec(75));
    expect(rig.broker('a1').masterAddr).toBeNull();
  });

  it('removes the group and its topics when its last address goes', () => {
    const rig = twoGroups(3);
    rig.sim.at(sec(50), () => {
      rig.sim.crash(nodeId('a0'));
      rig.sim.crash(nodeId('a1'));
    });
    rig.sim.runUntil(sec(51));
    const ns1 = rig.ns('ns1');
    expect(ns1.routes.pickupTopicRouteData('OnlyA')).toBeNull();
    expect(
      rig.events.some((r) => r.node === 'ns1' && r.e.kind === 'ns.group-removed' && r.e.brokerName === 'broker-a'),
    ).toBe(true);
  });

  for (const [fault, idle] of [
    ['power loss', true],
    ['partition', true],
    ['power loss', false],
    ['partition', false],
  ] as const) {
    it(`removes a silently dead broker (${fault}, ${idle ? 'idle channel' : 'expiry scan only'}) 90-130 s after the fault`, () => {
      const delays: number[] = [];
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const rig = twoGroups(seed, idle ? {} : { serverChannelMaxIdleUs: 0 });
        const faultUs = sec(60) + rig.sim.stream('test').int(0, sec(30));
        rig.sim.at(faultUs, () =>
          fault === 'partition'
            ? rig.sim.partition([nodeId('b0')], [nodeId('ns1'), nodeId('ns2'), nodeId('a0'), nodeId('a1')])
            : rig.sim.powerLoss(hostId('b0')),
        );
        rig.sim.runUntil(faultUs + sec(140));
        const removed = rig.removals('b0');
        expect(removed.map((r) => r.node).sort()).toEqual(['ns1', 'ns2']);
        for (const r of removed) {
          expect(r.e.reason).toBe(idle ? 'channel-idle' : 'expired');
          delays.push(r.t - faultUs);
        }
        expect(rig.listed('ns1')).not.toContain('broker-b/0/b0');
      }
      for (const d of delays) {
        expect(d).toBeGreaterThan(sec(90));
        expect(d).toBeLessThanOrEqual(sec(130));
      }
      // The spread comes from the heartbeat's age at the fault (0-30 s).
      expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(sec(10));
    });
  }

  it('a forward jump of its clock makes the sleeping expiry scan run at the next 10 s tick', () => {
    // The scan sleeps until the oldest live address could expire; a jump of the NameServer's wall clock
    // brings that nearer, and the scan must see it on its fixed grid (5 s, then every 10 s), as a scan
    // ticking every 10 s would.
    for (const seed of [1, 2, 3]) {
      const rig = twoGroups(seed, { serverChannelMaxIdleUs: 0 });
      rig.sim.at(sec(60), () => rig.sim.powerLoss(hostId('b0')));
      rig.sim.at(sec(90) + ms(3), () => rig.sim.setClockSkew(nodeId('ns1'), sec(100)));
      rig.sim.runUntil(sec(200));
      const onNs1 = rig.removals('b0').filter((r) => r.node === 'ns1');
      expect(onNs1.map((r) => [r.e.reason, r.t])).toEqual([['expired', sec(95)]]);
    }
  });

  it('a restarted NameServer comes back empty and refills within one registration period', () => {
    const rig = twoGroups(4);
    rig.sim.at(sec(100), () => rig.sim.crash(nodeId('ns1')));
    rig.sim.at(sec(101), () => rig.sim.restart(nodeId('ns1')));
    rig.sim.runUntil(sec(101) + 1);
    expect(rig.listed('ns1')).toEqual([]);
    expect(rig.ns('ns1').routes.pickupTopicRouteData('T')).toBeNull(); // TOPIC_NOT_EXIST meanwhile
    expect(rig.listed('ns2')).toHaveLength(3);
    rig.sim.runUntil(sec(101) + sec(30) + ms(50));
    expect(rig.listed('ns1')).toEqual(['broker-a/0/a0', 'broker-a/1/a1', 'broker-b/0/b0']);
  });

  it('id 0 is last-writer-wins: a late registration of the old master takes the slot back', () => {
    const rig = new NsRig(5, ['ns1']);
    rig.addBroker('n0', { brokerName: 'g', brokerId: 0 });
    rig.addBroker('n1', { brokerName: 'g', brokerId: 2, initialDelayUs: sec(8) });
    rig.sim.runUntil(sec(5));
    expect(rig.listed('ns1')).toEqual(['g/0/n0', 'g/2/n1']);
    rig.sim.at(sec(6), () => rig.broker('n1').changeId(0)); // n1 becomes leader
    rig.sim.runUntil(sec(7));
    expect(rig.listed('ns1')).toEqual(['g/0/n1']);
    rig.sim.runUntil(sec(9));
    expect(rig.listed('ns1')).toEqual(['g/0/n1']); // n1's periodic registration (8 s) keeps the slot
    rig.sim.runUntil(sec(11)); // n0's periodic id-0 registration (10 s) lands after it
    expect(rig.listed('ns1')).toEqual(['g/0/n0']);
    const lines = rig.events.map((r) => describeClusterEvent(r.e));
    expect(lines).toContain(
      'ns1: re-registered g id=0 at n1; moved from id 2 (one id per address); replaced n0 in slot id=0 (last writer wins)',
    );
    expect(lines).toContain('ns1: re-registered g id=0 at n0; replaced n1 in slot id=0 (last writer wins)');
  });

  it('answers route queries and write-permission changes over RPC', () => {
    const rig = twoGroups(6);
    rig.sim.runUntil(sec(1));
    const a0 = rig.broker('a0');
    const ns1 = nodeId('ns1');
    a0.ctx.rpc(ns1, { type: 'WIPE_WRITE_PERM_OF_BROKER', brokerName: 'broker-a' }, sec(3));
    rig.sim.runUntil(sec(2));
    expect(
      rig
        .ns('ns1')
        .routes.pickupTopicRouteData('T')
        ?.queueDatas.map((q) => q.perm),
    ).toEqual([4, 6]);
    expect(rig.events.map((r) => describeClusterEvent(r.e))).toContain(
      'ns1: wiped write permission of broker-a on 2 topic(s); producers stop writing there after their next route refresh',
    );
    a0.ctx.send(ns1, {
      type: 'UNREGISTER_BROKER',
      clusterName: 'DefaultCluster',
      brokerAddr: nodeId('a0'),
      brokerName: 'broker-a',
      brokerId: 0,
    });
    rig.sim.runUntil(sec(3));
    expect(rig.removals('a0').map((r) => [r.node, r.e.reason])).toEqual([['ns1', 'unregistered']]);
  });

  it('replays exactly: same seed, same trace hash; another seed differs', () => {
    const run = (seed: number): string => {
      const rig = twoGroups(seed);
      rig.sim.at(sec(50), () => rig.sim.crash(nodeId('a0')));
      rig.sim.at(sec(70), () => rig.sim.powerLoss(hostId('b0')));
      rig.sim.runUntil(sec(300));
      return rig.sim.traceHash();
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });
});
