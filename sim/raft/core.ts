// The pure DLedger-style Raft state machine of one group member: inputs
// (messages, RPC outcomes, timer expiries, disk completions, appends) go in
// through step(); a Ready batch of effects comes out (ready.ts). It reads no
// clock and no randomness of its own: `now` arrives with every input and
// random draws come from an injected function. It imports nothing from
// sim/engine. Models DLedgerLeaderElector + MemberState (roles, terms,
// votes: election.ts, heartbeat.ts), DLedgerEntryPusher (replication.ts,
// follower.ts) and DLedgerServer's preferred-leader logic (transfer.ts).
import { breaksLogSafety, electionTimeoutUs, type RaftConfig } from './config.js';
import { routeReply, routeRequest, routeTimer } from './message-router.js';
import type { VoteRound } from './election.js';
import type { HeartbeatRound } from './heartbeat.js';
import type { RaftEvent } from './events.js';
import type { RaftLog } from './log.js';
import type { HeartbeatResponse, PushRequest, PushResponse, RaftRequest, RaftResponse } from './messages.js';
import { ReadyBuilder, type Ready } from './ready.js';
import {
  failPending,
  initProgress,
  propose,
  pumpAll,
  updateCommit,
  type PendingAppend,
  type PeerProgress,
} from './replication.js';
import {
  type RaftTimer,
  T_ACK_TIMEOUT,
  T_HEARTBEAT,
  T_HEARTBEAT_TIMEOUT,
  T_PREFERRED,
  T_PUSH,
  T_TRANSFER,
  T_VOTE,
  T_VOTE_WAIT,
} from './timers.js';
import { abortTransfer, startTransfer } from './transfer.js';
import {
  ENTRY_NOOP,
  NO_INDEX,
  type AppendHandle,
  type HardState,
  type PeerId,
  type Role,
  type VoteParseResult,
} from './types.js';
import { assert, fail } from '../base/index.js';

/** Draws a uniform integer in [lo, hi] (both inclusive); the adapter backs it with the node's random stream. */
export type DrawInt = (lo: number, hi: number) => number;

export type RpcFailureReason = 'timeout' | 'closed' | 'refused';

export type RaftInput =
  | { readonly kind: 'start' }
  | { readonly kind: 'message'; readonly from: PeerId; readonly msg: RaftRequest; readonly rpcId: number }
  | {
      readonly kind: 'reply';
      readonly from: PeerId;
      readonly request: RaftRequest;
      readonly response: RaftResponse | undefined;
      readonly failure: RpcFailureReason | undefined;
    }
  | { readonly kind: 'timer'; readonly name: RaftTimer }
  | { readonly kind: 'persisted'; readonly durableIndex: number }
  | {
      readonly kind: 'append';
      readonly handle: AppendHandle;
      readonly payload: readonly number[];
      readonly bytes: number;
    }
  | { readonly kind: 'transfer'; readonly to: PeerId };

export interface RaftCoreOptions {
  readonly selfId: PeerId;
  readonly group: string;
  /** Every member, self included (3 or 5). */
  readonly peers: readonly PeerId[];
  readonly config: RaftConfig;
  readonly draw: DrawInt;
  /** What recovery found on disk. */
  readonly hardState: HardState;
  readonly log: RaftLog;
}

/**
 * One member's Raft. Fields are public for the sibling modules of sim/raft
 * (election, heartbeat, replication, follower, transfer), which implement
 * the behaviour as functions over the core; outside sim/raft, use step()
 * and the read-only accessors.
 */
export class RaftCore {
  readonly selfId: PeerId;
  readonly group: string;
  readonly members: readonly PeerId[];
  readonly others: readonly PeerId[];
  readonly cfg: RaftConfig;
  readonly draw: DrawInt;
  readonly log: RaftLog;
  /** False while a safety-breaking bug switch is on: the log invariants are then the checkers' to judge. */
  readonly assertsLogSafety: boolean;
  readonly out = new ReadyBuilder();
  now = 0;

  // MemberState
  term: number;
  votedFor: PeerId | undefined;
  role: Role = 'CANDIDATE';
  leaderId: PeerId | undefined = undefined;
  knownMaxTerm = -1;
  committedIndex = NO_INDEX;
  /** Last index known durable on this member's disk. */
  durableIndex: number;

  // follower
  lastLeaderHeartbeatUs = 0;
  /** Highest index known to match the current leader's log (set by COMPARE/TRUNCATE/APPEND); bounds the follower's commit. */
  verifiedIndex = NO_INDEX;

  // candidate
  nextVoteAtUs = -1;
  lastParseResult: VoteParseResult = 'WAIT_TO_REVOTE';
  needIncreaseTermImmediately = false;
  voteRound: VoteRound | undefined = undefined;
  /** Set while this member takes over leadership (transferee): the term it aims for, else -1. */
  takeLeadershipTerm = -1;

  // leader
  hbRound: HeartbeatRound | undefined = undefined;
  /** The last idle COMMIT push sent; sent again while term and commit index stay (replication.ts). */
  commitPush: PushRequest | undefined = undefined;
  /** The last push and heartbeat answers built: the same ones go again while nothing in them changed (follower.ts, heartbeat.ts). */
  pushReply: PushResponse | undefined = undefined;
  heartbeatReply: HeartbeatResponse | undefined = undefined;
  lastHeartbeatSendUs = 0;
  lastSuccHeartbeatUs = 0;
  readonly progress = new Map<PeerId, PeerProgress>();
  /** Scratch for the quorum computation: self first, then each other member's watermark. */
  readonly watermarks: Float64Array;
  pending: PendingAppend[] = [];
  pendingHead = 0;
  transferee: PeerId | undefined = undefined;
  readonly peersLive = new Map<PeerId, boolean>();

  constructor(o: RaftCoreOptions) {
    assert(o.peers.includes(o.selfId), `${o.selfId} is not a member of ${o.group}`);
    assert(
      o.peers.length === 3 || o.peers.length === 5,
      `group ${o.group}: DLedger groups here have 3 or 5 members, got ${o.peers.length}`,
    );
    this.selfId = o.selfId;
    this.group = o.group;
    this.members = [...o.peers].sort();
    this.others = this.members.filter((p) => p !== o.selfId);
    this.watermarks = new Float64Array(this.members.length);
    this.cfg = o.config;
    this.draw = o.draw;
    this.log = o.log;
    this.assertsLogSafety = !breaksLogSafety(o.config.bugs);
    this.term = o.hardState.term;
    this.votedFor = o.hardState.votedFor;
    this.durableIndex = o.log.endIndex;
    // [deviation] DLedger re-campaigns in the recovered term. A member that voted for itself in that term may
    // have led it with entries it lost (unsynced at a power loss); leading the same term again with another
    // log would break Log Matching. So it starts its first vote in the next term.
    if (this.votedFor === this.selfId) this.lastParseResult = 'WAIT_TO_VOTE_NEXT';
  }

  // ---- the one entry -------------------------------------------------------------------

  step(nowUs: number, input: RaftInput): Ready {
    // Hot path (every input): the message is built only on failure (sim/base/assert.ts).
    if (nowUs < this.now) fail(`${this.selfId}: time went backwards (${nowUs} < ${this.now})`);
    this.now = nowUs;
    switch (input.kind) {
      case 'start':
        // MemberState starts as CANDIDATE with nextTimeToRequestVote in the past: vote at once.
        // [deviation] A member that recovered a vote for itself (see the constructor) first waits one
        // election timeout: a live leader of the recovered term makes it a follower by heartbeat (same
        // term, no leader known). Campaigning in term+1 at once left it a candidate for good: the old
        // leader keeps a heartbeat quorum, so (as in DLedger) it never acts on term+1, and the member's
        // shorter log can never win (found by the swarm sweep, seed 17).
        this.out.timer(
          T_VOTE,
          this.lastParseResult === 'WAIT_TO_VOTE_NEXT' ? nowUs + electionTimeoutUs(this.cfg) : nowUs,
        );
        break;
      case 'message':
        routeRequest(this, input.from, input.msg, input.rpcId);
        break;
      case 'reply':
        routeReply(this, input.from, input.request, input.response);
        break;
      case 'timer':
        routeTimer(this, input.name);
        break;
      case 'persisted':
        if (input.durableIndex > this.durableIndex) this.durableIndex = Math.min(input.durableIndex, this.log.endIndex);
        if (this.role === 'LEADER' && this.cfg.ackAfterFsync) updateCommit(this);
        break;
      case 'append':
        propose(this, input.handle, input.payload, input.bytes);
        break;
      case 'transfer':
        startTransfer(this, input.to, 'requested by the operator');
        break;
    }
    return this.out.take();
  }

  // ---- read-only view --------------------------------------------------------------------

  get ledgerEndIndex(): number {
    return this.log.endIndex;
  }

  get ledgerEndTerm(): number {
    return this.log.endTerm;
  }

  isQuorum(n: number): boolean {
    return n >= Math.floor(this.members.length / 2) + 1;
  }

  isMember(p: PeerId): boolean {
    // The known leader is a member (it is followed only after this check): every push and heartbeat an idle
    // follower gets names it, so that compare spares the scan.
    return p === this.leaderId || this.members.includes(p);
  }

  emit(e: RaftEvent): void {
    this.out.event(e);
  }

  // ---- role transitions (MemberState) ------------------------------------------------------

  /** DLedgerLeaderElector.changeRoleToCandidate: term is the largest term seen; currTerm moves only in nextTerm(). */
  changeToCandidate(term: number, reason: string): void {
    if (term < this.term) return;
    if (term > this.knownMaxTerm) this.knownMaxTerm = term;
    const was = this.role;
    if (was === 'LEADER') this.leaveLeadership('TERM_CHANGED');
    this.role = 'CANDIDATE';
    this.leaderId = undefined;
    this.out.cancel(T_HEARTBEAT_TIMEOUT);
    if (this.voteRound === undefined) this.out.timer(T_VOTE, Math.max(this.now, this.nextVoteAtUs));
    this.out.roleChange = { role: 'CANDIDATE', term: this.term, leader: undefined };
    this.emit({
      kind: 'raft.role',
      node: this.selfId,
      group: this.group,
      role: 'CANDIDATE',
      previous: was,
      term: this.term,
      leader: undefined,
      reason,
    });
  }

  /** handleVote/handleHeartBeat on a larger term: candidate at that term, and hurry to move the term (needIncreaseTermImmediately). */
  stepDownToLargerTerm(term: number, reason: string): void {
    this.changeToCandidate(term, reason);
    this.needIncreaseTermImmediately = true;
    this.voteRound = undefined;
    this.out.cancel(T_VOTE_WAIT);
    this.out.timer(T_VOTE, this.now);
  }

  /** MemberState.changeToFollower: only in the current term. */
  changeToFollower(leader: PeerId, reason: string): void {
    if (leader === this.selfId) fail(`${this.selfId} cannot follow itself`);
    const was = this.role;
    if (this.role === 'LEADER') this.leaveLeadership('TERM_CHANGED');
    this.role = 'FOLLOWER';
    this.leaderId = leader;
    this.verifiedIndex = NO_INDEX;
    this.takeLeadershipTerm = -1;
    this.voteRound = undefined;
    this.out.cancel(T_VOTE);
    this.out.cancel(T_VOTE_WAIT);
    this.refreshLeaderHeartbeat();
    this.out.roleChange = { role: 'FOLLOWER', term: this.term, leader };
    this.emit({
      kind: 'raft.role',
      node: this.selfId,
      group: this.group,
      role: 'FOLLOWER',
      previous: was,
      term: this.term,
      leader,
      reason,
    });
  }

  refreshLeaderHeartbeat(): void {
    this.lastLeaderHeartbeatUs = this.now;
    this.out.timer(T_HEARTBEAT_TIMEOUT, this.now + electionTimeoutUs(this.cfg));
  }

  /** MemberState.changeToLeader: initialises the per-follower dispatchers and heartbeats at once. */
  changeToLeader(reason: string): void {
    assert(this.role === 'CANDIDATE', `${this.selfId} becomes leader from ${this.role}`);
    // NB: no assertion that it voted for itself: DLedger lets a candidate that gave its vote to another in
    // this term still win on the others' votes (its self-vote is rejected); votes stay one per member and term.
    this.role = 'LEADER';
    this.leaderId = this.selfId;
    this.voteRound = undefined;
    this.takeLeadershipTerm = -1;
    this.out.cancel(T_VOTE);
    this.out.cancel(T_VOTE_WAIT);
    this.out.cancel(T_HEARTBEAT_TIMEOUT);
    this.peersLive.clear();
    this.lastSuccHeartbeatUs = this.now;
    this.out.roleChange = { role: 'LEADER', term: this.term, leader: this.selfId };
    this.emit({
      kind: 'raft.role',
      node: this.selfId,
      group: this.group,
      role: 'LEADER',
      previous: 'CANDIDATE',
      term: this.term,
      leader: this.selfId,
      reason,
    });
    initProgress(this);
    if (this.cfg.appendNoopOnElection) this.appendLocal(ENTRY_NOOP, [], 0);
    this.out.timer(T_HEARTBEAT, this.now);
    if (this.cfg.preferredLeaderIds.length > 0)
      this.out.timer(T_PREFERRED, this.now + this.cfg.preferredLeaderCheckIntervalUs);
    pumpAll(this);
  }

  /** Appends an entry of the current term to the local log (leader only) and schedules its write. */
  appendLocal(kind: number, payload: readonly number[], bytes: number): number {
    if (this.assertsLogSafety && this.term < this.log.endTerm)
      fail(`${this.selfId}: leader of term ${this.term} appends after an entry of term ${this.log.endTerm}`);
    const index = this.log.append(this.term, kind, payload, bytes);
    this.out.append(this.log.entry(index));
    if (this.cfg.ackAfterFsync) this.out.syncLog = true;
    return index;
  }

  /**
   * Raises the committed index, as etcd's raftLog.commitTo: never back, never past the log end
   * (a follower's target is bounded by what it verified, a leader's by a quorum of its own entries).
   */
  commitTo(index: number): void {
    const previous = this.committedIndex;
    if (index <= previous || index > this.log.endIndex)
      fail(`${this.selfId}: commit ${index} outside (${previous}, ${this.log.endIndex}]`);
    this.committedIndex = index;
    this.out.committedIndex = index;
    this.emit({
      kind: 'raft.commit',
      node: this.selfId,
      group: this.group,
      index,
      term: this.log.termAt(index),
      previous,
    });
  }

  /** MemberState.nextTerm: jump to the largest term seen, else +1; clears the vote; persisted. */
  nextTerm(reason: string): void {
    const from = this.term;
    this.term = this.knownMaxTerm > this.term ? this.knownMaxTerm : this.term + 1;
    this.votedFor = undefined;
    if (this.takeLeadershipTerm >= 0 && this.term > this.takeLeadershipTerm) this.takeLeadershipTerm = -1;
    this.persistHardState();
    this.emit({ kind: 'raft.term', node: this.selfId, group: this.group, from, term: this.term, reason });
  }

  /** The leaderIgnoresHigherTerm bug: adopt the term (and forget the vote) but keep leading. */
  adoptTermAsLeader(term: number, reason: string): void {
    const from = this.term;
    this.term = term;
    this.knownMaxTerm = Math.max(this.knownMaxTerm, term);
    this.votedFor = undefined;
    this.persistHardState();
    this.emit({
      kind: 'raft.term',
      node: this.selfId,
      group: this.group,
      from,
      term,
      reason: `${reason}; BUG leader-ignores-higher-term keeps leading`,
    });
    this.emit({
      kind: 'raft.role',
      node: this.selfId,
      group: this.group,
      role: 'LEADER',
      previous: 'LEADER',
      term,
      leader: this.selfId,
      reason: 'kept leadership after seeing a higher term (bug)',
    });
  }

  persistHardState(): void {
    this.out.hardState = { term: this.term, votedFor: this.votedFor };
  }

  private leaveLeadership(reason: 'TERM_CHANGED'): void {
    failPending(this, reason);
    if (this.transferee !== undefined) abortTransfer(this, 'this leader stepped down', 'end');
    this.hbRound = undefined;
    for (const t of [T_HEARTBEAT, T_ACK_TIMEOUT, T_PREFERRED, T_TRANSFER, T_PUSH] as const) this.out.cancel(t);
    this.progress.clear();
  }
}
