import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { AtLeastOnceChecker, outcomeCounts } from '../../sim/check/at-least-once.js';
import { AvailabilityChecker } from '../../sim/check/availability.js';
import { addConsumer, addProducer, consumerSpec, producerSpec } from './harness.js';
import { realCluster, type RealCluster } from './real-cluster.js';
import { nodeId } from '../../sim/engine/index.js';

const atLeastOnce = (c: RealCluster, endUs: number) =>
  new AtLeastOnceChecker({ history: c.history, groups: [{ group: 'cg', topics: ['T'] }] }).finish(endUs);

describe('clients on the real NameServer and broker', () => {
  it('classic 2 groups (master + slave): every acked message is consumed', () => {
    const c = realCluster({ seed: 21, classic: { 'broker-a': 2, 'broker-b': 2 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 50 }, startUs: sec(15), stopUs: sec(60) }),
    );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12) }));
    addConsumer(c, 'cg-2', consumerSpec({ startUs: sec(12) }));
    c.sim.runUntil(sec(100));
    const r = atLeastOnce(c, sec(100));
    expect(r.ok, r.detail).toBe(true);
    expect(r.figures?.['cg.duplicates']).toBe(0);
    expect(outcomeCounts(c.history)).toEqual({ SEND_OK: 50 * 45 });
  });

  it('§7(c): classic master crash (RST): producers fail over within the call and stop choosing it within 30 s; consumers read the slave', () => {
    const c = realCluster({ seed: 22, classic: { 'broker-a': 2, 'broker-b': 2 } });
    for (let i = 1; i <= 2; i++)
      addProducer(
        c,
        `pg-${i}`,
        producerSpec({ rate: { kind: 'constant', perSecond: 50 }, startUs: sec(15), stopUs: sec(120) }),
      );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12) }));
    addConsumer(c, 'cg-2', consumerSpec({ startUs: sec(12) }));
    const availability = new AvailabilityChecker({ history: c.history, minSuccessRatio: 1 });
    c.sim.addSink({ onEvent: (t, n, e) => availability.onEvent(t, n, e) });
    c.sim.addSink(availability.kernelSink());
    c.sim.at(sec(47), () => c.sim.crash(nodeId('broker-a-0')));
    c.sim.runUntil(sec(160));
    const o = outcomeCounts(c.history);
    expect(o.FAILED ?? 0).toBe(0);
    const failover = c.events.filter((e) => e.e.kind === 'client.send-failed' && e.e.retryOn === 'broker-b');
    expect(failover.length).toBeGreaterThan(0);
    const lastOnA = Math.max(...c.events.filter((e) => e.e.kind === 'client.send-failed').map((e) => e.t));
    expect(lastOnA - sec(47)).toBeLessThanOrEqual(sec(30));
    expect(c.events.some((e) => e.e.kind === 'client.pull-redirected' && e.e.toAddr === 'broker-a-1')).toBe(true);
    const a = availability.finish(sec(160));
    expect(a.ok, a.detail).toBe(true);
    // The master's death is found from the trace (broker.role + lifecycle), no fault list needed.
    expect(a.notes).toEqual([
      expect.stringMatching(
        /^crash-broker-a-0@47000ms \(broker-a at 47\.000s\): NameServer removal \+0\.0\d\ds, last producer route update \+\d+\.\d+s, first OK send to broker-a never/,
      ),
    ]);
    expect(a.figures?.['crash-broker-a-0@47000ms.nsRemovalUs']).toBeLessThan(sec(1));
    expect(a.figures?.['crash-broker-a-0@47000ms.routeUpdateUs']).toBeLessThanOrEqual(sec(30));
    const r = atLeastOnce(c, sec(160));
    expect(r.ok, r.detail).toBe(true);
  });

  it('§7(d): DLedger leader crash in a 2-group cluster loses no acked message; the group write outage is within 10-45 s', () => {
    const c = realCluster({ seed: 23, dledger: { 'broker-a': 3, 'broker-b': 3 } });
    for (let i = 1; i <= 2; i++)
      addProducer(
        c,
        `pg-${i}`,
        producerSpec({ rate: { kind: 'constant', perSecond: 40 }, startUs: sec(25), stopUs: sec(150) }),
      );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(20) }));
    addConsumer(c, 'cg-2', consumerSpec({ startUs: sec(20) }));
    let killed = '';
    const availability = new AvailabilityChecker({
      history: c.history,
      faults: [{ atUs: sec(60), brokerName: 'broker-a', label: 'leader-crash' }],
    });
    c.sim.addSink({ onEvent: (t, n, e) => availability.onEvent(t, n, e) });
    c.sim.at(sec(60), () => {
      killed = c.master('broker-a') ?? '';
      c.sim.crash(nodeId(killed));
    });
    c.sim.runUntil(sec(200));
    expect(killed).not.toBe('');
    const r = atLeastOnce(c, sec(200));
    expect(r.ok, r.detail).toBe(true);
    const a = availability.finish(sec(200));
    const outage = a.figures?.['leader-crash.groupWriteOutageUs'] ?? -1;
    // §7(d): detection 4-6 s + election + readiness + the producers' next route poll (<= 30 s): 10-45 s.
    expect(outage).toBeGreaterThanOrEqual(sec(10));
    expect(outage).toBeLessThanOrEqual(sec(45));
    expect(c.master('broker-a')).toBeDefined();
  });

  it('§7(f): a broker killed (kill -9) and restarted under ASYNC_FLUSH loses no acked message', () => {
    const c = realCluster({ seed: 24, classic: { 'broker-a': 1, 'broker-b': 1 } });
    addProducer(
      c,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 50 }, startUs: sec(15), stopUs: sec(100) }),
    );
    addConsumer(c, 'cg-1', consumerSpec({ startUs: sec(12) }));
    c.sim.at(sec(40), () => c.sim.crash(nodeId('broker-a-0')));
    c.sim.at(sec(55), () => c.sim.restart(nodeId('broker-a-0')));
    c.sim.runUntil(sec(160));
    const r = atLeastOnce(c, sec(160));
    expect(r.ok, r.detail).toBe(true);
    expect(outcomeCounts(c.history).FAILED ?? 0).toBe(0);
  });
});
