import { describe, expect, it } from 'vitest';
import { nodeId, RandomStreams, sec, toPerMillion } from '../../sim/engine/index.js';
import { RouteTable, type RegisterInput } from '../../sim/namesrv/route-table.js';
import { PERM_RW, type TopicConfig } from '../../sim/protocol/index.js';
import { NaiveRoutes } from './naive-routes.js';

const topic = (name: string, queues = 4, perm = PERM_RW): TopicConfig => ({
  topic: name,
  readQueueNums: queues,
  writeQueueNums: queues,
  perm,
  order: false,
});

function reg(addr: string, brokerName: string, brokerId: number, extra: Partial<RegisterInput> = {}): RegisterInput {
  return {
    clusterName: 'DefaultCluster',
    brokerAddr: nodeId(addr),
    brokerName,
    brokerId,
    haServerAddr: nodeId(`${addr}:ha`),
    dataVersion: { timestamp: 1, counter: 1 },
    topics: [topic('T')],
    nowUs: 0,
    ...extra,
  };
}

describe('RouteTable.registerBroker (§2.2)', () => {
  it('only the master registers QueueData; a slave learns its live master', () => {
    const t = new RouteTable();
    const s1 = t.registerBroker(reg('a1', 'broker-a', 1, { topics: [topic('SlaveOnly')] }));
    expect(s1).toMatchObject({ masterAddr: null, haServerAddr: null, registerFirst: true, topicsUpdated: false });
    expect(t.pickupTopicRouteData('SlaveOnly')).toBeNull();
    const m = t.registerBroker(reg('a0', 'broker-a', 0));
    expect(m).toMatchObject({ registerFirst: true, topicsUpdated: true, newLiveEntry: true });
    expect(t.registerBroker(reg('a1', 'broker-a', 1))).toMatchObject({
      masterAddr: 'a0',
      haServerAddr: 'a0:ha',
      registerFirst: false,
      newLiveEntry: false,
    });
    expect(t.pickupTopicRouteData('T')).toEqual({
      queueDatas: [{ brokerName: 'broker-a', readQueueNums: 4, writeQueueNums: 4, perm: PERM_RW, order: false }],
      brokerDatas: [
        {
          cluster: 'DefaultCluster',
          brokerName: 'broker-a',
          brokerAddrs: [
            { brokerId: 0, addr: 'a0' },
            { brokerId: 1, addr: 'a1' },
          ],
        },
      ],
    });
    // Same data version again: QueueData is not rewritten (a queue-count change is ignored).
    expect(t.registerBroker(reg('a0', 'broker-a', 0, { topics: [topic('T', 8)] })).topicsUpdated).toBe(false);
    expect(t.pickupTopicRouteData('T')?.queueDatas[0]?.writeQueueNums).toBe(4);
    expect(
      t.registerBroker(reg('a0', 'broker-a', 0, { topics: [topic('T', 8)], dataVersion: { timestamp: 2, counter: 2 } }))
        .topicsUpdated,
    ).toBe(true);
    expect(t.pickupTopicRouteData('T')?.queueDatas[0]?.writeQueueNums).toBe(8);
  });

  it('a master no longer live gives the slave no master address', () => {
    const t = new RouteTable();
    t.registerBroker(reg('a0', 'broker-a', 0));
    t.registerBroker(reg('b0', 'broker-b', 0));
    t.onChannelDestroy(nodeId('a0'), 0);
    expect(t.registerBroker(reg('a1', 'broker-a', 1)).masterAddr).toBeNull();
  });

  it('moves an address that changes id (slave promoted) and lets the last writer win id 0', () => {
    const t = new RouteTable();
    t.registerBroker(reg('n0', 'g', 0));
    t.registerBroker(reg('n1', 'g', 2));
    const promoted = t.registerBroker(reg('n1', 'g', 0));
    expect(promoted).toMatchObject({ movedFromIds: [2], overwrittenAddr: 'n0' });
    expect(t.entries()).toEqual([{ brokerName: 'g', brokerId: 0, addr: 'n1' }]);
    // The old leader's periodic id-0 registration lands later: it wins again (4.x race, §7(e)).
    expect(t.registerBroker(reg('n0', 'g', 0)).overwrittenAddr).toBe('n1');
    expect(t.entries()).toEqual([{ brokerName: 'g', brokerId: 0, addr: 'n0' }]);
    // n1 is still live (its live record survives the overwrite) but holds no slot.
    expect(t.liveAddrs()).toEqual(['n0', 'n1']);
  });
});

describe('RouteTable removals (§2.3, §2.4)', () => {
  it('removing the last address removes the group, its QueueData and topics left empty', () => {
    const t = new RouteTable();
    t.registerBroker(reg('a0', 'broker-a', 0, { topics: [topic('T'), topic('OnlyA')] }));
    t.registerBroker(reg('a1', 'broker-a', 1));
    t.registerBroker(reg('b0', 'broker-b', 0, { topics: [topic('T')] }));
    const master = t.onChannelDestroy(nodeId('a0'), sec(5));
    expect(master).toEqual({
      removed: [{ brokerName: 'broker-a', brokerId: 0, addr: 'a0', silentUs: sec(5) }],
      groupsRemoved: [],
      topicsDeleted: [],
    });
    // Master dead, slave alive: the group stays with {1: slave} and unchanged QueueData.
    expect(t.pickupTopicRouteData('OnlyA')?.brokerDatas[0]?.brokerAddrs).toEqual([{ brokerId: 1, addr: 'a1' }]);
    const slave = t.unregisterBroker({
      clusterName: 'DefaultCluster',
      brokerAddr: nodeId('a1'),
      brokerName: 'broker-a',
      brokerId: 1,
      nowUs: sec(6),
    });
    expect(slave).toMatchObject({ groupsRemoved: ['broker-a'], topicsDeleted: ['OnlyA'] });
    expect(t.pickupTopicRouteData('OnlyA')).toBeNull();
    expect(t.pickupTopicRouteData('T')?.queueDatas.map((q) => q.brokerName)).toEqual(['broker-b']);
    expect(t.clusterBrokerNames('DefaultCluster')).toEqual(['broker-b']);
  });

  it('scanNotActiveBroker drops addresses silent for more than the expiry, reporting how long', () => {
    const t = new RouteTable();
    t.registerBroker(reg('a0', 'broker-a', 0, { nowUs: sec(10) }));
    t.registerBroker(reg('b0', 'broker-b', 0, { nowUs: sec(40) }));
    expect(t.scanNotActiveBroker(sec(130), sec(120))).toEqual([]);
    const out = t.scanNotActiveBroker(sec(131), sec(120));
    expect(out.map((o) => o.removed)).toEqual([
      [{ brokerName: 'broker-a', brokerId: 0, addr: 'a0', silentUs: sec(121) }],
    ]);
    expect(t.liveAddrs()).toEqual(['b0']);
  });

  it('TOPIC_NOT_EXIST when no QueueData, or none of its groups has BrokerData', () => {
    const t = new RouteTable();
    expect(t.pickupTopicRouteData('T')).toBeNull();
    t.registerBroker(reg('a0', 'broker-a', 0));
    expect(t.pickupTopicRouteData('T')).not.toBeNull();
  });

  it('wipes and restores the write bit of every topic of a group', () => {
    const t = new RouteTable();
    t.registerBroker(reg('a0', 'broker-a', 0, { topics: [topic('T'), topic('U')] }));
    t.registerBroker(reg('b0', 'broker-b', 0, { topics: [topic('T')] }));
    expect(t.changeWritePerm('broker-a', 'wipe')).toBe(2);
    expect(t.pickupTopicRouteData('T')?.queueDatas.map((q) => q.perm)).toEqual([4, PERM_RW]);
    expect(t.changeWritePerm('broker-a', 'add')).toBe(2);
    expect(t.pickupTopicRouteData('U')?.queueDatas.map((q) => q.perm)).toEqual([PERM_RW]);
    expect(t.changeWritePerm('nobody', 'wipe')).toBe(0);
  });
});

describe('RouteTable vs a naive model (differential, seeded random operations)', () => {
  const addrs = ['a0', 'a1', 'b0', 'b1', 'c0', 'x'].map(nodeId);
  const names = ['broker-a', 'broker-b', 'broker-c'];
  const topics = ['T1', 'T2', 'T3', 'T4'];

  it('agrees on every output over 100 sequences of 150 operations', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rng = new RandomStreams(seed).stream('routes');
      const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)] as T;
      const real = new RouteTable();
      const naive = new NaiveRoutes();
      let now = 0;
      for (let step = 0; step < 150; step++) {
        now += rng.int(0, sec(20));
        const op = rng.int(0, 9);
        const where = `seed ${seed} step ${step} op ${op}`;
        if (op <= 4) {
          const r = reg(pick(addrs), pick(names), rng.int(0, 2), {
            clusterName: pick(['c1', 'c1', 'c2']),
            nowUs: now,
            dataVersion: { timestamp: rng.int(1, 3), counter: 1 },
            topics: topics
              .filter(() => rng.chance(toPerMillion(0.5)))
              .map((t) => topic(t, rng.int(1, 8), pick([PERM_RW, 4, 2]))),
          });
          const a = real.registerBroker(r);
          const b = naive.register(r);
          expect({ m: a.masterAddr, h: a.haServerAddr }, where).toEqual({ m: b.masterAddr, h: b.ha });
        } else if (op === 5) {
          const [cluster, addr, name, id] = [pick(['c1', 'c2']), pick(addrs), pick(names), rng.int(0, 2)];
          const a = real.unregisterBroker({
            clusterName: cluster,
            brokerAddr: addr,
            brokerName: name,
            brokerId: id,
            nowUs: now,
          });
          expect(
            a.removed.map((x) => `${x.brokerName}/${x.brokerId}/${x.addr}`),
            where,
          ).toEqual(naive.unregister(cluster, addr, name, id));
        } else if (op === 6) {
          const addr = pick(addrs);
          expect(
            real
              .onChannelDestroy(addr, now)
              .removed.map((x) => `${x.brokerName}/${x.brokerId}/${x.addr}`)
              .sort(),
            where,
          ).toEqual(naive.destroy(addr));
        } else if (op === 7) {
          const a = real
            .scanNotActiveBroker(now, sec(120))
            .flatMap((o) => o.removed.map((x) => `${x.brokerName}/${x.brokerId}/${x.addr}`));
          expect(a, where).toEqual(naive.scan(now, sec(120)));
        } else {
          const [name, how] = [pick(names), pick(['wipe', 'add'] as const)];
          expect(real.changeWritePerm(name, how), where).toBe(naive.perm(name, how));
        }
        const view = (x: RouteTable | NaiveRoutes): unknown => [
          x.entries(),
          topics.map((t) => (x instanceof RouteTable ? x.pickupTopicRouteData(t) : x.route(t))),
          ['c1', 'c2'].map((c) => (x instanceof RouteTable ? x.clusterBrokerNames(c) : x.clusterNames(c))),
        ];
        const [a, b] = [view(real), view(naive)];
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, where).toEqual(b);
      }
    }
  });
});
