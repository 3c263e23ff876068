// DLedger members on the kernel: recovery from disk (torn tail, power loss),
// page-cache acks vs ackAfterFsync under a whole-group power loss, and the
// preferred leader. Checked by the Raft checker suite.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISK, ms, sec, type DiskConfig, toPerMillion } from '../../sim/engine/index.js';
import { RaftCheckSuite } from '../../sim/check/raft-checks.js';
import type { RaftEvent } from '../../sim/raft/events.js';
import { RaftTestGroup, type RaftTestGroupOptions } from '../support/raft-harness.js';
import { logLayout, logPath, logFields } from '../../sim/raft/storage.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

function withChecks(o: RaftTestGroupOptions): { g: RaftTestGroup; suite: RaftCheckSuite; events: RaftEvent[] } {
  const g = new RaftTestGroup(o);
  const suite = new RaftCheckSuite({
    seed: o.seed,
    groups: [{ group: g.group, members: g.members, logOf: (m) => g.logOf(m), ackAfterFsync: g.config.ackAfterFsync }],
  });
  g.sim.addSink(suite.sink());
  const events: RaftEvent[] = [];
  g.sim.addSink({ onEvent: (_t, _n, e) => events.push(e) });
  return { g, suite, events };
}

/** A slow disk: fsync takes 40-80 ms, so the page cache always holds unsynced entries under load. */
const SLOW_DISK: DiskConfig = {
  ...DEFAULT_DISK,
  fsyncMinUs: 40_000,
  fsyncMaxUs: 80_000,
  tornTailProbability: toPerMillion(1),
};

describe('recovery', () => {
  it('a power-lost leader returns with only its fsynced entries, its torn tail dropped, and rejoins', () => {
    const { g, suite, events } = withChecks({ seed: 3, members: 3, clientIntervalUs: ms(2), disk: SLOW_DISK });
    g.sim.runUntil(sec(5));
    const leader = g.leaders()[0]?.id;
    expect(leader).toBeDefined();
    if (leader === undefined) return;
    const dlog = g.sim
      .disk(hostId(leader))
      .log(logPath(`dledger/g/${leader}`), logFields(g.config.payloadFields), logLayout(false));
    const durable = dlog.durableLength;
    expect(dlog.length).toBeGreaterThan(durable); // unsynced entries in the page cache
    g.sim.powerLoss(hostId(leader));
    g.sim.runUntil(sec(6));
    g.sim.powerOn(hostId(leader));
    const recovered = events.filter((e) => e.kind === 'raft.recovered' && e.node === leader).pop();
    expect(recovered).toMatchObject({ kind: 'raft.recovered', tornRecords: 1, ledgerEndIndex: durable - 1 });
    g.sim.runUntil(sec(30));
    for (const r of suite.finish(sec(30))) expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
    // The old leader follows again and holds the group's committed entries.
    expect(g.node(leader)?.driver.role).toBe('FOLLOWER');
    const commits = g.members.map((m) => g.node(m)?.driver.committedIndex ?? -1);
    expect(Math.min(...commits)).toBeGreaterThan(durable);
  });

  it('a crashed member (page cache kept) recovers its whole log and its vote', () => {
    const { g, suite, events } = withChecks({ seed: 4, members: 3, clientIntervalUs: ms(10) });
    g.sim.runUntil(sec(5));
    const follower = g.members.find((m) => g.node(m)?.driver.role === 'FOLLOWER') ?? 'n0';
    const end = g.node(follower)?.driver.ledgerEndIndex ?? -1;
    const term = g.node(follower)?.driver.term ?? -1;
    g.sim.crash(nodeId(follower));
    g.sim.restart(nodeId(follower));
    const recovered = events.filter((e) => e.kind === 'raft.recovered' && e.node === follower).pop();
    expect(recovered).toMatchObject({ ledgerEndIndex: end, term, tornRecords: 0 });
    expect(recovered?.kind === 'raft.recovered' ? recovered.votedFor : undefined).toBeDefined();
    g.sim.runUntil(sec(15));
    for (const r of suite.finish(sec(15))) expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
  });
});

describe('page-cache acks vs ackAfterFsync under a whole-group power loss', () => {
  function powerLossOfAll(ackAfterFsync: boolean): { allowed: number; notes: string[]; ok: boolean } {
    const { g, suite } = withChecks({
      seed: 7,
      members: 3,
      clientIntervalUs: ms(2),
      disk: SLOW_DISK,
      config: { ackAfterFsync },
    });
    g.sim.runUntil(sec(5));
    for (const m of g.members) g.sim.powerLoss(hostId(m));
    g.sim.runUntil(sec(6));
    for (const m of g.members) g.sim.powerOn(hostId(m));
    g.sim.runUntil(sec(25));
    const results = suite.finish(sec(25));
    let allowed = 0;
    const notes: string[] = [];
    for (const r of results) {
      allowed += r.figures?.['allowedLosses'] ?? 0;
      notes.push(...(r.notes ?? []));
    }
    return { allowed, notes, ok: results.every((r) => r.ok) };
  }

  it('DLedger default (page-cache acks): committed entries lost in the flush window are reported as allowed', () => {
    const r = powerLossOfAll(false);
    expect(r.ok).toBe(true);
    expect(r.allowed).toBeGreaterThan(0);
    expect(r.notes.some((n) => n.startsWith('allowed by page-cache acks'))).toBe(true);
  });

  it('ackAfterFsync: nothing committed is lost, so nothing needs excusing', () => {
    const r = powerLossOfAll(true);
    expect(r.ok).toBe(true);
    expect(r.allowed).toBe(0);
  });
});

describe('preferred leader', () => {
  it('leadership moves to the preferred member (handoff at term + 1) and stays there', () => {
    // The first election does not depend on the preference: find its winner, then prefer someone else.
    const probe = new RaftTestGroup({ seed: 5, members: 3 });
    probe.sim.runUntil(sec(3));
    const first = probe.leaders()[0]?.id ?? 'n0';
    const preferred = probe.members.find((m) => m !== first) ?? 'n1';
    const { g, suite, events } = withChecks({
      seed: 5,
      members: 3,
      clientIntervalUs: ms(20),
      config: { preferredLeaderIds: [preferred] },
    });
    g.sim.runUntil(sec(20));
    expect(g.leaders().map((l) => l.id)).toEqual([preferred]);
    expect(
      events.some(
        (e) => e.kind === 'raft.transfer' && e.phase === 'handoff' && e.node === first && e.transferee === preferred,
      ),
    ).toBe(true);
    expect(events.some((e) => e.kind === 'raft.transfer' && e.phase === 'take' && e.node === preferred)).toBe(true);
    for (const r of suite.finish(sec(20))) expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
  });

  it('is off by default: the first leader keeps leading', () => {
    const { g, events } = withChecks({ seed: 5, members: 3, clientIntervalUs: ms(20) });
    g.sim.runUntil(sec(20));
    expect(events.filter((e) => e.kind === 'raft.role' && e.role === 'LEADER')).toHaveLength(1);
    expect(events.some((e) => e.kind === 'raft.transfer')).toBe(false);
  });
});
