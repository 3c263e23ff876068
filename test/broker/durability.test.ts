// §7 (f) and the durability checker: ASYNC_FLUSH power loss loses at most
// ~10 s of acked appends (allowed), kill -9 loses none, SYNC_FLUSH +
// SYNC_MASTER loses none; and the two broker bug switches are caught.
import { describe, expect, it } from 'vitest';
import { DurabilityChecker } from '../../sim/check/durability.js';
import { Cluster, feedAcks, s, TOPIC } from './harness.js';
import { StubProducer } from './stub-clients.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

/** A producer of 1 KiB messages to broker-a-0, every `intervalUs` (20/s by default). */
function classic(
  seed: number,
  o: Parameters<Cluster['classic']>[1],
  intervalUs = s(0.05),
): { c: Cluster; p: StubProducer; checker: DurabilityChecker } {
  const c = new Cluster(seed);
  c.classic('broker-a', o);
  const p = new StubProducer({
    clientIndex: 1,
    topic: TOPIC,
    queues: 4,
    intervalUs,
    startUs: s(1),
    target: () => nodeId('broker-a-0'),
    rpcTimeoutUs: s(5),
  });
  c.sim.addNode('producer', () => p);
  const checker = new DurabilityChecker(c.durabilityInput());
  c.sim.addSink(checker.kernelSink());
  return { c, p, checker };
}

/** Highest acked queue offset per queue among sends answered before `t`. */
function recordsBefore(p: StubProducer, t: number): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of p.records)
    if (r.atUs < t && r.code === 'SUCCESS') m.set(r.queueId, Math.max(m.get(r.queueId) ?? -1, r.queueOffset));
  return m;
}

describe('§7 (f) broker restart with unflushed data under ASYNC_FLUSH', () => {
  it('power loss loses the acked appends since the last flush (<= 10 s), judged allowed; queue offsets are reused', () => {
    // One 1 KiB send per second: 16 KiB of dirty pages take longer than 10 s, so only the
    // thorough 10 s flush runs (§3.3) and the loss window approaches 10 s.
    const { c, p, checker } = classic(31, {}, s(1));
    c.sim.runUntil(s(27));
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(28));
    c.sim.powerOn(hostId('broker-a-0'));
    c.sim.runUntil(s(40));
    expect(feedAcks(checker, p.records, 'broker-a')).toBeGreaterThan(25);
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(true);
    const lost = r.figures?.lost ?? 0;
    expect(lost).toBeGreaterThanOrEqual(3);
    expect(r.figures?.allowedLosses).toBe(lost);
    expect(r.figures?.lossWindowUs).toBeGreaterThan(s(2));
    expect(r.figures?.lossWindowUs).toBeLessThanOrEqual(s(10));
    // New messages after the restart reuse the lost queue offsets.
    const reused = p.records.filter(
      (x) =>
        x.sentUs > s(28) && x.code === 'SUCCESS' && x.queueOffset <= (recordsBefore(p, s(27)).get(x.queueId) ?? -1),
    );
    expect(reused.length).toBeGreaterThan(0);
    expect(r.notes?.[0]).toMatch(/allowed by the configuration/);
    const recovered = c.eventsOf('broker.recovered').filter((x) => x.node === 'broker-a-0');
    expect(recovered[1]?.e.summary).toMatch(/^abnormal/);
  });

  it('the same losses judged against SYNC_FLUSH are violations (the verdict follows the configuration)', () => {
    const { c, p } = classic(31, {}, s(1));
    c.sim.runUntil(s(27));
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(28));
    c.sim.powerOn(hostId('broker-a-0'));
    c.sim.runUntil(s(30));
    const real = c.durabilityInput();
    const claimsSync = new DurabilityChecker({
      find: (...at) => real.find(...at),
      strandedOn: (...at) => real.strandedOn(...at),
      heldPastReputStop: (...at) => real.heldPastReputStop(...at),
      group: (b) => {
        const g = real.group(b);
        return g === undefined ? undefined : { ...g, flushDiskType: 'SYNC_FLUSH' };
      },
    });
    claimsSync.recordPowerLoss('broker-a-0', s(27));
    feedAcks(claimsSync, p.records, 'broker-a');
    const r = claimsSync.finish(c.sim.now);
    expect(r.ok).toBe(false);
    expect(r.figures?.violations).toBe(r.figures?.lost);
    expect(r.violations[0]?.message).toMatch(/SYNC_FLUSH \+ ASYNC_MASTER acked after fsync/);
  });

  it('kill -9 loses nothing: the page cache survives a process crash', () => {
    const { c, p, checker } = classic(32, {});
    c.sim.runUntil(s(27));
    c.sim.crash(nodeId('broker-a-0'));
    c.sim.runUntil(s(28));
    c.sim.restart(nodeId('broker-a-0'));
    c.sim.runUntil(s(30));
    feedAcks(checker, p.records, 'broker-a');
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(true);
    expect(r.figures?.lost).toBe(0);
    expect(r.figures?.acked).toBeGreaterThan(500);
  });

  it('SYNC_FLUSH + SYNC_MASTER: a master power loss loses no acked message', () => {
    const { c, p, checker } = classic(33, { role: 'SYNC_MASTER', flush: 'SYNC_FLUSH', slaves: 1 });
    c.sim.runUntil(s(27));
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(28));
    c.sim.powerOn(hostId('broker-a-0'));
    c.sim.runUntil(s(30));
    expect(p.records.filter((r) => r.code === 'SUCCESS').length).toBeGreaterThan(200);
    feedAcks(checker, p.records, 'broker-a');
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(true);
    expect(r.figures?.lost).toBe(0);
  });

  it('a loss that no power loss explains is a violation (the checker is not blind to kill -9 losses)', () => {
    const { c, p, checker } = classic(34, {});
    c.sim.runUntil(s(5));
    feedAcks(checker, p.records, 'broker-a');
    // Claim an ack the store never had: a different uid at a stored offset.
    checker.recordAck({
      uid: 12345,
      brokerName: 'broker-a',
      topic: TOPIC,
      queueId: 0,
      queueOffset: 0,
      status: 'SEND_OK',
      atUs: s(2),
    });
    const r = checker.finish(c.sim.now);
    expect(r.ok).toBe(false);
    expect(r.violations[0]?.message).toMatch(/no power loss hit master host broker-a-0/);
  });
});

describe('§7 (f) with an ASYNC_MASTER slave ahead of the recovered master', () => {
  it("the master refuses the slave's larger offset until its own log grows past it, then resumes from there: the slave diverges", () => {
    // One 1 KiB send per second: the master's disk lags up to 10 s, the slave has everything.
    const { c } = classic(35, { slaves: 1 }, s(1));
    c.sim.runUntil(s(27));
    const slaveEnd = c.broker('broker-a-1').store?.positions.appended ?? -1;
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(28));
    c.sim.powerOn(hostId('broker-a-0'));
    expect(c.broker('broker-a-0').store?.positions.appended).toBeLessThan(slaveEnd);
    c.sim.runUntil(s(60));
    const refusals = c
      .eventsOf('broker.ha-disconnected')
      .filter((x) => x.node === 'broker-a-0' && /beyond the master's max/.test(x.e.reason));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    const resumed = c
      .eventsOf('broker.ha-connected')
      .filter((x) => x.node === 'broker-a-0' && x.atUs > (refusals.at(-1)?.atUs ?? 0));
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    expect(resumed[0]?.e.offset).toBeGreaterThanOrEqual(slaveEnd); // no content check: it continues from the slave's end
    // The lost-and-rewritten range now holds different messages on master and slave.
    const master = c.broker('broker-a-0').store;
    const slave = c.broker('broker-a-1').store;
    let diverged = 0;
    for (let q = 0; q < 4; q++) {
      const max = Math.min(master?.maxOffsetInQueue(TOPIC, q) ?? 0, slave?.maxOffsetInQueue(TOPIC, q) ?? 0);
      for (let o = 0; o < max; o++) {
        if (master?.getMessage(TOPIC, q, o, 1).messages[0]?.uid !== slave?.getMessage(TOPIC, q, o, 1).messages[0]?.uid)
          diverged++;
      }
    }
    expect(diverged).toBeGreaterThan(0);
  });
});

describe('ASYNC_MASTER replication lag', () => {
  /** The slave is cut off at 8 s; the master dies at 12 s and stays down. */
  function lagRun(role: 'ASYNC_MASTER' | 'SYNC_MASTER', bug: boolean): ReturnType<DurabilityChecker['finish']> {
    const { c, p, checker } = classic(36, { role, slaves: 1, extra: { bugs: { syncMasterEarlyAck: bug } } });
    c.sim.runUntil(s(8));
    c.sim.partition([nodeId('broker-a-0')], [nodeId('broker-a-1')]);
    c.sim.runUntil(s(12));
    c.sim.crash(nodeId('broker-a-0'));
    c.sim.runUntil(s(13));
    feedAcks(checker, p.records, 'broker-a');
    return checker.finish(c.sim.now);
  }

  it('what a dead ASYNC_MASTER had not shipped is an allowed loss; under SYNC_MASTER an early SEND_OK is a violation', () => {
    const asyncMaster = lagRun('ASYNC_MASTER', false);
    expect(asyncMaster.ok).toBe(true);
    expect(asyncMaster.figures?.allowedLosses).toBeGreaterThan(30);
    expect(asyncMaster.notes?.some((n) => /replication lag/.test(n))).toBe(true);
    expect(lagRun('SYNC_MASTER', false).ok).toBe(true); // only FLUSH_SLAVE_TIMEOUT acks were at risk
    expect(lagRun('SYNC_MASTER', true).ok).toBe(false);
  });
});

describe('broker bug switches are caught by the durability checker', () => {
  /** ASYNC_FLUSH + SYNC_MASTER; the slave is cut off, then the master loses power. */
  function syncMasterRun(bug: boolean): ReturnType<DurabilityChecker['finish']> {
    const { c, p, checker } = classic(41, {
      role: 'SYNC_MASTER',
      slaves: 1,
      extra: { bugs: { syncMasterEarlyAck: bug } },
    });
    c.sim.runUntil(s(8));
    c.sim.partition([nodeId('broker-a-0')], [nodeId('broker-a-1')]);
    c.sim.runUntil(s(14));
    c.sim.powerLoss(hostId('broker-a-0'));
    c.sim.runUntil(s(15));
    c.sim.powerOn(hostId('broker-a-0'));
    c.sim.heal();
    c.sim.runUntil(s(18));
    feedAcks(checker, p.records, 'broker-a');
    return checker.finish(c.sim.now);
  }

  it('sync-master-early-ack is caught by the durability checker', () => {
    const correct = syncMasterRun(false);
    expect(correct.ok).toBe(true); // only FLUSH_SLAVE_TIMEOUT / SLAVE_NOT_AVAILABLE acks were lost
    const buggy = syncMasterRun(true);
    expect(buggy.ok).toBe(false);
    expect(buggy.violations[0]?.message).toMatch(/SYNC_MASTER acked after a slave had it/);
  });

  /** The isolated DLedger leader keeps answering; after the heal its tail is truncated. */
  function dledgerRun(bug: boolean): ReturnType<DurabilityChecker['finish']> {
    const c = new Cluster(42, 1);
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
    c.sim.runUntil(s(20));
    const old = c.master('broker-a') ?? '';
    c.sim.partition(
      [nodeId(old)],
      peers.filter((n) => n !== old),
    );
    c.sim.runUntil(s(45));
    c.sim.heal();
    c.sim.runUntil(s(70));
    const checker = new DurabilityChecker(c.durabilityInput());
    feedAcks(checker, p.records, 'broker-a');
    return checker.finish(c.sim.now);
  }

  it('dledger-ack-before-quorum is caught by the durability checker', () => {
    expect(dledgerRun(false).ok).toBe(true);
    const buggy = dledgerRun(true);
    expect(buggy.ok).toBe(false);
    expect(buggy.violations[0]?.message).toMatch(/DLedger promised a quorum copy/);
  });
});
