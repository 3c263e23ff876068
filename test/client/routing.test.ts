import { describe, expect, it } from 'vitest';
import { nodeId, ms, sec } from '../../sim/engine/index.js';
import { toPublishInfo, toSubscribeInfo } from '../../sim/client/publish-info.js';
import { QueueSelector } from '../../sim/client/queue-selector.js';
import { LatencyFaultTolerance, notAvailableDurationUs } from '../../sim/client/latency-fault.js';
import { RouteCache } from '../../sim/client/route-cache.js';
import { ProcessQueue } from '../../sim/client/process-queue.js';
import { PERM_READ, PERM_RW, type MessageQueue, type TopicRouteData } from '../../sim/protocol/index.js';

const route = (masterA: boolean, permB = PERM_RW): TopicRouteData => ({
  queueDatas: [
    { brokerName: 'broker-b', readQueueNums: 2, writeQueueNums: 2, perm: permB, order: false },
    { brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: PERM_RW, order: false },
  ],
  brokerDatas: [
    {
      cluster: 'c',
      brokerName: 'broker-a',
      brokerAddrs: masterA
        ? [
            { brokerId: 0, addr: nodeId('a-0') },
            { brokerId: 1, addr: nodeId('a-1') },
          ]
        : [{ brokerId: 1, addr: nodeId('a-1') }],
    },
    { cluster: 'c', brokerName: 'broker-b', brokerAddrs: [{ brokerId: 0, addr: nodeId('b-0') }] },
  ],
});

describe('publish and subscribe info', () => {
  it('publishes only writable queues of groups with a master; subscribes to every readable queue', () => {
    const pub = toPublishInfo('T', route(false));
    expect(pub.queues.map((q) => `${q.brokerName}#${q.queueId}`)).toEqual(['broker-b#0', 'broker-b#1']);
    expect(toSubscribeInfo('T', route(false)).map((q) => `${q.brokerName}#${q.queueId}`)).toEqual([
      'broker-a#0',
      'broker-a#1',
      'broker-b#0',
      'broker-b#1',
    ]);
    expect(toPublishInfo('T', route(true, PERM_READ)).queues.every((q) => q.brokerName === 'broker-a')).toBe(true);
  });
});

describe('queue selector', () => {
  it('round-robins and skips the broker of the previous attempt', () => {
    const queues = toPublishInfo('T', route(true)).queues;
    const sel = new QueueSelector(0);
    const picks = Array.from({ length: 8 }, () => {
      const q = sel.select(queues, undefined);
      return q === undefined ? '' : `${q.brokerName}#${q.queueId}`;
    });
    // Round robin over the sorted publish list: every queue once per cycle, in order, then again.
    expect(picks.slice(0, 4)).toEqual(picks.slice(4));
    expect([...picks.slice(0, 4)].sort()).toEqual(['broker-a#0', 'broker-a#1', 'broker-b#0', 'broker-b#1']);
    const start = queues.findIndex((q) => `${q.brokerName}#${q.queueId}` === picks[0]);
    expect(picks.slice(0, 4)).toEqual(
      [0, 1, 2, 3].map((i) => {
        const q = queues[(start + i) % 4];
        return q === undefined ? '' : `${q.brokerName}#${q.queueId}`;
      }),
    );
    for (let i = 0; i < 50; i++) expect(sel.select(queues, 'broker-a')?.brokerName).toBe('broker-b');
    const onlyA = queues.filter((q) => q.brokerName === 'broker-a');
    expect(sel.select(onlyA, 'broker-a')?.brokerName).toBe('broker-a');
    // SelectMessageQueueByHash: Java's "k1".hashCode() = 107*31 + 49 = 3366; 3366 % 4 = 2 -> the third queue.
    expect(QueueSelector.byKey(queues, 'k1')).toEqual({ topic: 'T', brokerName: 'broker-b', queueId: 0 });
  });

  it('avoids isolated brokers when latency fault tolerance is on', () => {
    const queues = toPublishInfo('T', route(true)).queues;
    const faults = new LatencyFaultTolerance();
    expect(faults.update('broker-a', ms(10), true, 0)).toBe(sec(600));
    const sel = new QueueSelector(3);
    for (let i = 0; i < 20; i++)
      expect(sel.selectAvoidingFaults(queues, undefined, faults, sec(1))?.brokerName).toBe('broker-b');
    expect(faults.isAvailable('broker-a', sec(600))).toBe(true);
  });

  it('with every broker avoided, falls back to the better half and leaves the publish list alone; the pre-fix path rewrites it (apache/rocketmq#7779)', () => {
    const routes = new RouteCache();
    routes.update('T', route(true));
    const before = routes.publishInfo('T')?.queues ?? [];
    const faults = new LatencyFaultTolerance();
    faults.update('broker-a', ms(10), true, 0);
    faults.update('broker-b', ms(10), true, ms(1));
    const sel = new QueueSelector(3);
    // pickOneAtLeast: both avoided with equal latency, broker-a's avoidance ends first.
    for (let i = 0; i < 10; i++)
      expect(
        sel.selectAvoidingFaults(routes.publishInfo('T')?.queues ?? [], undefined, faults, sec(1))?.brokerName,
      ).toBe('broker-a');
    expect(routes.publishInfo('T')?.queues).toEqual(before);
    // Bug switch client.fault-pick-rewrites-route: each fallback rewrites one queue of the shared list in place.
    const rewrite = {
      writeQueueNums: (b: string) => routes.writeQueueNums('T', b),
      store: (i: number, mq: MessageQueue) => routes.rewritePublishQueue('T', i, mq),
    };
    for (let i = 0; i < 10; i++)
      expect(
        sel.selectAvoidingFaults(routes.publishInfo('T')?.queues ?? [], undefined, faults, sec(1), rewrite)?.brokerName,
      ).toBe('broker-a');
    expect(before.map((q) => q.brokerName)).toContain('broker-b');
    expect(routes.publishInfo('T')?.queues.map((q) => q.brokerName)).toEqual([
      'broker-a',
      'broker-a',
      'broker-a',
      'broker-a',
    ]);
    expect(routes.publishInfo('T')?.queues.every((q) => q.queueId < 2)).toBe(true);
    // The list is rebuilt only when the route changes.
    routes.update('T', route(true));
    expect(routes.publishInfo('T')?.queues.map((q) => q.brokerName)).toEqual([
      'broker-a',
      'broker-a',
      'broker-a',
      'broker-a',
    ]);
  });
});

describe('latency table (4.x)', () => {
  it('maps latencies to avoidance durations', () => {
    expect(notAvailableDurationUs(ms(40))).toBe(0);
    expect(notAvailableDurationUs(ms(100))).toBe(0);
    expect(notAvailableDurationUs(ms(600))).toBe(sec(30));
    expect(notAvailableDurationUs(ms(1000))).toBe(sec(60));
    expect(notAvailableDurationUs(ms(2500))).toBe(sec(120));
    expect(notAvailableDurationUs(ms(3000))).toBe(sec(180));
    expect(notAvailableDurationUs(ms(30000))).toBe(sec(600));
  });
});

describe('route cache', () => {
  it('replaces a route only when its sorted form differs, and resolves subscribe addresses', () => {
    const cache = new RouteCache();
    expect(cache.update('T', route(true)).changed).toBe(true);
    const shuffled: TopicRouteData = {
      queueDatas: [...route(true).queueDatas].reverse(),
      brokerDatas: [...route(true).brokerDatas].reverse(),
    };
    expect(cache.update('T', shuffled).changed).toBe(false);
    expect(cache.masterAddr('broker-a')).toBe('a-0');
    expect(cache.update('T', route(false)).changed).toBe(true);
    expect(cache.masterAddr('broker-a')).toBeUndefined();
    expect(cache.subscribeAddr('broker-a', 0)?.addr).toBe('a-1');
    expect(cache.subscribeAddr('broker-a', 1)?.addr).toBe('a-1');
    expect(cache.publishInfo('T')?.queues.length).toBe(2);
    expect(cache.subscribeInfo('T')?.length).toBe(4);
  });
});

describe('process queue', () => {
  it('commits the smallest offset in flight, or one past the highest pulled', () => {
    const pq = new ProcessQueue();
    expect(pq.commitOffset()).toBe(-1);
    for (let o = 10; o < 15; o++) pq.add(o);
    expect(pq.remove(12)).toBe(true);
    expect(pq.commitOffset()).toBe(10);
    pq.remove(10);
    expect(pq.commitOffset()).toBe(11);
    pq.remove(11);
    expect(pq.commitOffset()).toBe(13);
    expect(pq.remove(12)).toBe(false);
    pq.remove(13);
    pq.remove(14);
    expect(pq.commitOffset()).toBe(15);
    expect(pq.count).toBe(0);
    for (let o = 15; o < 2000; o++) pq.add(o);
    for (let o = 15; o < 1990; o++) pq.remove(o);
    expect(pq.commitOffset()).toBe(1990);
    expect(pq.count).toBe(10);
  });
});
