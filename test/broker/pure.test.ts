// The broker's pure building blocks, fed inputs directly.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../sim/engine/index.js';
import { bugFlagsOf } from '../../sim/base/index.js';
import { BROKER_BUG_SWITCHES } from '../../sim/broker/bug-switches.js';
import { ClientRegistry } from '../../sim/broker/client-registry.js';
import { registrationPeriodUs, resolveBrokerConfig } from '../../sim/broker/config.js';
import { ConsumerOffsetManager } from '../../sim/broker/consumer-offsets.js';
import { encodeRecordRef, RECORD_FIELDS, recordRefOf } from '../../sim/broker/dledger-record.js';
import { appendFailureStatus } from '../../sim/broker/dledger-broker.js';
import { putStatusToCode } from '../../sim/broker/put-status.js';
import { PutWaits, type PendingPut } from '../../sim/broker/put-waits.js';
import { QueueLockManager } from '../../sim/broker/queue-locks.js';
import { scheduleRequest } from '../../sim/broker/schedule-service.js';
import { ServiceQueue } from '../../sim/broker/service-queue.js';
import { TopicConfigManager } from '../../sim/broker/topic-config.js';
import type { DiskView } from '../../sim/engine/index.js';
import { hostDiskView } from '../support/disk-view.js';

const a = nodeId('a');

describe('ServiceQueue (capacity model)', () => {
  it('starts a request on an idle server at once, queues the rest FIFO, and sheds one that would wait longer than the limit', () => {
    const q = new ServiceQueue<number>('cap-send', 100, 250);
    expect(q.offer(0, a, 1, 1)).toBe('run-now'); // idle: starts now, busy until 100
    expect(q.offer(0, a, 2, 2)).toBe('queued'); // starts at 100
    expect(q.offer(0, a, 3, 3)).toBe('queued'); // starts at 200
    expect(q.offer(0, a, 4, 4)).toBe('busy'); // would start at 300: a 300 us wait > 250 us limit
    expect(q.nextDueUs()).toBe(100);
    const started: number[] = [];
    q.drain(150, (_f, _r, m) => started.push(m));
    expect(started).toEqual([2]);
    expect(q.nextDueUs()).toBe(200);
    q.drain(200, (_f, _r, m) => started.push(m));
    expect([started, q.nextDueUs()]).toEqual([[2, 3], -1]);
    expect(q.offer(300, a, 5, 5)).toBe('run-now'); // idle again from 300
  });

  it('rejects once the backlog exceeds the wait limit, and zero service time means unbounded', () => {
    const q = new ServiceQueue<number>('cap-send', 100, 150);
    expect(q.offer(0, a, 1, 1)).toBe('run-now');
    expect(q.offer(0, a, 2, 2)).toBe('queued');
    expect(q.offer(0, a, 3, 3)).toBe('busy'); // would start at 200 > 150
    expect(q.shed).toBe(1);
    expect(new ServiceQueue<number>('cap-send', 0, 0).offer(5, a, 1, 1)).toBe('run-now');
  });

  it('rejects at once when the queue holds its capacity of waiting requests (sendThreadPoolQueueCapacity)', () => {
    const q = new ServiceQueue<number>('cap-send', 10, 1_000_000, 2);
    expect([q.offer(0, a, 1, 1), q.offer(0, a, 2, 2), q.offer(0, a, 3, 3), q.offer(0, a, 4, 4)]).toEqual([
      'run-now',
      'queued',
      'queued',
      'overload',
    ]);
    q.drain(10, () => {});
    expect(q.offer(10, a, 5, 5)).toBe('queued');
  });

  it('with k servers (the pull thread pool) starts k requests at once and the next when the first of them finishes', () => {
    const q = new ServiceQueue<number>('cap-pull', 100, 1_000, Number.POSITIVE_INFINITY, 3);
    expect([q.offer(0, a, 1, 1), q.offer(0, a, 2, 2), q.offer(10, a, 3, 3)]).toEqual(['run-now', 'run-now', 'run-now']);
    expect(q.offer(20, a, 4, 4)).toBe('queued'); // the server of request 1 frees at 100
    expect(q.offer(20, a, 5, 5)).toBe('queued'); // request 2's at 100
    expect(q.offer(20, a, 6, 6)).toBe('queued'); // request 3's at 110
    const started: [number, number][] = [];
    for (const t of [100, 110]) q.drain(t, (_f, _r, m) => started.push([t, m]));
    expect(started).toEqual([
      [100, 4],
      [100, 5],
      [110, 6],
    ]);
    expect(q.offer(500, a, 7, 7)).toBe('run-now');
  });

  it('moves the work ahead back with a wall clock that steps back, instead of shedding everything for the step', () => {
    const q = new ServiceQueue<number>('cap-send', 100, 250);
    expect(q.offer(15_000_000, a, 1, 1)).toBe('run-now'); // clock 15 s ahead: busy until 15 s + 100 us
    expect(q.offer(15_000_000, a, 2, 2)).toBe('queued'); // starts at 15 s + 100 us
    // The skew ends: the next reading is 15 s back. The queue cannot tell the step from the time between two
    // readings, so the work ahead keeps what it had left at the last reading: request 2 starts 100 us from now.
    expect(q.nextDueUs()).toBe(15_000_100);
    expect(q.offer(50, a, 3, 3)).toBe('queued');
    expect(q.nextDueUs()).toBe(150);
    const started: number[] = [];
    q.drain(150, (_f, _r, m) => started.push(m));
    expect(started).toEqual([2]);
    expect(q.shed).toBe(0);
  });
});

describe('PutWaits', () => {
  const pending = (
    endOffset: number,
    deadlineUs: number,
    flush: PendingPut['flush'],
    replica: PendingPut['replica'],
  ): PendingPut => ({
    from: a,
    rpcId: endOffset,
    uid: endOffset,
    queueId: 0,
    queueOffset: 0,
    endOffset,
    deadlineUs,
    flush,
    replica,
    done: undefined,
  });

  it('answers when both flush and replica are done; a failed replica wait wins over a failed flush', () => {
    const answers: [number, string][] = [];
    const w = new PutWaits('put-wait', (p, st) => answers.push([p.endOffset, st]));
    expect(w.add(pending(10, 100, 'wait', 'wait'), 7)).toBe(true);
    w.add(pending(20, 110, 'PUT_OK', 'wait'), 0);
    w.onReplicaProgress(15);
    expect(answers).toEqual([]); // 10 still waits for its flush
    w.onFlush(7, 'FLUSH_DISK_TIMEOUT');
    expect(answers).toEqual([[10, 'FLUSH_DISK_TIMEOUT']]);
    w.expire(110, 'FLUSH_SLAVE_TIMEOUT');
    expect(answers[1]).toEqual([20, 'FLUSH_SLAVE_TIMEOUT']);
    expect(w.nextDeadlineUs()).toBe(-1);
  });

  it('failAll fails every replica wait in order', () => {
    const answers: string[] = [];
    const w = new PutWaits('put-wait', (p, st) => answers.push(`${p.endOffset}:${st}`));
    w.add(pending(1, 5, 'PUT_OK', 'wait'), 0);
    w.add(pending(2, 6, 'PUT_OK', 'wait'), 0);
    w.failAll('UNKNOWN_ERROR');
    expect(answers).toEqual(['1:UNKNOWN_ERROR', '2:UNKNOWN_ERROR']);
  });
});

describe('ConsumerOffsetManager', () => {
  const disk = (): DiskView => hostDiskView();

  it('persists and reloads the table; a slave overwrite reports offsets that move back', () => {
    const m = new ConsumerOffsetManager();
    m.commit('g', 't', 0, 10);
    m.commit('g', 't', 1, 4);
    const d = disk();
    m.persist(d);
    m.commit('g', 't', 0, 50);
    const fresh = new ConsumerOffsetManager();
    expect(fresh.load(d)).toBe(2);
    expect(fresh.query('g', 't', 0)).toBe(10); // the last persisted copy, not 50
    expect(fresh.query('g', 't', 9)).toBe(-1);
    const res = m.overwriteFrom([
      { group: 'g', topic: 't', queueId: 0, offset: 12 },
      { group: 'g', topic: 't', queueId: 1, offset: 4 },
    ]);
    expect(res).toEqual({ changed: 1, movedBack: 1 });
    expect(m.query('g', 't', 0)).toBe(12);
  });

  it('a slave overwrite replaces each topic@group the master ships, whole; other groups stay (putAll)', () => {
    const slave = new ConsumerOffsetManager();
    slave.commit('g', 't', 0, 30); // committed to the slave while the master was away
    slave.commit('g', 't', 3, 7); // a queue the master does not list
    slave.commit('other', 't', 0, 5); // a group the master does not know
    const res = slave.overwriteFrom([{ group: 'g', topic: 't', queueId: 0, offset: 20 }]);
    expect(res).toEqual({ changed: 2, movedBack: 1 });
    expect(slave.query('g', 't', 0)).toBe(20);
    expect(slave.query('g', 't', 3)).toBe(-1);
    expect(slave.query('other', 't', 0)).toBe(5);
  });
});

describe('ClientRegistry', () => {
  it('reports membership changes on join, channel close and 120 s expiry, not on a repeated heartbeat', () => {
    const r = new ClientRegistry();
    const data = {
      group: 'cg',
      messageModel: 'CLUSTERING' as const,
      consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' as const,
      topics: ['t'],
    };
    expect(r.heartbeat(0, nodeId('c1'), 'c1@1', ['pg'], [data])).toEqual(['cg']);
    expect(r.heartbeat(10, nodeId('c2'), 'c2@1', [], [data])).toEqual(['cg']);
    expect(r.heartbeat(30, nodeId('c1'), 'c1@1', ['pg'], [data])).toEqual([]);
    expect(r.consumerIds('cg')).toEqual(['c1@1', 'c2@1']);
    expect(r.channelClosed(nodeId('c1'))).toEqual(['cg']);
    expect(r.producerCount('pg')).toBe(0);
    expect(r.scanExpired(130, 120)).toEqual([]);
    expect(r.scanExpired(131, 120)).toEqual(['cg']);
    expect(r.consumerIds('cg')).toEqual([]);
  });
});

describe('QueueLockManager', () => {
  it('locks a queue for one client until 60 s after its last renewal', () => {
    const l = new QueueLockManager();
    const mq = { topic: 't', brokerName: 'b', queueId: 0 };
    expect(l.tryLock('g', 'c1', [mq], 0)).toHaveLength(1);
    expect(l.tryLock('g', 'c2', [mq], 30_000_000)).toHaveLength(0);
    expect(l.tryLock('g', 'c1', [mq], 50_000_000)).toHaveLength(1); // renewal
    expect(l.tryLock('g', 'c2', [mq], 100_000_000)).toHaveLength(0);
    expect(l.tryLock('g', 'c2', [mq], 110_000_001)).toHaveLength(1); // expired
    l.unlock('g', 'c2', [mq]);
    expect(l.holder('g', mq, 110_000_002)).toBeUndefined();
  });
});

describe('config, statuses, topics, records', () => {
  it('has the 4.9.7 defaults and clamps the registration period to [10 s, 60 s]', () => {
    const c = resolveBrokerConfig({
      brokerName: 'b',
      namesrvAddrs: [],
      mode: { kind: 'classic', brokerRole: 'ASYNC_MASTER', brokerId: 0 },
    });
    expect(c.timings.registerNameServerPeriodUs).toBe(30_000_000);
    expect(c.timings.registerBrokerTimeoutUs).toBe(6_000_000);
    expect(c.timings.slaveTimeoutUs).toBe(3_000_000);
    expect(c.capacity).toMatchObject({
      sendQueueWaitLimitUs: 200_000,
      sendQueueCapacity: 10_000,
      sendServiceTimeUs: 40,
    });
    expect(c.delayLevelsUs).toHaveLength(18);
    expect(registrationPeriodUs({ ...c.timings, registerNameServerPeriodUs: 1_000_000 })).toBe(10_000_000);
    expect(registrationPeriodUs({ ...c.timings, registerNameServerPeriodUs: 600_000_000 })).toBe(60_000_000);
  });

  it('maps store and DLedger statuses to wire codes as §3.5 and §4.4 say', () => {
    expect(putStatusToCode('OS_PAGECACHE_BUSY')).toBe('SYSTEM_ERROR');
    expect(putStatusToCode('PROPERTIES_SIZE_EXCEEDED')).toBe('MESSAGE_ILLEGAL');
    expect(putStatusToCode(appendFailureStatus('WAIT_QUORUM_ACK_TIMEOUT'))).toBe('SYSTEM_ERROR');
    expect(putStatusToCode(appendFailureStatus('NOT_LEADER'))).toBe('SERVICE_NOT_AVAILABLE');
    expect(putStatusToCode(appendFailureStatus('TERM_CHANGED'))).toBe('SYSTEM_ERROR');
  });

  it('catalogs the bug switches and turns their names into flags', () => {
    expect(BROKER_BUG_SWITCHES.map((b) => b.name)).toEqual([
      'broker.sync-master-early-ack',
      'broker.dledger-ack-before-quorum',
      'broker.overflow-corrects-to-min',
      'broker.dledger-registers-id0-at-start',
      'broker.ha-trusts-slave-offset',
      'broker.delay-offset-not-reloaded',
    ]);
    expect(bugFlagsOf(BROKER_BUG_SWITCHES, ['broker.dledger-ack-before-quorum', 'client.other'])).toEqual({
      dledgerAckBeforeQuorum: true,
    });
  });

  it('creates topics once, bumping the data version; SlaveSynchronize replaces only on change', () => {
    const t = new TopicConfigManager([], 5);
    expect(t.createIfAbsent('x', 4, 6)).toBe(true);
    expect(t.createIfAbsent('x', 4, 7)).toBe(false);
    expect(t.dataVersion).toEqual({ timestamp: 6, counter: 1 });
    expect(t.replaceAll(t.all(), 8)).toBe(false);
    expect(t.replaceAll([], 9)).toBe(true);
    expect(t.all()).toEqual([]);
  });

  it('rewrites a delayed put into the schedule topic, queue level-1, with its delivery time', () => {
    const req = {
      topic: 'T',
      queueId: 2,
      uid: 1,
      keys: '',
      bodyBytes: 1,
      bornTimestampUs: 0,
      reconsumeTimes: 0,
      originUid: 1,
      originTopic: 'T',
    };
    const r = scheduleRequest(
      req,
      3,
      resolveBrokerConfig({
        brokerName: 'b',
        namesrvAddrs: [],
        mode: { kind: 'classic', brokerRole: 'ASYNC_MASTER', brokerId: 0 },
      }).delayLevelsUs,
      1_000,
    );
    expect(r).toMatchObject({
      topic: 'SCHEDULE_TOPIC_XXXX',
      queueId: 2,
      realTopic: 'T',
      realQueueId: 2,
      delayLevel: 3,
      tagsCode: 10_001_000,
    });
  });

  it("a DLedger payload is the record's arena ref", () => {
    const out = encodeRecordRef(12_345, new Array<number>(RECORD_FIELDS).fill(0));
    expect(out).toHaveLength(RECORD_FIELDS);
    expect(recordRefOf((f) => out[f] ?? -1)).toBe(12_345);
  });
});
