// The pure core fed directly (no kernel): DLedger's vote and heartbeat rules,
// reject reasons as values, append outcomes, and the Ready's persistence
// ordering (a vote reply waits for the currterm write).
import { describe, expect, it } from 'vitest';
import { resolveRaftConfig, type RaftConfigOverrides } from '../../sim/raft/config.js';
import { RaftCore } from '../../sim/raft/core.js';
import { RaftLog } from '../../sim/raft/log.js';
import type { RaftResponse, VoteRequest } from '../../sim/raft/messages.js';
import type { Ready } from '../../sim/raft/ready.js';
import { T_ACK_TIMEOUT, T_HEARTBEAT_TIMEOUT, T_VOTE } from '../../sim/raft/timers.js';
import type { HardState } from '../../sim/raft/types.js';

const PEERS = ['n1', 'n2', 'n3'];

function core(id: string, o: { terms?: number[]; hard?: HardState; config?: RaftConfigOverrides } = {}): RaftCore {
  const log = new RaftLog(2);
  for (const t of o.terms ?? []) log.append(t, 1, [t, 0], 10);
  return new RaftCore({
    selfId: id,
    group: 'g',
    peers: PEERS,
    config: resolveRaftConfig(o.config ?? {}),
    draw: (lo) => lo,
    hardState: o.hard ?? { term: 0, votedFor: undefined },
    log,
  });
}

const vote = (candidate: string, term: number, endIndex: number, endTerm: number): VoteRequest => ({
  type: 'DLEDGER_VOTE',
  group: 'g',
  term,
  candidate,
  ledgerEndIndex: endIndex,
  ledgerEndTerm: endTerm,
});

function replyOf(r: Ready): RaftResponse | undefined {
  const o = [...r.send, ...r.sendAfterPersist].find((x) => x.kind === 'reply');
  return o?.kind === 'reply' ? o.msg : undefined;
}

/** Makes `c` a follower of `leader` in `term` (hard state as given, then a heartbeat). */
function follow(c: RaftCore, leader: string, term: number): void {
  c.step(0, { kind: 'message', from: leader, msg: { type: 'DLEDGER_HEARTBEAT', group: 'g', term, leader }, rpcId: 1 });
}

describe('handleVote: DLedger reject reasons in order', () => {
  it('rejects a candidate whose last term is smaller, or equal with a shorter log', () => {
    const c = core('n1', { terms: [1, 2] });
    const r1 = replyOf(c.step(0, { kind: 'message', from: 'n2', msg: vote('n2', 5, 1, 1), rpcId: 1 }));
    expect(r1).toMatchObject({ result: 'REJECT_EXPIRED_LEDGER_TERM' });
    const r2 = replyOf(c.step(0, { kind: 'message', from: 'n2', msg: vote('n2', 5, 0, 2), rpcId: 2 }));
    expect(r2).toMatchObject({ result: 'REJECT_SMALL_LEDGER_END_INDEX' });
  });

  it('rejects a smaller term, a second candidate in the same term, and knows when a leader exists', () => {
    const c = core('n1', { hard: { term: 3, votedFor: 'n2' } });
    expect(replyOf(c.step(0, { kind: 'message', from: 'n3', msg: vote('n3', 2, -1, -1), rpcId: 1 }))).toMatchObject({
      result: 'REJECT_EXPIRED_VOTE_TERM',
      term: 3,
    });
    expect(replyOf(c.step(0, { kind: 'message', from: 'n3', msg: vote('n3', 3, -1, -1), rpcId: 2 }))).toMatchObject({
      result: 'REJECT_ALREADY_VOTED',
    });
    follow(c, 'n2', 3);
    expect(replyOf(c.step(0, { kind: 'message', from: 'n3', msg: vote('n3', 3, -1, -1), rpcId: 3 }))).toMatchObject({
      result: 'REJECT_ALREADY_HAS_LEADER',
    });
  });

  it('answers a larger term with REJECT_TERM_NOT_READY and becomes a candidate without moving its term yet', () => {
    const c = core('n1', { hard: { term: 3, votedFor: 'n2' } });
    follow(c, 'n2', 3);
    const r = c.step(10, { kind: 'message', from: 'n3', msg: vote('n3', 7, -1, -1), rpcId: 1 });
    expect(replyOf(r)).toMatchObject({ result: 'REJECT_TERM_NOT_READY', term: 3 });
    expect(c.role).toBe('CANDIDATE');
    expect(c.term).toBe(3);
    expect(r.timers).toContainEqual({ name: T_VOTE, atUs: 10 });
    // The hurried vote timer moves the term straight to the largest seen, clearing the vote, persisted.
    const next = c.step(10, { kind: 'timer', name: T_VOTE });
    expect(c.term).toBe(7);
    expect(next.hardState).toEqual({ term: 7, votedFor: undefined });
  });

  it('grants a vote only after persisting it: the reply waits in sendAfterPersist with the hard state', () => {
    const c = core('n1', { hard: { term: 4, votedFor: undefined } });
    const r = c.step(0, { kind: 'message', from: 'n2', msg: vote('n2', 4, -1, -1), rpcId: 9 });
    expect(r.hardState).toEqual({ term: 4, votedFor: 'n2' });
    expect(r.send).toEqual([]);
    expect(r.sendAfterPersist).toEqual([
      {
        kind: 'reply',
        to: 'n2',
        rpcId: 9,
        msg: { type: 'DLEDGER_VOTE_RESPONSE', group: 'g', term: 4, result: 'ACCEPT' },
      },
    ]);
    expect(r.eventsAfterPersist.map((e) => e.kind)).toEqual(['raft.vote']);
  });

  it('with raft.vote-without-persist the reply goes out at once and nothing is written', () => {
    const c = core('n1', { hard: { term: 4, votedFor: undefined }, config: { bugs: { voteWithoutPersist: true } } });
    const r = c.step(0, { kind: 'message', from: 'n2', msg: vote('n2', 4, -1, -1), rpcId: 9 });
    expect(r.hardState).toBeUndefined();
    expect(replyOf(r)).toMatchObject({ result: 'ACCEPT' });
    expect(r.sendAfterPersist).toEqual([]);
  });
});

describe('heartbeats', () => {
  it('a larger-term heartbeat makes a follower a CANDIDATE at that term with TERM_NOT_READY', () => {
    const c = core('n1', { hard: { term: 2, votedFor: 'n2' } });
    follow(c, 'n2', 2);
    const r = c.step(5, {
      kind: 'message',
      from: 'n3',
      msg: { type: 'DLEDGER_HEARTBEAT', group: 'g', term: 3, leader: 'n3' },
      rpcId: 2,
    });
    expect(replyOf(r)).toMatchObject({ code: 'TERM_NOT_READY' });
    expect(c.role).toBe('CANDIDATE');
  });

  it('a follower times out after maxHeartBeatLeak x interval = 6 s without a heartbeat', () => {
    const c = core('n1', { hard: { term: 2, votedFor: 'n2' } });
    follow(c, 'n2', 2);
    expect(c.step(5_999_999, { kind: 'timer', name: T_HEARTBEAT_TIMEOUT }).timers).toContainEqual({
      name: T_HEARTBEAT_TIMEOUT,
      atUs: 6_000_000,
    });
    expect(c.role).toBe('FOLLOWER');
    const r = c.step(6_000_000, { kind: 'timer', name: T_HEARTBEAT_TIMEOUT });
    expect(c.role).toBe('CANDIDATE');
    expect(r.events).toContainEqual(
      expect.objectContaining({ kind: 'raft.role', role: 'CANDIDATE', reason: 'no heartbeat from n2 for 6000ms' }),
    );
  });

  it('answers an older term with EXPIRED_TERM and another leader of the same term with INCONSISTENT_LEADER', () => {
    const c = core('n1', { hard: { term: 2, votedFor: 'n2' } });
    follow(c, 'n2', 2);
    expect(
      replyOf(
        c.step(1, {
          kind: 'message',
          from: 'n3',
          msg: { type: 'DLEDGER_HEARTBEAT', group: 'g', term: 1, leader: 'n3' },
          rpcId: 2,
        }),
      ),
    ).toMatchObject({ code: 'EXPIRED_TERM', term: 2 });
    expect(
      replyOf(
        c.step(1, {
          kind: 'message',
          from: 'n3',
          msg: { type: 'DLEDGER_HEARTBEAT', group: 'g', term: 2, leader: 'n3' },
          rpcId: 3,
        }),
      ),
    ).toMatchObject({ code: 'INCONSISTENT_LEADER' });
  });
});

/** A leader of term 1 elected by hand: n1 votes for itself, n2 accepts. */
function leader(config: RaftConfigOverrides = {}): RaftCore {
  const c = core('n1', { config });
  const start = c.step(0, { kind: 'timer', name: T_VOTE });
  const req = start.sendAfterPersist.find((o) => o.kind === 'request');
  if (req === undefined) throw new Error('no vote request');
  c.step(1, {
    kind: 'reply',
    from: 'n2',
    request: req.msg,
    response: { type: 'DLEDGER_VOTE_RESPONSE', group: 'g', term: 0, result: 'ACCEPT' },
    failure: undefined,
  });
  expect(c.role).toBe('LEADER');
  return c;
}

describe('appends', () => {
  it('a follower answers NOT_LEADER', () => {
    const c = core('n1', { hard: { term: 2, votedFor: 'n2' } });
    follow(c, 'n2', 2);
    expect(c.step(1, { kind: 'append', handle: 7, payload: [1, 2], bytes: 10 }).appendResults).toEqual([
      { handle: 7, result: { ok: false, reason: 'NOT_LEADER' } },
    ]);
  });

  it('LEADER_PENDING_FULL beyond maxPendingRequests, WAIT_QUORUM_ACK_TIMEOUT after 2.5 s', () => {
    const c = leader({ maxPendingRequests: 2 });
    c.step(10, { kind: 'append', handle: 1, payload: [1, 0], bytes: 10 });
    const second = c.step(10, { kind: 'append', handle: 2, payload: [2, 0], bytes: 10 });
    expect(second.timers).not.toContainEqual(expect.objectContaining({ name: T_ACK_TIMEOUT }));
    expect(c.step(10, { kind: 'append', handle: 3, payload: [3, 0], bytes: 10 }).appendResults).toEqual([
      { handle: 3, result: { ok: false, reason: 'LEADER_PENDING_FULL' } },
    ]);
    const timeout = c.step(2_500_010, { kind: 'timer', name: T_ACK_TIMEOUT });
    expect(timeout.appendResults).toEqual([
      { handle: 1, result: { ok: false, reason: 'WAIT_QUORUM_ACK_TIMEOUT' } },
      { handle: 2, result: { ok: false, reason: 'WAIT_QUORUM_ACK_TIMEOUT' } },
    ]);
  });

  it('pending appends fail with TERM_CHANGED when the leader steps down', () => {
    const c = leader();
    c.step(10, { kind: 'append', handle: 1, payload: [1, 0], bytes: 10 });
    const r = c.step(20, {
      kind: 'message',
      from: 'n3',
      msg: { type: 'DLEDGER_HEARTBEAT', group: 'g', term: 5, leader: 'n3' },
      rpcId: 4,
    });
    expect(c.role).toBe('CANDIDATE');
    expect(r.appendResults).toEqual([{ handle: 1, result: { ok: false, reason: 'TERM_CHANGED' } }]);
  });
});
