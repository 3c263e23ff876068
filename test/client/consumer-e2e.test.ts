import { describe, expect, it } from 'vitest';
import { sec, toPerMillion } from '../../sim/engine/index.js';
import { AtLeastOnceChecker } from '../../sim/check/at-least-once.js';
import { QueueOrderChecker } from '../../sim/check/queue-order.js';
import { addConsumer, addProducer, consumerSpec, harness, producerSpec, type Harness } from './harness.js';
import { nodeId } from '../../sim/engine/index.js';

function atLeastOnce(h: Harness, endUs: number, maxDuplicates?: number) {
  const opts = { history: h.history, groups: [{ group: 'cg', topics: ['T'] }] };
  return new AtLeastOnceChecker(maxDuplicates === undefined ? opts : { ...opts, maxDuplicates }).finish(endUs);
}

describe('consumer end to end (stub cluster)', () => {
  it('two clustering instances split the queues and consume every message once', () => {
    const h = harness({ seed: 11 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 }, stopUs: sec(50) }));
    const c1 = addConsumer(h, 'cg-1', consumerSpec());
    addConsumer(h, 'cg-2', consumerSpec());
    h.sim.runUntil(sec(90));
    const r = atLeastOnce(h, sec(90), 0);
    expect(r.ok, r.detail).toBe(true);
    expect(r.figures?.['cg.consumed']).toBe(50 * 49);
    expect(r.figures?.['cg.duplicates']).toBe(0);
    const rebalances = h.events.filter(
      (e) => e.e.kind === 'client.rebalanced' && e.e.topic === 'T' && e.e.consumers === 2,
    );
    expect(rebalances.length).toBeGreaterThanOrEqual(2);
    // Allocate-averagely over 2 instances: cg-1 consumed a real share of the messages, not all or none.
    const c = h.history.consumptions;
    let byC1 = 0;
    for (let i = 0; i < c.length; i++) if (h.history.names.nameOf(c.col.instance.get(i)) === c1) byC1++;
    expect(byC1).toBeGreaterThan(0.2 * 50 * 49);
    expect(byC1).toBeLessThan(0.8 * 50 * 49);
  });

  it("a crashed instance's queues move to the survivor at the next rebalance; nothing is lost, duplicates are attributed", () => {
    const h = harness({ seed: 12 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 100 }, stopUs: sec(80) }));
    addConsumer(h, 'cg-1', consumerSpec({ consumeTimeUs: 20_000 }));
    addConsumer(h, 'cg-2', consumerSpec({ consumeTimeUs: 20_000 }));
    h.sim.at(sec(33), () => h.sim.crash(nodeId('cg-2')));
    h.sim.runUntil(sec(150));
    const r = atLeastOnce(h, sec(150));
    expect(r.ok, r.detail).toBe(true);
    expect(r.figures?.['cg.missing']).toBe(0);
    expect(r.figures?.['cg.duplicates']).toBeGreaterThan(0);
    expect(r.figures?.['cg.dup.other-instance']).toBe(r.figures?.['cg.duplicates']);
  });

  it('bug client.commit-before-consume: a crash loses the backlog the instance held, and at-least-once catches it', () => {
    const run = (bug: boolean) => {
      const h = harness({ seed: 12 });
      addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 100 }, stopUs: sec(80) }));
      addConsumer(h, 'cg-1', consumerSpec({ consumeTimeUs: 20_000 }), { bugCommitBeforeConsume: bug });
      addConsumer(h, 'cg-2', consumerSpec({ consumeTimeUs: 20_000 }), { bugCommitBeforeConsume: bug });
      h.sim.at(sec(33), () => h.sim.crash(nodeId('cg-2')));
      h.sim.runUntil(sec(150));
      return atLeastOnce(h, sec(150));
    };
    expect(run(false).ok).toBe(true);
    const r = run(true);
    expect(r.ok).toBe(false);
    expect(r.figures?.['cg.missing']).toBeGreaterThan(0);
    expect(r.violations[0]?.message).toMatch(/never consumed by cg/);
  });

  it('bug client.rebalance-overlap: one queue per instance is consumed twice and the duplicate bound catches it', () => {
    const run = (bug: boolean) => {
      const h = harness({ seed: 13 });
      addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 }, stopUs: sec(50) }));
      addConsumer(h, 'cg-1', consumerSpec(), { bugRebalanceOverlap: bug });
      addConsumer(h, 'cg-2', consumerSpec(), { bugRebalanceOverlap: bug });
      h.sim.runUntil(sec(90));
      return atLeastOnce(h, sec(90), 0);
    };
    expect(run(false).ok).toBe(true);
    const bad = run(true);
    expect(bad.ok).toBe(false);
    expect(bad.figures?.['cg.dup.other-instance']).toBeGreaterThan(100);
  });

  it('a queue whose offset query is still in flight when a newer allocation gives it away is not started', () => {
    // Slow offset answers: each instance's first allocation (it alone, 8 queues) is still starting its
    // queues when the second (two instances, 4 each) arrives; RocketMQ's single rebalance thread
    // never lets them race, so the queues given away must not start when the late answers come.
    const h = harness({ seed: 11 });
    for (const store of h.stores.values()) store.offsetReplyDelayUs = sec(2);
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 }, stopUs: sec(50) }));
    addConsumer(h, 'cg-1', consumerSpec());
    addConsumer(h, 'cg-2', consumerSpec());
    h.sim.runUntil(sec(90));
    const abandoned = h.events.filter(
      (e) => e.e.kind === 'client.rebalanced' && e.e.topic === 'T' && e.e.consumers === 2 && e.e.removed > 0,
    );
    expect(abandoned.length).toBeGreaterThan(0); // the race did happen
    const r = atLeastOnce(h, sec(90), 0);
    expect(r.ok, r.detail).toBe(true);
  });

  it('failed consumptions go back through the retry topic and are consumed again', () => {
    const h = harness({ seed: 14 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, stopUs: sec(30) }));
    addConsumer(h, 'cg-1', consumerSpec({ failureRate: toPerMillion(0.3) }));
    h.sim.runUntil(sec(90));
    const r = atLeastOnce(h, sec(90));
    expect(r.ok, r.detail).toBe(true);
    const c = h.history.consumptions.col;
    let retried = 0;
    for (let i = 0; i < h.history.consumptions.length; i++) if (c.attempt.get(i) > 0) retried++;
    expect(retried).toBeGreaterThan(50);
  });

  it('orderly consumption of an ordered topic keeps per-queue order across a consumer crash', () => {
    const h = harness({ seed: 15, order: true });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 }, ordered: true, stopUs: sec(60) }));
    addConsumer(h, 'cg-1', consumerSpec({ orderly: true, failureRate: toPerMillion(0.05) }));
    addConsumer(h, 'cg-2', consumerSpec({ orderly: true, failureRate: toPerMillion(0.05) }));
    h.sim.at(sec(30), () => h.sim.crash(nodeId('cg-1')));
    h.sim.runUntil(sec(150));
    const order = new QueueOrderChecker({ history: h.history, groups: ['cg'], topics: ['T'] }).finish(sec(150));
    expect(order.ok, order.detail).toBe(true);
    expect(order.figures?.checked).toBeGreaterThan(50 * 59);
    const r = atLeastOnce(h, sec(150));
    expect(r.ok, r.detail).toBe(true);
  });

  it('broadcasting: every instance consumes every message', () => {
    const h = harness({ seed: 16 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, stopUs: sec(30) }));
    addConsumer(h, 'cg-1', consumerSpec({ model: 'BROADCASTING' }));
    addConsumer(h, 'cg-2', consumerSpec({ model: 'BROADCASTING' }));
    h.sim.runUntil(sec(60));
    const c = h.history.consumptions.col;
    const per = new Map<string, number>();
    for (let i = 0; i < h.history.consumptions.length; i++) {
      const inst = h.history.names.nameOf(c.instance.get(i));
      per.set(inst, (per.get(inst) ?? 0) + 1);
    }
    expect(Object.fromEntries(per)).toEqual({ 'cg-1': 20 * 29, 'cg-2': 20 * 29 });
  });

  it('a new group with CONSUME_FROM_LAST_OFFSET starts at the queue max when the broker has no offset; FIRST_OFFSET at 0', () => {
    const h = harness({ seed: 17 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, stopUs: sec(60) }));
    addConsumer(
      h,
      'last-1',
      consumerSpec({ group: 'last', startUs: sec(30), consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' }),
    );
    addConsumer(
      h,
      'first-1',
      consumerSpec({ group: 'first', startUs: sec(30), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' }),
    );
    h.sim.runUntil(sec(90));
    const per: Record<string, number> = {};
    for (let i = 0; i < h.history.consumptions.length; i++) {
      const g = h.history.names.nameOf(h.history.consumptions.col.group.get(i));
      per[g] = (per[g] ?? 0) + 1;
    }
    expect(per.first).toBe(20 * 59);
    expect(per.last ?? 0).toBeGreaterThan(20 * 29);
    expect(per.last ?? 0).toBeLessThan(20 * 31);
  });

  it('replays exactly: same seed, same trace hash and the same history', () => {
    const run = (seed: number) => {
      const h = harness({ seed });
      addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 }, stopUs: sec(40) }));
      addConsumer(h, 'cg-1', consumerSpec({ failureRate: toPerMillion(0.1) }));
      addConsumer(h, 'cg-2', consumerSpec({ failureRate: toPerMillion(0.1) }));
      h.sim.at(sec(20), () => h.sim.crash(nodeId('cg-2')));
      h.sim.runUntil(sec(60));
      const c = h.history.consumptions.col;
      return {
        hash: h.sim.traceHash(),
        consumed: Array.from(c.uid.copyRows(h.history.consumptions.length)),
        at: Array.from(c.atUs.copyRows(h.history.consumptions.length)),
      };
    };
    const a = run(99);
    expect(run(99)).toEqual(a);
    expect(run(98).hash).not.toBe(a.hash);
  });

  it('broadcasting keeps offsets in a local file: a restarted instance resumes near where it stopped; orderly needs no broker lock', () => {
    const h = harness({ seed: 18, order: true });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, ordered: true, stopUs: sec(60) }));
    addConsumer(h, 'cg-1', consumerSpec({ model: 'BROADCASTING', orderly: true }));
    addConsumer(h, 'cg-2', consumerSpec({ model: 'BROADCASTING', orderly: true }));
    h.sim.at(sec(30), () => h.sim.crash(nodeId('cg-2')));
    h.sim.at(sec(35), () => h.sim.restart(nodeId('cg-2')));
    h.sim.runUntil(sec(90));
    const per = new Map<string, number>();
    const c = h.history.consumptions.col;
    for (let i = 0; i < h.history.consumptions.length; i++) {
      const inst = h.history.names.nameOf(c.instance.get(i));
      per.set(inst, (per.get(inst) ?? 0) + 1);
    }
    expect(per.get('cg-1')).toBe(20 * 59);
    // Everything once, plus at most the last 5 s (one persist period) again after the restart.
    expect(per.get('cg-2') ?? 0).toBeGreaterThanOrEqual(20 * 59);
    expect(per.get('cg-2') ?? 0).toBeLessThanOrEqual(20 * 59 + 20 * 5);
    expect(new QueueOrderChecker({ history: h.history, groups: ['cg'], topics: ['T'] }).finish(sec(90)).ok).toBe(true);
  });
});
