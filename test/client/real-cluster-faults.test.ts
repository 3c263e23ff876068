import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { AtLeastOnceChecker, outcomeCounts } from '../../sim/check/at-least-once.js';
import { isAcked, SendOutcome } from '../../sim/history/history.js';
import { AvailabilityChecker } from '../../sim/check/availability.js';
import { addConsumer, addProducer, consumerSpec, producerSpec } from './harness.js';
import { realCluster, type RealCluster } from './real-cluster.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

const atLeastOnce = (c: RealCluster, endUs: number) =>
  new AtLeastOnceChecker({ history: c.history, groups: [{ group: 'cg', topics: ['T'] }] }).finish(endUs);

/** The last time an attempt to send to `brokerName` was made (its failure event). */
function lastFailureOn(c: RealCluster, brokerName: string): number {
  return Math.max(
    -1,
    ...c.events.filter((e) => e.e.kind === 'client.send-failed' && e.e.brokerName === brokerName).map((e) => e.t),
  );
}

describe('clients on the real cluster under faults', () => {
  it('§7(c) blackhole: a master host losing power is chosen until NameServer expiry plus a poll (<= 160 s); those sends block 3 s and fail', () => {
    const c = realCluster({ seed: 31, classic: { 'broker-a': 2, 'broker-b': 2 } });
    addProducer(c, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, startUs: sec(15) }));
    c.sim.at(sec(40), () => c.sim.powerLoss(hostId('broker-a-0')));
    c.sim.runUntil(sec(260));
    const o = outcomeCounts(c.history);
    expect(o.UNKNOWN ?? 0).toBeGreaterThan(0); // timed out: stored or not, the producer cannot know
    const last = lastFailureOn(c, 'broker-a');
    expect(last - sec(40)).toBeGreaterThan(sec(90));
    expect(last - sec(40)).toBeLessThanOrEqual(sec(160));
    // After that every send is acked by broker-b.
    const col = c.history.sends.col;
    for (let i = 0; i < c.history.sends.length; i++) {
      if (col.invokeUs.get(i) > last + sec(1) && col.doneUs.get(i) >= 0) expect(isAcked(col.outcome.get(i))).toBe(true);
    }
  });

  it('§7(b) NameServers restart empty: TOPIC_NOT_EXIST keeps the cached routes and no send fails', () => {
    const c = realCluster({ seed: 32, classic: { 'broker-a': 1, 'broker-b': 1 } });
    addProducer(c, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 20 }, startUs: sec(15) }));
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12) }));
    c.sim.at(sec(45), () => ['ns-1', 'ns-2', 'ns-3'].forEach((n) => c.sim.restart(nodeId(n))));
    c.sim.runUntil(sec(120));
    expect(
      c.events.some(
        (e) => e.e.kind === 'client.route-query-failed' && e.e.reason === 'TOPIC_NOT_EXIST' && e.t > sec(45),
      ),
    ).toBe(true);
    const o = outcomeCounts(c.history);
    expect(o.FAILED ?? 0).toBe(0);
    expect(o.UNKNOWN ?? 0).toBe(0);
    expect(atLeastOnce(c, sec(120)).ok).toBe(true);
  });

  it('§7(e1): a partition isolating the DLedger leader from its followers loses no acked message, and writes resume', () => {
    const c = realCluster({ seed: 33, dledger: { 'broker-a': 3, 'broker-b': 3 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 40 }, startUs: sec(25), stopUs: sec(170) }),
    );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(20) }));
    let old = '';
    c.sim.at(sec(60), () => {
      old = c.master('broker-a') ?? '';
      const followers = (c.groups.get('broker-a') ?? []).filter((n) => n !== old);
      c.sim.partition([nodeId(old)], followers);
    });
    c.sim.at(sec(120), () => c.sim.heal());
    c.sim.runUntil(sec(220));
    expect(old).not.toBe('');
    const r = atLeastOnce(c, sec(220));
    expect(r.ok, r.detail).toBe(true);
    // broker-a takes writes again after the fault (a new leader registered as id 0).
    const col = c.history.sends.col;
    const a = c.history.names.peek('broker-a');
    let lateOnA = 0;
    for (let i = 0; i < c.history.sends.length; i++)
      if (col.broker.get(i) === a && col.invokeUs.get(i) > sec(130) && isAcked(col.outcome.get(i))) lateOnA++;
    expect(lateOnA).toBeGreaterThan(0);
  });
});

describe('single-group DLedger leader crash (§7(d))', () => {
  it('every attempt re-selects the only group: sends fail after 3 attempts until the next route poll brings the new leader', () => {
    const c = realCluster({ seed: 34, dledger: { 'broker-a': 3 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 20 }, startUs: sec(25), stopUs: sec(140) }),
    );
    let killed = '';
    c.sim.at(sec(61), () => {
      killed = c.master('broker-a') ?? '';
      c.sim.crash(nodeId(killed));
    });
    c.sim.runUntil(sec(150));
    expect(killed).not.toBe('');
    const a = new AvailabilityChecker({
      history: c.history,
      faults: [{ atUs: sec(61), brokerName: 'broker-a', label: 'leader-crash' }],
    }).finish(sec(150));
    const outage = a.figures?.['leader-crash.groupWriteOutageUs'] ?? -1;
    expect(outage).toBeGreaterThan(sec(4));
    expect(outage).toBeLessThanOrEqual(sec(45));
    const col = c.history.sends.col;
    let failed = 0;
    for (let i = 0; i < c.history.sends.length; i++) {
      if (col.outcome.get(i) !== SendOutcome.FAILED) continue;
      failed++;
      expect(col.attempts.get(i)).toBe(3);
    }
    expect(failed).toBeGreaterThan(0);
    expect(
      c.events.some((e) => /send to broker-a failed \(connection refused\), retrying on broker-a/.test(e.text)),
    ).toBe(true);
  });
});
