// §7 (d) and (e): a 3-node DLedger group, 3 NameServers, a stub producer
// that writes to whatever NS1 lists as the group's id 0.
import { describe, expect, it } from 'vitest';
import { DurabilityChecker } from '../../sim/check/durability.js';
import { Cluster, feedAcks, s, TOPIC } from './harness.js';
import { StubProducer } from './stub-clients.js';
import { nonEmptyAll } from '../support/assertions.js';
import { nodeId, type NodeId } from '../../sim/engine/index.js';

function cluster(seed: number, bug = false): { c: Cluster; p: StubProducer; peers: NodeId[] } {
  const c = new Cluster(seed, 3);
  const peers = c.dledger('broker-a', 3, bug ? { bugs: { dledgerAckBeforeQuorum: true } } : {});
  const p = new StubProducer({
    clientIndex: 1,
    topic: TOPIC,
    queues: 4,
    intervalUs: s(0.1),
    startUs: s(1),
    target: () => c.nsAddr('broker-a', 0),
  });
  c.sim.addNode('producer', () => p);
  return { c, p, peers };
}

const idOf = (c: Cluster, node: string): number | undefined => c.broker(node).core?.brokerId;

describe('§7 (d) DLedger leader crashes', () => {
  it('the dead leader leaves the routes at once; a new leader registers as id 0 within the derived bound; no SEND_OK is lost', () => {
    const { c, p, peers } = cluster(21);
    c.sim.runUntil(s(20));
    const old = c.master('broker-a');
    expect(old).toBeDefined();
    expect(c.nsAddr('broker-a', 0)).toBe(old);
    const followers = peers.filter((n) => n !== old);
    for (const f of followers) expect(idOf(c, f)).toBe(peers.indexOf(f) + 1); // member nX registers as slave id X+1
    c.sim.crash(nodeId(old ?? ''));
    c.sim.runUntil(s(20.05));
    for (let i = 0; i < 3; i++) expect(c.nsAddr('broker-a', 0, i)).toBeUndefined();
    c.sim.runUntil(s(60));
    const reg = c.eventsOf('ns.broker-registered').find((x) => x.atUs > s(20) && x.e.brokerId === 0);
    expect(reg).toBeDefined();
    const outage = (reg?.atUs ?? 0) - s(20);
    // Detection 4-6 s (+ vote rounds, up to ~14 s pathological) + readiness.
    expect(outage).toBeGreaterThan(s(4));
    expect(outage).toBeLessThanOrEqual(s(16));
    const leader = reg?.e.addr ?? '';
    expect(followers).toContain(leader);
    for (let i = 0; i < 3; i++) expect(c.nsAddr('broker-a', 0, i)).toBe(leader);
    expect(c.broker(leader).core?.role).toBe('SYNC_MASTER');
    // The old leader restarts: brokerId -1 until it hears a leader, then a slave with its own id.
    c.sim.restart(nodeId(old ?? ''));
    c.sim.runUntil(s(90));
    expect(idOf(c, old ?? '')).toBe(peers.indexOf(nodeId(old ?? '')) + 1);
    expect(c.nsAddr('broker-a', peers.indexOf(nodeId(old ?? '')) + 1)).toBe(old);
    const checker = new DurabilityChecker(c.durabilityInput());
    expect(feedAcks(checker, p.records, 'broker-a')).toBeGreaterThan(400);
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(true);
    expect(r.figures?.lost).toBe(0);
  });
});

describe('§7 (e) partition isolates the DLedger leader from its followers (e1: it still reaches NameServers and clients)', () => {
  it('sends wait 2.5 s then fail with SYSTEM_ERROR; the old leader steps down and registers as a slave; after heal its tail is truncated and nothing acked is lost', () => {
    const { c, p, peers } = cluster(22);
    c.sim.runUntil(s(20));
    const old = c.master('broker-a') ?? '';
    expect(old).not.toBe(''); // a master was elected before the fault
    const others = peers.filter((n) => n !== old);
    c.sim.partition([nodeId(old)], others);
    c.sim.runUntil(s(50));
    const stepDown = c.eventsOf('broker.role').find((x) => x.node === old && x.atUs > s(20) && x.e.role === 'SLAVE');
    // §4.2: no quorum heartbeat for > 6 s since the last successful round, which ended 0-2 s before the cut.
    expect(stepDown !== undefined && stepDown.atUs - s(20)).toBeGreaterThan(s(4));
    expect(stepDown !== undefined && stepDown.atUs - s(20)).toBeLessThanOrEqual(s(8.5));
    // Sends that could wait their full 2.5 s before the step-down (which fails the rest with TERM_CHANGED).
    const during = p.records.filter(
      (r) => r.to === old && r.sentUs > s(20.01) && r.sentUs < (stepDown?.atUs ?? 0) - s(2.5),
    );
    expect(during.length).toBeGreaterThan(10);
    for (const r of during) {
      expect(r.code).toBe('SYSTEM_ERROR');
      expect(r.atUs - r.sentUs).toBeGreaterThanOrEqual(s(2.5));
    }
    expect(stepDown?.e.brokerId).toBe(peers.indexOf(nodeId(old)) + 1);
    const newLeader = c.master('broker-a');
    expect(others).toContain(newLeader);
    expect(c.nsAddr('broker-a', 0)).toBe(newLeader);
    const oldEnd = c.broker(old).store?.positions.appended ?? -1;
    expect(c.broker(old).store?.positions.confirmed).toBe(oldEnd); // the unconfirmed tail went at step-down
    expect(c.eventsOf('broker.truncated').some((x) => x.node === old && x.atUs > s(20))).toBe(true);
    c.sim.heal();
    c.sim.runUntil(s(80));
    expect(idOf(c, old)).toBe(peers.indexOf(nodeId(old)) + 1);
    const oldRaft = c.broker(old).dledger?.raft;
    const leaderRaft = c.broker(newLeader ?? '').dledger?.raft;
    expect(oldRaft?.ledgerEndIndex).toBe(leaderRaft?.ledgerEndIndex);
    expect(c.eventsOf('raft.truncate').some((x) => x.node === old)).toBe(true);
    const checker = new DurabilityChecker(c.durabilityInput());
    feedAcks(checker, p.records, 'broker-a');
    expect(checker.finish(c.sim.now).ok).toBe(true);
  });
});

describe('DLedger append refusals', () => {
  it('beyond maxPendingRequests the leader refuses at once (LEADER_PENDING_FULL -> SYSTEM_ERROR) and drops the refused record', () => {
    const c = new Cluster(26, 1);
    const peers = c.dledger('broker-a', 3, {}, { maxPendingRequests: 5 });
    const p = new StubProducer({
      clientIndex: 1,
      topic: TOPIC,
      queues: 4,
      intervalUs: s(0.1),
      startUs: s(1),
      target: () => c.nsAddr('broker-a', 0),
    });
    c.sim.addNode('producer', () => p);
    c.sim.runUntil(s(20));
    const old = c.master('broker-a') ?? '';
    expect(old).not.toBe(''); // a master was elected before the fault
    const recordsBefore = c.broker(old).store?.recordCount ?? -1;
    c.sim.partition(
      [nodeId(old)],
      peers.filter((n) => n !== old),
    );
    c.sim.runUntil(s(21.5));
    const during = p.records.filter((r) => r.sentUs > s(20.01) && r.sentUs < s(21.5));
    // The first five wait for a quorum (unanswered at 21.5 s); every later one is refused within a round trip.
    expect(during.length).toBeGreaterThan(5);
    expect(nonEmptyAll(during, (r) => r.code === 'SYSTEM_ERROR' && r.atUs - r.sentUs < s(0.01))).toBe(true);
    expect(c.broker(old).store?.recordCount).toBe(recordsBefore + 5); // the pending five, none of the refused ones
    expect(c.broker(old).dledger?.raft.ledgerEndIndex).toBe((c.broker(old).dledger?.raft.committedIndex ?? 0) + 5);
  });
});

describe('§7 (e) variant e2: the leader is isolated from everything', () => {
  it('the new leader overwrites id 0 on the NameServers; the old address stays live there until the 120 s expiry', () => {
    const { c, p, peers } = cluster(25);
    c.sim.runUntil(s(20));
    const old = c.master('broker-a') ?? '';
    expect(old).not.toBe(''); // a master was elected before the fault
    const everyone = c.sim.nodeIds().filter((n) => n !== old);
    c.sim.partition([nodeId(old)], everyone);
    c.sim.runUntil(s(40));
    const reg = c
      .eventsOf('ns.broker-registered')
      .find((x) => x.atUs > s(20) && x.e.brokerId === 0 && x.e.addr !== old);
    expect(reg !== undefined && reg.atUs - s(20)).toBeGreaterThan(s(4));
    expect(reg !== undefined && reg.atUs - s(20)).toBeLessThanOrEqual(s(16));
    for (let i = 0; i < 3; i++) expect(c.nsAddr('broker-a', 0, i)).toBe(reg?.e.addr);
    // Sends to the old leader time out until the producer looks again.
    expect(
      nonEmptyAll(
        p.records.filter((r) => r.to === old && r.sentUs > s(20.01)),
        (r) => r.code === 'timeout',
      ),
    ).toBe(true);
    // Overwritten in brokerAddrs, but still in brokerLiveTable until the scan expires it.
    for (let i = 0; i < 3; i++) expect(c.ns(i).routes.liveInfo(nodeId(old))).toBeDefined();
    c.sim.runUntil(s(20 + 90));
    for (let i = 0; i < 3; i++) expect(c.ns(i).routes.liveInfo(nodeId(old))).toBeDefined();
    c.sim.runUntil(s(20 + 130));
    for (let i = 0; i < 3; i++) expect(c.ns(i).routes.liveInfo(nodeId(old))).toBeUndefined();
    expect(peers).toContain(old);
  });
});

describe('replay', () => {
  /** A leader partition story; returns the run's trace hash. */
  function story(seed: number): string {
    const { c, peers } = cluster(seed);
    c.sim.runUntil(s(15));
    const old = c.master('broker-a') ?? '';
    expect(old).not.toBe(''); // a master was elected before the fault
    c.sim.partition(
      [nodeId(old)],
      peers.filter((n) => n !== old),
    );
    c.sim.runUntil(s(30));
    c.sim.heal();
    c.sim.runUntil(s(40));
    return c.sim.traceHash();
  }

  it('the same seed gives the same trace hash; another seed does not', () => {
    const a = story(23);
    expect(story(23)).toBe(a);
    expect(story(24)).not.toBe(a);
  });
});
