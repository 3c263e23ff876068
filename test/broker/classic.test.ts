import { describe, expect, it } from 'vitest';
import { Cluster, s, TOPIC } from './harness.js';
import { pullRequest } from './requests.js';
import { StubClient, StubProducer } from './stub-clients.js';
import { nodeId } from '../../sim/engine/index.js';

function setup(role: 'ASYNC_MASTER' | 'SYNC_MASTER', seed = 1): { c: Cluster; p: StubProducer; client: StubClient } {
  const c = new Cluster(seed);
  c.classic('broker-a', { role, slaves: 1 });
  // 5 s RPC timeout so that a 3 s FLUSH_SLAVE_TIMEOUT answer is seen rather than a client timeout.
  const p = new StubProducer({
    clientIndex: 1,
    topic: TOPIC,
    queues: 4,
    intervalUs: s(0.1),
    startUs: s(1),
    target: () => nodeId('broker-a-0'),
    rpcTimeoutUs: s(5),
  });
  c.sim.addNode('producer', () => p);
  const client = new StubClient();
  c.sim.addNode('client', () => client);
  return { c, p, client };
}

describe('classic master/slave', () => {
  it('registers at once, slave learns its master and replicates; SYNC_MASTER answers SEND_OK after the slave acked', () => {
    const { c, p } = setup('SYNC_MASTER');
    c.sim.runUntil(s(10));
    expect(c.nsAddr('broker-a', 0)).toBe('broker-a-0');
    expect(c.nsAddr('broker-a', 1)).toBe('broker-a-1');
    // Both registered at start (t ~ 0), before the 10 s periodic timer.
    expect(c.eventsOf('ns.broker-registered').filter((r) => r.atUs < s(1)).length).toBe(2);
    // Before the slave's HA client connects (its first try at 0 has no master address yet; it retries
    // after 5 s), SYNC_MASTER answers SLAVE_NOT_AVAILABLE; afterwards every send is SEND_OK.
    const early = p.records.filter((r) => r.sentUs < s(5));
    expect(early.length).toBeGreaterThan(30);
    expect(early.every((r) => r.code === 'SLAVE_NOT_AVAILABLE')).toBe(true);
    const later = p.records.filter((r) => r.sentUs > s(5.1));
    expect(later.length).toBeGreaterThan(40);
    expect(later.every((r) => r.code === 'SUCCESS')).toBe(true);
    const master = c.broker('broker-a-0').store;
    const slave = c.broker('broker-a-1').store;
    expect(slave?.positions.appended).toBe(master?.positions.appended);
    expect(c.eventsOf('broker.ha-connected').some((x) => x.node === 'broker-a-1')).toBe(true);
  });

  it('SYNC_MASTER answers SLAVE_NOT_AVAILABLE without a slave and FLUSH_SLAVE_TIMEOUT when the slave is cut off', () => {
    const { c, p } = setup('SYNC_MASTER');
    c.sim.runUntil(s(8));
    c.sim.partition([nodeId('broker-a-0')], [nodeId('broker-a-1')]);
    c.sim.runUntil(s(15));
    const during = p.records.filter((r) => r.sentUs > s(8.1) && r.sentUs < s(11));
    expect(during.length).toBeGreaterThan(10);
    expect(during.every((r) => r.code === 'FLUSH_SLAVE_TIMEOUT')).toBe(true);
    // Latency of a FLUSH_SLAVE_TIMEOUT answer is the 3 s slave timeout.
    const first = during[0];
    expect(first !== undefined && first.atUs - first.sentUs).toBeGreaterThanOrEqual(s(3));
    // After 20 s without reports the master drops the connection: SLAVE_NOT_AVAILABLE at once.
    c.sim.runUntil(s(45));
    const late = p.records.filter((r) => r.sentUs > s(35) && r.sentUs < s(42));
    expect(late.length).toBeGreaterThan(10);
    expect(late.every((r) => r.code === 'SLAVE_NOT_AVAILABLE' && r.atUs - r.sentUs < s(0.1))).toBe(true);
    expect(c.eventsOf('broker.ha-disconnected').some((x) => x.node === 'broker-a-0')).toBe(true);
  });

  it('a slave serves pulls but steers the client to the master (suggestWhichBrokerId 0)', () => {
    const { c, client } = setup('ASYNC_MASTER');
    // The slave's HA connection catches up a few ms after 5 s; pull once it holds the messages.
    c.sim.runUntil(s(5.5));
    c.sim.at(s(5.5), () => client.rpc('broker-a-1', pullRequest(TOPIC, 0, 0)));
    c.sim.runUntil(s(6.5));
    const r = client.lastPull();
    expect(r?.code).toBe('SUCCESS');
    expect(r?.messages.length).toBeGreaterThan(5);
    expect(r?.suggestWhichBrokerId).toBe(0);
  });

  it('long polling parks an empty pull and answers it when a message arrives', () => {
    const c = new Cluster(3);
    c.classic('broker-a');
    const client = new StubClient();
    c.sim.addNode('client', () => client);
    c.sim.at(s(1), () =>
      client.rpc('broker-a-0', {
        type: 'PULL_MESSAGE',
        consumerGroup: 'cg',
        topic: TOPIC,
        queueId: 2,
        queueOffset: 0,
        maxMsgNums: 32,
        commitOffset: -1,
        suspendTimeoutUs: s(15),
      }),
    );
    c.sim.at(s(4), () =>
      client.rpc(
        'broker-a-0',
        {
          type: 'SEND_MESSAGE',
          producerGroup: 'pg',
          topic: TOPIC,
          queueId: 2,
          uid: 77,
          keys: '',
          bodyBytes: 100,
          bornTimestampUs: s(4),
          reconsumeTimes: 0,
          originUid: 77,
          originTopic: TOPIC,
          delayLevel: 0,
        },
        s(3),
      ),
    );
    c.sim.runUntil(s(10));
    const pull = c.sim.now > 0 ? client.replies.find((r) => r.request.type === 'PULL_MESSAGE') : undefined;
    expect(pull?.outcome.ok).toBe(true);
    expect(pull !== undefined && pull.atUs).toBeGreaterThan(s(4));
    expect(pull !== undefined && pull.atUs).toBeLessThan(s(4.1));
    expect(client.lastPull()?.messages[0]?.uid).toBe(77);
  });

  it('an empty long poll is answered PULL_NOT_FOUND after its suspend time (checked every 5 s)', () => {
    const c = new Cluster(4);
    c.classic('broker-a');
    const client = new StubClient();
    c.sim.addNode('client', () => client);
    c.sim.at(s(1), () =>
      client.rpc('broker-a-0', {
        type: 'PULL_MESSAGE',
        consumerGroup: 'cg',
        topic: TOPIC,
        queueId: 1,
        queueOffset: 0,
        maxMsgNums: 32,
        commitOffset: -1,
        suspendTimeoutUs: s(15),
      }),
    );
    c.sim.runUntil(s(30));
    const pull = client.replies.find((r) => r.request.type === 'PULL_MESSAGE');
    expect(client.lastPull()?.code).toBe('PULL_NOT_FOUND');
    expect(pull !== undefined && pull.atUs - s(1)).toBeGreaterThanOrEqual(s(15));
    expect(pull !== undefined && pull.atUs - s(1)).toBeLessThanOrEqual(s(20));
  });
});
