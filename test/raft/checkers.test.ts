// The Raft checkers fed synthetic events and logs: each must fire on its
// violation, name the seed, time, nodes, terms and indexes, and tell a loss
// allowed by page-cache acks from a violation.
import { describe, expect, it } from 'vitest';
import { nodeId, sec, type KernelEvent } from '../../sim/engine/index.js';
import { RaftCheckSuite } from '../../sim/check/raft-checks.js';
import type { RaftEvent } from '../../sim/raft/events.js';
import { RaftLog } from '../../sim/raft/log.js';
import { memoryLogReader } from '../../sim/raft/storage.js';

const MEMBERS = ['n0', 'n1', 'n2'];

function setup(
  ackAfterFsync: boolean,
  liveness = false,
  healedAtUs = sec(10),
): {
  logs: Map<string, RaftLog>;
  suite: RaftCheckSuite;
  feed: (t: number, e: RaftEvent) => void;
  kernel: (t: number, e: KernelEvent) => void;
} {
  const logs = new Map(MEMBERS.map((m) => [m, new RaftLog(2)]));
  const suite = new RaftCheckSuite(
    {
      seed: 42,
      groups: [
        {
          group: 'g',
          members: MEMBERS,
          ackAfterFsync,
          logOf: (m) => {
            const l = logs.get(m);
            return l === undefined ? undefined : memoryLogReader(l);
          },
        },
      ],
    },
    liveness ? { healedAtUs, boundUs: sec(5) } : undefined,
  );
  const sink = suite.sink<RaftEvent>();
  return { logs, suite, feed: (t, e) => sink.onEvent?.(t, nodeId(e.node), e), kernel: (t, e) => sink.onKernel?.(t, e) };
}

const role = (node: string, r: 'LEADER' | 'FOLLOWER', term: number, leader: string | undefined): RaftEvent => ({
  kind: 'raft.role',
  node,
  group: 'g',
  role: r,
  previous: 'CANDIDATE',
  term,
  leader,
  reason: 'test',
});
const commit = (node: string, index: number, previous: number): RaftEvent => ({
  kind: 'raft.commit',
  node,
  group: 'g',
  index,
  term: 1,
  previous,
});
const verdict = (suite: RaftCheckSuite, name: string, t = sec(100)) => suite.finish(t).find((r) => r.name === name);

describe('raft checkers', () => {
  it('election safety: two leaders in one term, with seed, time, nodes and term', () => {
    const { suite, feed } = setup(false);
    feed(sec(1), role('n0', 'LEADER', 3, 'n0'));
    feed(sec(2), role('n1', 'LEADER', 3, 'n1'));
    feed(sec(3), role('n1', 'LEADER', 4, 'n1'));
    const r = verdict(suite, 'raft.election-safety');
    expect(r?.ok).toBe(false);
    expect(r?.violations[0]).toMatchObject({ atUs: sec(2), nodes: ['n0', 'n1'] });
    expect(r?.violations[0]?.message).toContain('[seed=42 t=2.000s] group g term 3 has two leaders: n0');
  });

  it('vote durability: a restart that forgot a vote, and a double vote', () => {
    const { suite, feed } = setup(false);
    feed(sec(1), { kind: 'raft.vote', node: 'n2', group: 'g', candidate: 'n0', term: 5, result: 'ACCEPT', why: '' });
    feed(sec(2), {
      kind: 'raft.recovered',
      node: 'n2',
      group: 'g',
      term: 5,
      votedFor: undefined,
      ledgerEndIndex: -1,
      ledgerEndTerm: -1,
      tornRecords: 0,
    });
    feed(sec(3), { kind: 'raft.vote', node: 'n2', group: 'g', candidate: 'n1', term: 5, result: 'ACCEPT', why: '' });
    const r = verdict(suite, 'raft.vote-durability');
    expect(r?.violations.map((v) => v.message)).toEqual([
      expect.stringContaining('n2 restarted with term 5 vote - but had voted for n0 in term 5'),
      expect.stringContaining('n2 voted twice in term 5 of g: for n0 and for n1'),
    ]);
  });

  it('log matching: same term at an index but different entries below it', () => {
    const { logs, suite } = setup(false);
    logs.get('n0')?.append(1, 1, [1, 0], 1);
    logs.get('n0')?.append(2, 1, [2, 0], 1);
    logs.get('n1')?.append(1, 1, [9, 9], 1);
    logs.get('n1')?.append(2, 1, [2, 0], 1);
    const r = verdict(suite, 'raft.log-matching');
    expect(r?.ok).toBe(false);
    expect(r?.violations[0]?.message).toContain('n0 and n1 both hold term 2 at index 1 but differ at index 0');
  });

  function lostCommit(ackAfterFsync: boolean, powerLoss: boolean): RaftCheckSuite {
    const { logs, suite, feed, kernel } = setup(ackAfterFsync);
    for (const m of MEMBERS) logs.get(m)?.append(1, 1, [7, 0], 1);
    feed(sec(1), role('n0', 'LEADER', 1, 'n0'));
    feed(sec(1), commit('n0', 0, -1));
    if (powerLoss) for (const m of MEMBERS) kernel(sec(2), { kind: 'lifecycle', node: m, what: 'power-loss' });
    // Every member comes back without the entry; a new leader writes another entry at index 0.
    for (const m of MEMBERS) {
      logs.get(m)?.truncateFrom(0);
      logs.get(m)?.append(2, 1, [8, 0], 1);
    }
    feed(sec(3), role('n1', 'LEADER', 2, 'n1'));
    feed(sec(4), commit('n1', 0, -1));
    return suite;
  }

  it('state-machine safety: a changed committed entry is a violation when acks waited for fsync', () => {
    const suite = lostCommit(true, true);
    const r = verdict(suite, 'raft.state-machine-safety');
    expect(r?.ok).toBe(false);
    expect(r?.violations[0]?.message).toContain('g index 0 was committed as term 1');
    expect(verdict(suite, 'raft.leader-completeness')?.violations[0]?.message).toContain(
      'n1 leads g in term 2 without committed entry 0',
    );
  });

  it('state-machine safety: the same loss after a power loss under page-cache acks is allowed, with a note', () => {
    const suite = lostCommit(false, true);
    const r = verdict(suite, 'raft.state-machine-safety');
    expect(r?.ok).toBe(true);
    expect(r?.notes?.[0]).toMatch(/^allowed by page-cache acks/);
    expect(r?.figures?.['allowedLosses']).toBeGreaterThan(0);
  });

  it('state-machine safety: without any power loss the loss is a violation even under page-cache acks', () => {
    expect(verdict(lostCommit(false, false), 'raft.state-machine-safety')?.ok).toBe(false);
  });

  it('liveness: a leader agreed by a quorum within the bound after the heal', () => {
    const ok = setup(false, true);
    ok.feed(sec(12), role('n0', 'LEADER', 2, 'n0'));
    ok.feed(sec(12), role('n1', 'FOLLOWER', 2, 'n0'));
    ok.feed(sec(12), role('n2', 'FOLLOWER', 2, 'n0'));
    expect(verdict(ok.suite, 'raft.liveness', sec(30))).toMatchObject({
      ok: true,
      figures: { convergeUs: sec(2) },
      detail: 'leader agreed 2.000s after the last heal (bound 5s)',
    });
    const late = setup(false, true);
    late.feed(sec(20), role('n0', 'LEADER', 2, 'n0'));
    late.feed(sec(20), role('n1', 'FOLLOWER', 2, 'n0'));
    const r = verdict(late.suite, 'raft.liveness', sec(30));
    expect(r?.ok).toBe(false);
    expect(r?.violations[0]?.message).toContain(
      'g had no agreed leader within 5s of the heal at 10.000s (took 10.000s)',
    );
  });

  it('liveness: with no fault the bound counts from the start, and the verdict says so', () => {
    const x = setup(false, true, 0);
    x.feed(sec(3), role('n0', 'LEADER', 1, 'n0'));
    x.feed(sec(3), role('n1', 'FOLLOWER', 1, 'n0'));
    x.feed(sec(3), role('n2', 'FOLLOWER', 1, 'n0'));
    expect(verdict(x.suite, 'raft.liveness', sec(30))).toMatchObject({
      ok: true,
      detail: 'leader agreed 3.000s after the start (bound 5s)',
    });
  });

  it("liveness: a member left outside the leader's term is a note, not a violation", () => {
    const x = setup(false, true);
    x.feed(sec(12), role('n0', 'LEADER', 2, 'n0'));
    x.feed(sec(12), role('n1', 'FOLLOWER', 2, 'n0'));
    x.feed(sec(13), { kind: 'raft.term', node: 'n2', group: 'g', from: 2, term: 6, reason: 'test' });
    const r = verdict(x.suite, 'raft.liveness', sec(30));
    expect(r?.ok).toBe(true);
    expect(r?.notes).toEqual(['g: n2 is CANDIDATE in term 6 while n0 leads term 2']);
  });

  it("liveness: a member in the leader's term that stopped following it is a violation once the bound has passed", () => {
    const x = setup(false, true);
    x.feed(sec(12), role('n0', 'LEADER', 2, 'n0'));
    x.feed(sec(12), role('n1', 'FOLLOWER', 2, 'n0'));
    x.feed(sec(12), role('n2', 'FOLLOWER', 2, undefined));
    const early = verdict(x.suite, 'raft.liveness', sec(14));
    expect(early?.ok).toBe(true);
    expect(early?.notes).toEqual(['g: n2 is FOLLOWER in term 2 while n0 leads term 2']);
    const r = verdict(x.suite, 'raft.liveness', sec(30));
    expect(r?.ok).toBe(false);
    expect(r?.violations[0]?.message).toContain(
      'g: n2 is FOLLOWER in term 2, not following n0 (leader of term 2), more than 5s after the heal',
    );
  });
});
