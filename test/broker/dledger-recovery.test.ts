// DLedger members recover from their own Raft log: a member whose host lost
// power gets back every committed record its store lost (the store flushes
// every 500 ms, the Raft log every 10 ms) and serves them again.
import { describe, expect, it } from 'vitest';
import { DurabilityChecker } from '../../sim/check/durability.js';
import { Cluster, feedAcks, s, TOPIC } from './harness.js';
import { StubProducer } from './stub-clients.js';
import { hostId } from '../../sim/engine/index.js';

describe('DLedger recovery', () => {
  it('a leader that lost power rejoins as a follower, refills its store from the group and loses nothing acked', () => {
    const c = new Cluster(61, 1);
    const peers: string[] = c.dledger('broker-a', 3);
    const p = new StubProducer({
      clientIndex: 1,
      topic: TOPIC,
      queues: 4,
      intervalUs: s(0.05),
      startUs: s(1),
      target: () => c.nsAddr('broker-a', 0),
    });
    c.sim.addNode('producer', () => p);
    const checker = new DurabilityChecker(c.durabilityInput());
    c.sim.addSink(checker.kernelSink());
    c.sim.runUntil(s(15));
    const old = c.master('broker-a') ?? '';
    const endBefore = c.broker(old).store?.positions.appended ?? 0;
    c.sim.powerLoss(hostId(old));
    c.sim.runUntil(s(30)); // the others elect a new leader meanwhile
    c.sim.powerOn(hostId(old));
    c.sim.runUntil(s(35));
    const recovered = c.eventsOf('broker.recovered').filter((x) => x.node === old);
    expect(recovered).toHaveLength(2);
    c.sim.runUntil(s(45));
    const leader: string = c.master('broker-a') ?? '';
    expect(peers.filter((n) => n !== old)).toContain(leader);
    expect(c.broker(old).core?.brokerId).toBe(peers.indexOf(old) + 1);
    // The old leader holds the new leader's committed records, including those it had before the power loss.
    p.stopped = true;
    c.sim.runUntil(s(50));
    const mine = c.broker(old).store?.positions.confirmed ?? -1;
    expect(mine).toBeGreaterThan(endBefore);
    expect(mine).toBe(c.broker(leader).store?.positions.confirmed);
    expect(feedAcks(checker, p.records, 'broker-a')).toBeGreaterThan(500);
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(true);
    expect(r.figures?.lost).toBe(0);
    // Every member serves the same messages at the same queue offsets.
    const q0 = peers.map((n) => c.broker(n).store?.maxOffsetInQueue(TOPIC, 0));
    expect(new Set(q0).size).toBe(1);
  });
});
