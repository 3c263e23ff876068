import { describe, expect, it } from 'vitest';
import { nodeId, sec } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/history.js';
import { AtLeastOnceChecker } from '../../sim/check/at-least-once.js';
import { QueueOrderChecker } from '../../sim/check/queue-order.js';
import { AvailabilityChecker, longestGapUs } from '../../sim/check/availability.js';
import {
  consumptionsPerGroup,
  forEachAckedSend,
  sendLatencyPercentiles,
  sendsPerBucket,
  type AckedSend,
} from '../../sim/history/history-readers.js';
import { msgUid } from '../../sim/protocol/index.js';

function send(h: History, seq: number, atUs: number, outcome: number, broker = 'broker-a', offset = seq): void {
  const row = h.sendStarted({ uid: msgUid(1, seq), group: 'pg', topic: 'T', key: -1, atUs });
  h.sendDone(row, {
    outcome: outcome as typeof SendOutcome.SEND_OK,
    atUs: atUs + 1000,
    attempts: 1,
    brokerName: broker,
    queueId: 0,
    queueOffset: offset,
  });
}

function consume(
  h: History,
  seq: number,
  atUs: number,
  over: { instance?: string; offset?: number; ok?: boolean; topic?: string; attempt?: number; client?: number } = {},
): void {
  h.consumed({
    uid: msgUid(over.client ?? 1, seq),
    group: 'cg',
    instance: over.instance ?? 'cg-1',
    topic: over.topic ?? 'T',
    brokerName: 'broker-a',
    queueId: 0,
    queueOffset: over.offset ?? seq,
    attempt: over.attempt ?? 0,
    ok: over.ok ?? true,
    atUs,
  });
}

const groups = [{ group: 'cg', topics: ['T'] }];

describe('at-least-once checker', () => {
  it('passes when every acked message is consumed; reports allowed losses as notes', () => {
    const h = new History();
    for (let s = 0; s < 10; s++) send(h, s, sec(s), SendOutcome.SEND_OK);
    send(h, 10, sec(10), SendOutcome.FLUSH_DISK_TIMEOUT);
    send(h, 11, sec(11), SendOutcome.UNKNOWN);
    for (let s = 0; s < 10; s++) consume(h, s, sec(s) + 5000);
    const r = new AtLeastOnceChecker({ history: h, groups }).finish(sec(100));
    expect(r.ok).toBe(true);
    expect(r.figures?.['cg.allowedLoss']).toBe(1);
    expect(r.notes?.some((n) => /allowed: acked FLUSH_DISK_TIMEOUT/.test(n))).toBe(true);
  });

  it('fails on a lost acked message and on a phantom, and attributes duplicates', () => {
    const h = new History();
    for (let s = 0; s < 5; s++) send(h, s, sec(s), SendOutcome.SEND_OK);
    consume(h, 0, sec(10));
    consume(h, 0, sec(11), { instance: 'cg-2' });
    consume(h, 1, sec(10));
    consume(h, 1, sec(12));
    consume(h, 2, sec(10), { ok: false });
    consume(h, 2, sec(20), { topic: '%RETRY%cg', attempt: 1 });
    consume(h, 3, sec(10));
    consume(h, 3, sec(30), { topic: '%RETRY%cg', attempt: 1 });
    consume(h, 99, sec(10), { client: 7 });
    const r = new AtLeastOnceChecker({ history: h, groups, maxDuplicates: 2 }).finish(sec(100));
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({
      'cg.missing': 1,
      phantoms: 1,
      'cg.duplicates': 3,
      'cg.dup.other-instance': 1,
      'cg.dup.offset-rollback': 1,
      'cg.dup.retry': 1,
    });
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(/msg 1:4 acked SEND_OK .* never consumed by cg/);
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(/msg 7:99 .*phantom/);
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(/3 duplicate consumptions > 2/);
  });

  it('gives messages acked within the grace period time to be consumed', () => {
    const h = new History();
    send(h, 0, sec(50), SendOutcome.SEND_OK);
    consume(h, 0, sec(51));
    send(h, 1, sec(95), SendOutcome.SEND_OK);
    expect(new AtLeastOnceChecker({ history: h, groups }).finish(sec(100)).ok).toBe(true);
    // With only the young message there is nothing to judge: not judged, never a pass.
    const young = new History();
    send(young, 1, sec(95), SendOutcome.SEND_OK);
    expect(new AtLeastOnceChecker({ history: young, groups }).finish(sec(100)).detail).toMatch(/^not judged/);
  });
});

describe('order checker', () => {
  it('accepts re-consumption but flags a first delivery out of offset order', () => {
    const h = new History();
    for (const off of [0, 1, 2, 1, 2, 3]) consume(h, off, sec(off + 1), { offset: off });
    expect(new QueueOrderChecker({ history: h, groups: ['cg'], topics: ['T'] }).finish(sec(10)).ok).toBe(true);
    consume(h, 5, sec(20), { offset: 5 });
    consume(h, 4, sec(21), { offset: 4 });
    const r = new QueueOrderChecker({ history: h, groups: ['cg'], topics: ['T'] }).finish(sec(30));
    expect(r.ok).toBe(false);
    expect(r.violations[0]?.message).toMatch(/first consumed T@broker-a#0 offset 4 .* after offset 5/);
  });
});

describe('availability checker and history readers', () => {
  it('measures the success ratio, the longest outage and the outage phases', () => {
    const h = new History();
    let seq = 0;
    for (let t = 0; t < 100; t++) {
      const down = t >= 40 && t < 55;
      send(h, seq++, sec(t), down ? SendOutcome.FAILED : SendOutcome.SEND_OK, t % 2 === 0 ? 'broker-a' : 'broker-b');
    }
    const checker = new AvailabilityChecker({
      history: h,
      minSuccessRatio: 0.9,
      maxOutageUs: sec(10),
      faults: [{ atUs: sec(40), brokerName: 'broker-a', label: 'crash-a' }],
    });
    checker.onEvent(sec(40.1), nodeId('ns-1'), {
      kind: 'ns.broker-removed',
      ns: 'ns-1',
      brokerName: 'broker-a',
      brokerId: 0,
      addr: 'broker-a-0',
      reason: 'channel-closed',
      silentUs: 0,
    });
    checker.onEvent(sec(52), nodeId('pg-1'), {
      kind: 'client.route-changed',
      client: 'pg-1',
      topic: 'T',
      writableBrokers: ['broker-b'],
      readableBrokers: ['broker-a', 'broker-b'],
    });
    const r = checker.finish(sec(100));
    expect(r.ok).toBe(false);
    expect(r.figures?.successRatio).toBeCloseTo(0.85, 5);
    expect(r.figures?.['pg.longestOutageUs']).toBe(sec(16));
    expect(r.figures?.['crash-a.nsRemovalUs']).toBe(sec(0.1));
    expect(r.figures?.['crash-a.routeUpdateUs']).toBe(sec(12));
    expect(r.figures?.['crash-a.firstOkSendUs']).toBe(sec(16) + 1000);
    expect(r.notes?.[0]).toMatch(
      /NameServer removal \+0\.100s, last producer route update \+12\.000s, first OK send to broker-a \+16\.001s; group write outage 16\.001s/,
    );
    expect(longestGapUs(h, { brokerName: 'broker-b', fromUs: 0, toUs: sec(100) }).gapUs).toBe(sec(16));
    const buckets = sendsPerBucket(h, sec(10), sec(100));
    expect(buckets[4]).toEqual({ startUs: sec(40), acked: 0, failed: 10, unknown: 0 });
    expect(sendLatencyPercentiles(h, [50, 99])).toEqual([1000, 1000]);
    expect(consumptionsPerGroup(h)).toEqual([]);
  });

  it('measures one producer group when asked; a group that never sent has nothing to measure', () => {
    const h = new History();
    for (let t = 0; t < 10; t++) send(h, t, sec(t), SendOutcome.SEND_OK);
    const row = h.sendStarted({ uid: msgUid(2, 0), group: 'other', topic: 'T', key: -1, atUs: 0 });
    h.sendDone(row, {
      outcome: SendOutcome.FAILED,
      atUs: 1000,
      attempts: 3,
      brokerName: '',
      queueId: 0,
      queueOffset: -1,
    });
    const only = new AvailabilityChecker({ history: h, producerGroup: 'pg', minSuccessRatio: 1 }).finish(sec(10));
    expect(only.ok).toBe(true);
    expect(only.figures?.sends).toBe(10);
    expect(Object.keys(only.figures ?? {}).filter((k) => k.endsWith('.longestOutageUs'))).toEqual([
      'pg.longestOutageUs',
    ]);
    expect(new AvailabilityChecker({ history: h, minSuccessRatio: 1 }).finish(sec(10)).ok).toBe(false);
    const none = new AvailabilityChecker({ history: h, producerGroup: 'absent' }).finish(sec(10));
    expect(none.figures?.sends).toBe(0);
  });

  it('lists acknowledged sends for the durability checker', () => {
    const h = new History();
    send(h, 0, sec(1), SendOutcome.SEND_OK);
    send(h, 1, sec(2), SendOutcome.UNKNOWN);
    send(h, 2, sec(3), SendOutcome.SLAVE_NOT_AVAILABLE, 'broker-b');
    const rows: AckedSend[] = [];
    forEachAckedSend(h, (a) => rows.push(a));
    expect(rows).toEqual([
      {
        uid: msgUid(1, 0),
        brokerName: 'broker-a',
        topic: 'T',
        queueId: 0,
        queueOffset: 0,
        status: 'SEND_OK',
        atUs: sec(1) + 1000,
        sentUs: sec(1),
      },
      {
        uid: msgUid(1, 2),
        brokerName: 'broker-b',
        topic: 'T',
        queueId: 0,
        queueOffset: 2,
        status: 'SLAVE_NOT_AVAILABLE',
        atUs: sec(3) + 1000,
        sentUs: sec(3),
      },
    ]);
  });

  it('stores an hour of 1,000 msg/s (3.6M sends + 3.6M consumptions) compactly', () => {
    const h = new History();
    const n = 3_600_000;
    for (let i = 0; i < n; i++) {
      const row = h.sendStarted({ uid: msgUid(1, i), group: 'pg', topic: 'T', key: i % 100, atUs: i * 1000 });
      h.sendDone(row, {
        outcome: SendOutcome.SEND_OK,
        atUs: i * 1000 + 500,
        attempts: 1,
        brokerName: 'broker-a',
        queueId: i % 8,
        queueOffset: i >> 3,
      });
      h.consumed({
        uid: msgUid(1, i),
        group: 'cg',
        instance: 'cg-1',
        topic: 'T',
        brokerName: 'broker-a',
        queueId: i % 8,
        queueOffset: i >> 3,
        attempt: 0,
        ok: true,
        atUs: i * 1000 + 900,
      });
    }
    const m = h.memory();
    const perRecord = m.bytes / (2 * n);
    console.log(
      `history: ${(m.bytes / 2 ** 20).toFixed(1)} MiB for ${2 * n} records = ${perRecord.toFixed(1)} bytes/record (row: send ${m.sendRowBytes} B, consumption ${m.consumeRowBytes} B)`,
    );
    expect(m.sendRowBytes).toBeLessThanOrEqual(64);
    expect(m.consumeRowBytes).toBeLessThanOrEqual(48);
    expect(perRecord).toBeLessThan(100);
  });
});
