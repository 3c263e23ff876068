// Raft election checkers, fed by the raft.* event stream:
// - raft.election-safety: at most one leader per term and group (Raft §5.2);
// - raft.vote-durability: a member never votes twice in a term, and never
//   comes back from a restart having forgotten a vote it gave (the currterm
//   file must be fsynced before the vote reply; DLedger's MemberState).
import { formatTime, type KernelEvent, type Micros, type NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import { ViolationLog, type CheckResult, type Checker } from './checker.js';
import { phrase } from '../i18n/index.js';
import { isRaftEvent, stamp, type WatchedRaftGroups } from './raft-observe.js';

export class RaftElectionSafetyChecker implements Checker {
  readonly name = 'raft.election-safety';
  private readonly log = new ViolationLog();
  /** `${group}/${term}` -> first leader and when it took office. */
  private readonly leaders = new Map<string, { node: string; atUs: Micros }>();
  private terms = 0;

  constructor(private readonly groups: WatchedRaftGroups) {}

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent | RaftEvent): void {
    if (!isRaftEvent(e) || e.kind !== 'raft.role' || e.role !== 'LEADER') return;
    const key = `${e.group}/${e.term}`;
    const first = this.leaders.get(key);
    if (first === undefined) {
      this.leaders.set(key, { node: e.node, atUs: t });
      this.terms++;
      return;
    }
    if (first.node === e.node) return;
    this.log.add(
      t,
      phrase('raft.two-leaders', {
        stamp: stamp(this.groups.seed, t),
        group: e.group,
        term: e.term,
        first: first.node,
        since: formatTime(first.atUs),
        second: e.node,
      }),
      [first.node, e.node],
    );
  }

  finish(_endUs: Micros): CheckResult {
    return this.log.result(this.name, `${this.terms} term(s) with a leader, one leader each`, {
      leaderTerms: this.terms,
    });
  }
}

export class RaftVoteDurabilityChecker implements Checker {
  readonly name = 'raft.vote-durability';
  private readonly log = new ViolationLog();
  /** `${group}/${voter}/${term}` -> candidate. */
  private readonly votes = new Map<string, string>();
  /** `${group}/${voter}` -> the latest vote it gave (its highest term). */
  private readonly latest = new Map<string, { term: number; candidate: string }>();
  private granted = 0;

  constructor(private readonly groups: WatchedRaftGroups) {}

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent | RaftEvent): void {
    if (!isRaftEvent(e)) return;
    if (e.kind === 'raft.vote' && e.result === 'ACCEPT') this.onVote(t, e.group, e.node, e.term, e.candidate);
    else if (e.kind === 'raft.recovered') this.onRecovered(t, e.group, e.node, e.term, e.votedFor);
  }

  onKernel(_t: Micros, _e: KernelEvent): void {
    // Votes are judged from the members' own events; nothing to do per kernel event.
  }

  private onVote(t: Micros, group: string, voter: string, term: number, candidate: string): void {
    this.granted++;
    const key = `${group}/${voter}/${term}`;
    const before = this.votes.get(key);
    if (before !== undefined && before !== candidate) {
      this.log.add(
        t,
        phrase('raft.double-vote', { stamp: stamp(this.groups.seed, t), voter, term, group, before, candidate }),
        [voter, before, candidate],
      );
    }
    this.votes.set(key, candidate);
    const last = this.latest.get(`${group}/${voter}`);
    if (last === undefined || term >= last.term) this.latest.set(`${group}/${voter}`, { term, candidate });
  }

  private onRecovered(t: Micros, group: string, voter: string, term: number, votedFor: string | undefined): void {
    const last = this.latest.get(`${group}/${voter}`);
    if (last === undefined) return;
    const forgot = term < last.term || (term === last.term && votedFor !== last.candidate);
    if (!forgot) return;
    this.log.add(
      t,
      phrase('raft.forgot-vote', {
        stamp: stamp(this.groups.seed, t),
        voter,
        term,
        votedFor: votedFor ?? '-',
        candidate: last.candidate,
        lastTerm: last.term,
        group,
      }),
      [voter, last.candidate],
    );
  }

  finish(_endUs: Micros): CheckResult {
    return this.log.result(this.name, `${this.granted} vote(s) granted, none forgotten or doubled`, {
      votesGranted: this.granted,
    });
  }
}
