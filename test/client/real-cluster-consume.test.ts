import { describe, expect, it } from 'vitest';
import { sec, toPerMillion } from '../../sim/engine/index.js';
import { AtLeastOnceChecker, outcomeCounts } from '../../sim/check/at-least-once.js';
import { SendOutcome } from '../../sim/history/history.js';
import { QueueOrderChecker } from '../../sim/check/queue-order.js';
import { addConsumer, addProducer, consumerSpec, producerSpec } from './harness.js';
import { realCluster } from './real-cluster.js';
import { nodeId } from '../../sim/engine/index.js';

describe('clients on the real broker: send statuses, retries and consume-from-where', () => {
  it('SYNC_MASTER without its slave answers SLAVE_NOT_AVAILABLE; the producer does not resend it', () => {
    const c = realCluster({ seed: 41, classic: { 'broker-a': 2 }, masterRole: 'SYNC_MASTER' });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 20 }, startUs: sec(15), stopUs: sec(60) }),
    );
    c.sim.at(sec(30), () => c.sim.crash(nodeId('broker-a-1')));
    c.sim.runUntil(sec(70));
    const o = outcomeCounts(c.history);
    expect(o.SEND_OK ?? 0).toBeGreaterThan(0);
    expect(o.SLAVE_NOT_AVAILABLE ?? 0).toBeGreaterThan(100);
    const col = c.history.sends.col;
    for (let i = 0; i < c.history.sends.length; i++)
      if (col.outcome.get(i) === SendOutcome.SLAVE_NOT_AVAILABLE) expect(col.attempts.get(i)).toBe(1);
  });

  it('failed consumptions come back through %RETRY% with delay levels 10 s, 30 s, ... and end in the DLQ after maxReconsumeTimes', () => {
    const c = realCluster({ seed: 42, classic: { 'broker-a': 1 } });
    // The consumer subscribes to %RETRY%cg before the message comes: the retry topic reaches the routes
    // with the broker's next registration, and the queue at the next rebalance.
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 1 }, startUs: sec(90), stopUs: sec(91) }),
    );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12), failureRate: toPerMillion(1) }), { maxReconsumeTimes: 2 });
    const strict = new AtLeastOnceChecker({ history: c.history, groups: [{ group: 'cg', topics: ['T'] }] });
    const allowing = new AtLeastOnceChecker({
      history: c.history,
      groups: [{ group: 'cg', topics: ['T'] }],
      allowDlq: true,
    });
    c.sim.addSink(strict); // sees the broker's broker.dlq event
    c.sim.addSink(allowing);
    c.sim.runUntil(sec(250));
    const h = c.history;
    const times: number[] = [];
    const attempts: number[] = [];
    for (let i = 0; i < h.consumptions.length; i++) {
      times.push(h.consumptions.col.atUs.get(i));
      attempts.push(h.consumptions.col.attempt.get(i));
    }
    expect(attempts).toEqual([0, 1, 2]);
    const gap1 = (times[1] ?? 0) - (times[0] ?? 0);
    const gap2 = (times[2] ?? 0) - (times[1] ?? 0);
    expect(gap1).toBeGreaterThanOrEqual(sec(10));
    expect(gap1).toBeLessThan(sec(12));
    expect(gap2).toBeGreaterThanOrEqual(sec(30));
    expect(gap2).toBeLessThan(sec(32));
    // Delivered and failed every time, then moved to %DLQ%cg: never consumed, so at-least-once holds only
    // when the expectation allows the DLQ; nothing is redelivered after it.
    const r = strict.finish(sec(250));
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ 'cg.dlq': 1, 'cg.consumed': 0, 'cg.missing': 0 });
    expect(allowing.finish(sec(250)).ok).toBe(true);
  });

  it("a new group with CONSUME_FROM_LAST_OFFSET still starts at 0 while the queue's first message is in memory (§3.9)", () => {
    const c = realCluster({ seed: 43, classic: { 'broker-a': 1 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 20 }, startUs: sec(15), stopUs: sec(60) }),
    );
    addConsumer(
      c,
      'last-1',
      consumerSpec({ group: 'last', startUs: sec(40), consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' }),
    );
    c.sim.runUntil(sec(90));
    expect(c.history.consumptions.length).toBe(20 * 45);
  });

  it('orderly consumers lock their queues on the real broker and keep per-queue order across an instance crash', () => {
    const c = realCluster({ seed: 44, classic: { 'broker-a': 1, 'broker-b': 1 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 40 }, ordered: true, startUs: sec(15), stopUs: sec(80) }),
    );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12), orderly: true, failureRate: toPerMillion(0.02) }));
    addConsumer(c, 'cg-2', consumerSpec({ startUs: sec(12), orderly: true, failureRate: toPerMillion(0.02) }));
    c.sim.at(sec(45), () => c.sim.crash(nodeId('cg-1')));
    c.sim.runUntil(sec(200));
    const order = new QueueOrderChecker({ history: c.history, groups: ['cg'], topics: ['T'] }).finish(sec(200));
    expect(order.ok, order.detail).toBe(true);
    const r = new AtLeastOnceChecker({ history: c.history, groups: [{ group: 'cg', topics: ['T'] }] }).finish(sec(200));
    expect(r.ok, r.detail).toBe(true);
    expect(r.figures?.['cg.consumed']).toBe(40 * 65);
    expect(r.figures?.['cg.deliveries']).toBeGreaterThan(40 * 65);
  });
});
