// Broker services end to end on the kernel: capacity, client registry and
// notifications, consumer offsets across a restart, retry topics, delay
// levels and the DLQ.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BROKER_CAPACITY } from '../../sim/broker/config.js';
import type { MessageExt, WireMessage } from '../../sim/protocol/index.js';
import { Cluster, s, TOPIC } from './harness.js';
import { StubClient, StubProducer } from './stub-clients.js';
import { pullRequest, sendRequest } from './requests.js';
import { nodeId } from '../../sim/engine/index.js';

const send = sendRequest;
const pull = pullRequest;

describe('capacity model', () => {
  /** A broker's capacity: one send per default service time (40 us = 25k/s). */
  const capacityPerSecond = 1e6 / DEFAULT_BROKER_CAPACITY.sendServiceTimeUs;
  /** Producers flood their group's master at twice its capacity. */
  function throughput(groups: number): { ok: number; busy: number } {
    const c = new Cluster(51);
    const producers: StubProducer[] = [];
    for (let g = 0; g < groups; g++) {
      const name = `broker-${String.fromCharCode(97 + g)}`;
      c.classic(name);
      const p = new StubProducer({
        clientIndex: g + 1,
        topic: TOPIC,
        queues: 4,
        intervalUs: DEFAULT_BROKER_CAPACITY.sendServiceTimeUs / 2,
        startUs: s(1),
        target: () => nodeId(`${name}-0`),
        bodyBytes: 256,
      });
      producers.push(p);
      c.sim.addNode(`producer-${g}`, () => p);
    }
    c.sim.runUntil(s(3));
    const window = (r: { atUs: number }): boolean => r.atUs >= s(2) && r.atUs < s(3);
    const all = producers.flatMap((p) => p.records.filter(window));
    return {
      ok: all.filter((r) => r.code === 'SUCCESS').length,
      busy: all.filter((r) => r.code === 'SYSTEM_BUSY').length,
    };
  }

  it('bounds one broker at its service rate, sheds the excess with SYSTEM_BUSY, and a second group doubles the cluster rate', () => {
    const one = throughput(1);
    expect(one.ok).toBeGreaterThan(0.95 * capacityPerSecond);
    expect(one.ok).toBeLessThanOrEqual(1.005 * capacityPerSecond);
    expect(one.busy).toBeGreaterThan(0.9 * capacityPerSecond);
    const two = throughput(2);
    expect(two.ok).toBeGreaterThan(1.9 * one.ok);
  });
});

describe('client registry', () => {
  it('notifies every member when a consumer joins or its channel closes; GET_CONSUMER_LIST_BY_GROUP lists members', () => {
    const c = new Cluster(52);
    c.classic('broker-a');
    const c1 = new StubClient();
    const c2 = new StubClient();
    c.sim.addNode('c1', () => c1);
    c.sim.addNode('c2', () => c2);
    const hb = (id: string): WireMessage => ({
      type: 'HEART_BEAT',
      clientId: id,
      producerGroups: [],
      consumers: [
        { group: 'cg', messageModel: 'CLUSTERING', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET', topics: [TOPIC] },
      ],
    });
    c.sim.at(s(1), () => c1.rpc('broker-a-0', hb('c1@1'), s(3)));
    c.sim.at(s(2), () => c2.rpc('broker-a-0', hb('c2@1'), s(3)));
    c.sim.at(s(3), () => c2.rpc('broker-a-0', { type: 'GET_CONSUMER_LIST_BY_GROUP', consumerGroup: 'cg' }, s(3)));
    c.sim.runUntil(s(4));
    expect(c1.inbox.filter((m) => m.msg.type === 'NOTIFY_CONSUMER_IDS_CHANGED').length).toBe(2);
    const list = c2.replies.find((r) => r.request.type === 'GET_CONSUMER_LIST_BY_GROUP');
    expect(
      list?.outcome.ok === true &&
        list.outcome.response.type === 'CONSUMER_LIST_RESPONSE' &&
        list.outcome.response.consumerIdList,
    ).toEqual(['c1@1', 'c2@1']);
    // The retry topic of a CLUSTERING group was created (and the broker re-registered it).
    expect(c.broker('broker-a-0').core?.topics.get('%RETRY%cg')).toBeDefined();
    c.sim.crash(nodeId('c2'));
    c.sim.runUntil(s(5));
    expect(c1.inbox.filter((m) => m.msg.type === 'NOTIFY_CONSUMER_IDS_CHANGED').length).toBe(3);
    expect(c.broker('broker-a-0').core?.clients.consumerIds('cg')).toEqual(['c1@1']);
    // Silence since the heartbeat at 1 s: dropped by the first 10 s scan after 121 s, i.e. at 130 s.
    c.sim.runUntil(s(129.9));
    expect(c.broker('broker-a-0').core?.clients.consumerIds('cg')).toEqual(['c1@1']);
    c.sim.runUntil(s(130.1));
    expect(c.broker('broker-a-0').core?.clients.consumerIds('cg')).toEqual([]);
  });
});

describe('consumer offsets', () => {
  it('survive a restart only as far as the last 5 s flush; an unknown group starts at 0 on a fresh queue', () => {
    const c = new Cluster(53);
    c.classic('broker-a');
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    const commit = (offset: number): void =>
      cl.send('broker-a-0', {
        type: 'UPDATE_CONSUMER_OFFSET',
        consumerGroup: 'cg',
        topic: TOPIC,
        queueId: 1,
        commitOffset: offset,
      });
    c.sim.at(s(1), () => commit(7));
    c.sim.at(s(6), () => commit(11));
    c.sim.runUntil(s(8));
    expect(c.broker('broker-a-0').core?.offsets.query('cg', TOPIC, 1)).toBe(11);
    c.sim.crash(nodeId('broker-a-0'));
    c.sim.restart(nodeId('broker-a-0'));
    c.sim.at(s(8.5), () =>
      cl.rpc('broker-a-0', { type: 'QUERY_CONSUMER_OFFSET', consumerGroup: 'cg', topic: TOPIC, queueId: 1 }, s(3)),
    );
    c.sim.at(s(8.5), () =>
      cl.rpc('broker-a-0', { type: 'QUERY_CONSUMER_OFFSET', consumerGroup: 'other', topic: TOPIC, queueId: 1 }, s(3)),
    );
    c.sim.runUntil(s(9));
    const answers = cl.replies
      .filter((r) => r.request.type === 'QUERY_CONSUMER_OFFSET')
      .map((r) =>
        r.outcome.ok && r.outcome.response.type === 'QUERY_CONSUMER_OFFSET_RESPONSE'
          ? `${r.outcome.response.code}:${r.outcome.response.offset}`
          : 'x',
      );
    expect(answers).toEqual(['SUCCESS:7', 'SUCCESS:0']); // 11 was committed after the 5 s flush
    expect(c.eventsOf('broker.offsets-reloaded').length).toBe(1);
  });
});

describe('piggybacked commit offset of a held pull', () => {
  it('is stored when the pull arrives, not again when the held pull is woken (brokerAllowSuspend false)', () => {
    const c = new Cluster(54);
    c.classic('broker-a');
    const cl = new StubClient();
    const p = new StubClient();
    c.sim.addNode('cl', () => cl);
    c.sim.addNode('p', () => p);
    // An empty queue: the pull (committing 3) is held; the client then commits 4; a send wakes the pull.
    c.sim.at(s(1), () =>
      cl.rpc('broker-a-0', { ...pull(TOPIC, 1, 0), commitOffset: 3, suspendTimeoutUs: s(15) }, s(20)),
    );
    c.sim.at(s(2), () =>
      cl.send('broker-a-0', {
        type: 'UPDATE_CONSUMER_OFFSET',
        consumerGroup: 'cg',
        topic: TOPIC,
        queueId: 1,
        commitOffset: 4,
      }),
    );
    c.sim.at(s(3), () => p.rpc('broker-a-0', send(1, 1), s(3)));
    c.sim.runUntil(s(4));
    expect(cl.replies.filter((r) => r.request.type === 'PULL_MESSAGE').length).toBe(1);
    expect(c.broker('broker-a-0').core?.offsets.query('cg', TOPIC, 1)).toBe(4);
  });
});

describe('delay-offset persist (quiet when idle)', () => {
  it('ticks on its 10 s grid only while an offset moved since the file was written', () => {
    const c = new Cluster(55);
    c.classic('broker-a');
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    const ticks: number[] = [];
    c.sim.addSink({
      wantsHotEvents: true,
      onKernel: (t, e) => {
        if (e.kind === 'timer' && e.node === 'broker-a-0' && e.name === 'schedule-flush') ticks.push(t);
      },
    });
    c.sim.at(s(31), () => cl.rpc('broker-a-0', send(1, 0, 2), s(3))); // level 2: due at 36 s, its offset moves then
    c.sim.runUntil(s(75));
    // The first tick writes the absent file; then asleep until the delivery at 36 s moves level 2's offset;
    // the next grid tick writes it, and the ticks sleep again.
    expect(ticks).toHaveLength(2);
    const [first = 0, second = 0] = ticks;
    expect(second).toBeGreaterThan(s(36));
    expect(second).toBeLessThanOrEqual(s(46));
    expect((second - first) % s(10)).toBe(0);
  });
});

describe('retry topic, delay levels and DLQ', () => {
  it('a delayed message becomes visible after its level; a sent-back message goes to %RETRY% after 10 s, then to the DLQ', () => {
    const c = new Cluster(54);
    c.classic('broker-a');
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    c.sim.at(s(1), () => cl.rpc('broker-a-0', send(1, 0), s(3)));
    c.sim.at(s(1), () => cl.rpc('broker-a-0', send(2, 1, 2), s(3))); // level 2 = 5 s
    c.sim.at(s(2), () => cl.rpc('broker-a-0', pull(TOPIC, 1, 0)));
    c.sim.at(s(6.5), () => cl.rpc('broker-a-0', pull(TOPIC, 1, 0)));
    c.sim.runUntil(s(7));
    const pulls = cl.replies.filter((r) => r.request.type === 'PULL_MESSAGE');
    const code = (i: number): string | undefined => {
      const o = pulls[i]?.outcome;
      return o?.ok === true && o.response.type === 'PULL_MESSAGE_RESPONSE' ? o.response.code : undefined;
    };
    expect(code(0)).toBe('PULL_NOT_FOUND');
    expect(code(1)).toBe('SUCCESS');
    expect(cl.lastPull()?.messages[0]?.uid).toBe(2);
    // Consume uid 1, fail, send it back.
    c.sim.at(s(7), () => cl.rpc('broker-a-0', pull(TOPIC, 0, 0)));
    c.sim.runUntil(s(8));
    const msg = cl.lastPull()?.messages[0] as MessageExt;
    expect(msg.uid).toBe(1);
    c.sim.at(s(8), () =>
      cl.rpc(
        'broker-a-0',
        { type: 'CONSUMER_SEND_MSG_BACK', group: 'cg', msg, delayLevel: 0, maxReconsumeTimes: 1 },
        s(3),
      ),
    );
    c.sim.at(s(17), () => cl.rpc('broker-a-0', pull('%RETRY%cg', 0, 0)));
    c.sim.at(s(18.5), () => cl.rpc('broker-a-0', pull('%RETRY%cg', 0, 0)));
    c.sim.runUntil(s(19));
    const retry = cl.lastPull()?.messages[0] as MessageExt;
    expect(retry.uid).toBe(1);
    expect(retry.reconsumeTimes).toBe(1);
    expect(retry.storeTimestampUs - s(8)).toBeGreaterThanOrEqual(s(10)); // level 3 + 0 = 10 s
    expect(cl.replies.filter((r) => r.request.type === 'PULL_MESSAGE').at(-2)?.outcome).toMatchObject({
      ok: true,
      response: { code: 'PULL_NOT_FOUND' },
    });
    // Fails again: reconsumeTimes 1 >= maxReconsumeTimes 1 -> DLQ.
    c.sim.at(s(19), () =>
      cl.rpc(
        'broker-a-0',
        { type: 'CONSUMER_SEND_MSG_BACK', group: 'cg', msg: retry, delayLevel: 0, maxReconsumeTimes: 1 },
        s(3),
      ),
    );
    c.sim.at(s(20), () => cl.rpc('broker-a-0', pull('%DLQ%cg', 0, 0)));
    c.sim.runUntil(s(21));
    expect(cl.lastPull()?.messages[0]?.originUid).toBe(1);
    expect(c.eventsOf('broker.dlq').map((x) => x.e.uid)).toEqual([1]);
  });
});

describe('topics and slave reads', () => {
  it('auto-creates an unknown topic on a send and registers it with the NameServers at once', () => {
    const c = new Cluster(55);
    c.classic('broker-a');
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    c.sim.at(s(2), () =>
      cl.rpc('broker-a-0', { ...send(5, 3), topic: 'NewTopic', originTopic: 'NewTopic' } as WireMessage, s(3)),
    );
    c.sim.runUntil(s(2.1));
    expect(cl.replies[0]?.outcome).toMatchObject({ ok: true, response: { code: 'SUCCESS', queueOffset: 0 } });
    expect(c.broker('broker-a-0').core?.topics.get('NewTopic')?.writeQueueNums).toBe(4);
    const reg = c.eventsOf('ns.broker-registered').filter((x) => x.atUs > s(2) && x.atUs < s(2.1));
    expect(reg).toHaveLength(1);
  });

  it('refuses an unknown topic when auto-creation is off', () => {
    const c = new Cluster(56);
    c.classic('broker-a', { extra: { autoCreateTopicEnable: false } });
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    c.sim.at(s(2), () => cl.rpc('broker-a-0', { ...send(5, 0), topic: 'NewTopic' } as WireMessage, s(3)));
    c.sim.runUntil(s(3));
    expect(cl.replies[0]?.outcome).toMatchObject({ ok: true, response: { code: 'TOPIC_NOT_EXIST' } });
  });

  /** Pull from offset 0 after three sends; `tinyRam` makes the in-memory window a few hundred bytes. */
  function suggestion(slaveReadEnable: boolean, tinyRam: boolean): number | undefined {
    const c = new Cluster(57);
    c.classic('broker-a', {
      slaves: 1,
      extra: { slaveReadEnable },
      store: tinyRam ? { physicalMemoryBytes: 500 } : {},
    });
    const cl = new StubClient();
    c.sim.addNode('cl', () => cl);
    for (let i = 0; i < 3; i++) c.sim.at(s(1 + i * 0.1), () => cl.rpc('broker-a-0', send(10 + i, 0), s(3)));
    c.sim.at(s(2), () => cl.rpc('broker-a-0', pull(TOPIC, 0, 0)));
    c.sim.runUntil(s(3));
    expect(cl.lastPull()?.code).toBe('SUCCESS');
    return cl.lastPull()?.suggestWhichBrokerId;
  }

  it('with slaveReadEnable a master steers a consumer whose data is out of memory to the slave (whichBrokerWhenConsumeSlowly 1)', () => {
    expect(suggestion(true, false)).toBe(0);
    expect(suggestion(true, true)).toBe(1);
    expect(suggestion(false, true)).toBe(0); // slaveReadEnable off: always the master
  });
});
