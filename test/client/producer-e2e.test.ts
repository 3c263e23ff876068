import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { isAcked, outcomeName, SendOutcome, type History } from '../../sim/history/history.js';
import { AvailabilityChecker } from '../../sim/check/availability.js';
import { ProducerNode } from '../../sim/client/producer.js';
import { addProducer, crashBroker, harness, producerSpec } from './harness.js';
import { nodeId } from '../../sim/engine/index.js';

function outcomes(h: History): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < h.sends.length; i++) {
    const o = h.sends.col.outcome.get(i);
    if (o === SendOutcome.PENDING) continue; // in flight when the run stopped
    const name = outcomeName(o);
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

function brokersUsedBetween(h: History, fromUs: number, toUs: number): Set<string> {
  const used = new Set<string>();
  const c = h.sends.col;
  for (let i = 0; i < h.sends.length; i++) {
    const t = c.invokeUs.get(i);
    if (t >= fromUs && t < toUs && isAcked(c.outcome.get(i))) used.add(h.names.nameOf(c.broker.get(i)));
  }
  return used;
}

describe('producer end to end (stub cluster)', () => {
  it('sends to both groups round robin and records queue offsets', () => {
    const h = harness({});
    addProducer(h, 'pg-1', producerSpec());
    h.sim.runUntil(sec(11));
    expect(outcomes(h.history)).toEqual({ SEND_OK: 200 });
    expect([...brokersUsedBetween(h.history, 0, sec(11))].sort()).toEqual(['broker-a', 'broker-b']);
    const c = h.history.sends.col;
    for (let i = 0; i < h.history.sends.length; i++)
      if (isAcked(c.outcome.get(i))) expect(c.queueOffset.get(i)).toBeGreaterThanOrEqual(0);
  });

  it('offers its rate open-loop while the brokers hang, with at most maxInFlight sends in progress and the rest waiting', () => {
    const h = harness({ seed: 5 });
    const id = addProducer(
      h,
      'pg-1',
      producerSpec({ rate: { kind: 'constant', perSecond: 100 }, maxInFlight: 4, mode: 'async' }),
    );
    h.sim.at(sec(3), () => ['broker-a-0', 'broker-b-0'].forEach((n) => h.sim.pause(nodeId(n))));
    h.sim.at(sec(9), () => ['broker-a-0', 'broker-b-0'].forEach((n) => h.sim.resume(nodeId(n))));
    const samples: { t: number; inProgress: number; waiting: number }[] = [];
    for (let t = sec(1); t <= sec(12); t += 50_000) {
      h.sim.runUntil(t);
      const p = h.sim.instance(id);
      if (p instanceof ProducerNode) samples.push({ t, inProgress: p.sendsInProgress, waiting: p.sendsWaiting });
    }
    // Open loop: 100 arrivals per second from 1 s, whatever the brokers do.
    expect(h.history.sends.length).toBe(1101);
    expect(Math.max(...samples.map((x) => x.inProgress))).toBe(4);
    const hung = samples.filter((x) => x.t > sec(4) && x.t < sec(9));
    expect(Math.min(...hung.map((x) => x.waiting))).toBeGreaterThan(50);
    // Before the hang and once the brokers answer again nothing waits.
    expect(samples.filter((x) => x.t < sec(3) || x.t > sec(11.5)).every((x) => x.waiting === 0)).toBe(true);
    expect(outcomes(h.history)['SEND_OK']).toBeGreaterThan(200);
  });

  it('§7(a): after 2 of 3 NameServers die no send fails and clients walk to the survivor', () => {
    const h = harness({ seed: 3 });
    for (let i = 1; i <= 4; i++) addProducer(h, `pg-${i}`, producerSpec());
    h.sim.at(sec(20), () => {
      h.sim.crash(nodeId('ns-1'));
      h.sim.crash(nodeId('ns-2'));
    });
    h.sim.runUntil(sec(120));
    expect(outcomes(h.history)).toEqual({ SEND_OK: 4 * 20 * 119 });
    // Every producer's polls after the fault succeed against ns-3.
    const failedPolls = h.events.filter((e) => e.e.kind === 'client.route-query-failed' && e.t > sec(20));
    expect(failedPolls).toEqual([]);
    const switched = h.events.filter((e) => e.e.kind === 'client.namesrv-switched');
    expect(switched.length).toBeGreaterThan(0);
  });

  it('§7(b): with every NameServer dead, cached routes keep sends flowing', () => {
    const h = harness({ seed: 4 });
    addProducer(h, 'pg-1', producerSpec());
    h.sim.at(sec(10), () => ['ns-1', 'ns-2', 'ns-3'].forEach((n) => h.sim.crash(nodeId(n))));
    h.sim.runUntil(sec(100));
    expect(outcomes(h.history)).toEqual({ SEND_OK: 20 * 99 });
    expect(h.events.some((e) => e.e.kind === 'client.route-query-failed')).toBe(true);
  });

  it('§7(c): after a master crash (RST) sends fail over to the other group and producers stop choosing it within 30 s', () => {
    const h = harness({ seed: 5 });
    for (let i = 1; i <= 3; i++) addProducer(h, `pg-${i}`, producerSpec({ rate: { kind: 'constant', perSecond: 50 } }));
    h.sim.at(sec(45), () => crashBroker(h, 'broker-a-0'));
    h.sim.runUntil(sec(120));
    const o = outcomes(h.history);
    expect(o).toEqual({ SEND_OK: 3 * 50 * 119 });
    expect(
      h.events.some((e) => /send to broker-a failed \(connection refused\), retrying on broker-b/.test(e.text)),
    ).toBe(true);
    expect([...brokersUsedBetween(h.history, sec(60), sec(120))]).toEqual(['broker-b']);
    const lastTryOnA = Math.max(...h.events.filter((e) => e.e.kind === 'client.send-failed').map((e) => e.t));
    expect(lastTryOnA - sec(45)).toBeLessThanOrEqual(sec(30));
  });

  it('bug client.retry-same-broker: the retries go back to the dead broker, and the availability checker catches it', () => {
    const run = (bug: boolean) => {
      const h = harness({ seed: 5 });
      for (let i = 1; i <= 3; i++)
        addProducer(h, `pg-${i}`, producerSpec({ rate: { kind: 'constant', perSecond: 50 } }), {
          bugRetrySameBroker: bug,
        });
      h.sim.at(sec(45), () => crashBroker(h, 'broker-a-0'));
      h.sim.runUntil(sec(120));
      return new AvailabilityChecker({ history: h.history, minSuccessRatio: 1 }).finish(sec(120));
    };
    expect(run(false).ok).toBe(true);
    const bad = run(true);
    expect(bad.ok).toBe(false);
    expect(bad.violations[0]?.message).toMatch(/send success ratio 0\.9\d+ < 1/);
    expect((bad.figures?.sends ?? 0) - (bad.figures?.acked ?? 0)).toBeGreaterThan(100);
  });

  it('async sends retry transport failures on another broker; oneway sends get no feedback', () => {
    const h = harness({ seed: 7 });
    addProducer(h, 'pa-1', producerSpec({ group: 'pa', mode: 'async', rate: { kind: 'constant', perSecond: 50 } }));
    addProducer(h, 'po-1', producerSpec({ group: 'po', mode: 'oneway', rate: { kind: 'constant', perSecond: 50 } }));
    h.sim.at(sec(45), () => crashBroker(h, 'broker-a-0'));
    h.sim.runUntil(sec(100));
    const byGroup = (g: string): Record<string, number> => {
      const out: Record<string, number> = {};
      const gid = h.history.names.peek(g);
      for (let i = 0; i < h.history.sends.length; i++) {
        const o = h.history.sends.col.outcome.get(i);
        if (h.history.sends.col.group.get(i) !== gid || o === SendOutcome.PENDING) continue;
        const name = outcomeName(o);
        out[name] = (out[name] ?? 0) + 1;
      }
      return out;
    };
    expect(byGroup('pa')).toEqual({ SEND_OK: 50 * 99 });
    expect(byGroup('po')).toEqual({ ONEWAY: 50 * 99 + 1 }); // the send at exactly 100 s completes at once
    expect(
      h.events.some((e) => e.e.kind === 'client.send-failed' && e.e.client === 'pa-1' && e.e.retryOn === 'broker-b'),
    ).toBe(true);
  });

  it('latency fault tolerance isolates the failed broker for 600 s after its first failure', () => {
    const h = harness({ seed: 6 });
    addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 50 } }), {
      sendLatencyFaultEnable: true,
    });
    h.sim.at(sec(45), () => crashBroker(h, 'broker-a-0'));
    h.sim.runUntil(sec(55));
    const isolated = h.events.filter((e) => e.e.kind === 'client.broker-isolated');
    expect(isolated.map((e) => e.text)).toEqual(['pg-1: latency fault tolerance avoids broker-a for 10m']);
    const failures = h.events.filter((e) => e.e.kind === 'client.send-failed');
    expect(failures.length).toBe(1);
  });
});
