// Raft log checkers over the members' logs (live, or on disk when down):
// - raft.log-matching: two logs with the same term at an index are identical
//   up to it (Raft §5.3); checked on demand (checkNow) and at the end;
// - raft.leader-completeness: a new leader holds every entry committed so far;
// - raft.state-machine-safety: an index, once committed, never commits another
//   entry and is never lost (a quorum still holds it at the end);
// - raft.commit-stability: when a leader commits an entry, no member lacking
//   it could still win an election (its log at least as up to date as a
//   quorum's); this is what commits an earlier-term entry by counting breaks.
// Losses explained by a power loss under page-cache acks are notes, not violations.
import type { Micros, NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import type { RaftLogReader } from '../raft/index.js';
import { ViolationLog, type CheckResult, type Checker } from './checker.js';
import { phrase, say, type Phrase } from '../i18n/index.js';
import {
  isRaftEvent,
  type CommittedLedger,
  stamp,
  type CommittedEntry,
  type LedgerConflict,
  type RaftCommit,
  type RaftGroupProbe,
  type WatchedRaftGroups,
} from './raft-observe.js';

/** Shared by the commit-driven checkers: the ledger of committed entries, plus allowed-loss notes. */
abstract class CommitChecker implements Checker {
  abstract readonly name: string;
  protected readonly log = new ViolationLog();
  protected readonly notes: string[] = [];
  protected readonly notePhrases: Phrase[] = [];
  protected allowedLosses = 0;
  /** group -> node -> its latest role and term (two levels: no key string built per commit). */
  private readonly roles = new Map<string, Map<string, { role: string; term: number }>>();
  /** Whether afterCommit judges every commit; the others only need the ledger's conflicts. */
  protected readonly judgesEveryCommit: boolean = false;

  /** `ledger` is shared with the suite's other commit checkers and fed before they see each raft.commit. */
  constructor(
    protected readonly groups: WatchedRaftGroups,
    protected readonly ledger: CommittedLedger,
  ) {}

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent | RaftEvent): void {
    if (!isRaftEvent(e)) return;
    if (e.kind === 'raft.commit') this.onCommit(t, e);
    else if (e.kind === 'raft.role') {
      let byNode = this.roles.get(e.group);
      if (byNode === undefined) {
        byNode = new Map();
        this.roles.set(e.group, byNode);
      }
      byNode.set(e.node, { role: e.role, term: e.term });
      if (e.role === 'LEADER') this.onLeader(t, e.group, e.node, e.term);
    }
  }

  /** A raft.commit, which the suite recorded in the shared ledger just before (it calls this directly). */
  onCommit(t: Micros, e: RaftCommit): void {
    // The reporter's log is the ledger's (undefined: nothing to judge).
    const log = this.ledger.lastLog;
    if (log === undefined) return;
    const conflicts = this.ledger.lastConflicts;
    for (let i = 0; i < conflicts.length; i++) {
      const c = conflicts[i] as LedgerConflict;
      this.onConflict(t, e.group, c.index, c.before, c.now);
    }
    const probe = this.judgesEveryCommit ? this.groups.probe(e.group) : undefined;
    if (probe !== undefined) this.afterCommit(t, probe, e.node, e.index, log);
  }

  /** The latest role and term `node` of `group` reported, if any. */
  protected roleOf(group: string, node: string): { role: string; term: number } | undefined {
    return this.roles.get(group)?.get(node);
  }

  protected onConflict(_t: Micros, _group: string, _i: number, _before: CommittedEntry, _now: CommittedEntry): void {}
  protected afterCommit(_t: Micros, _probe: RaftGroupProbe, _node: string, _index: number, _log: RaftLogReader): void {}
  protected onLeader(_t: Micros, _group: string, _node: string, _term: number): void {}

  /** A violation, or a note when a power loss under page-cache acks explains it. */
  protected report(t: Micros, group: string, committedAt: Micros, what: Phrase, nodes: readonly string[]): void {
    if (this.groups.lossAllowed(group, committedAt, t)) {
      this.allowedLosses++;
      const p = phrase('raft.loss-allowed', { what });
      this.notes.push(say('en', p));
      this.notePhrases.push(p);
      return;
    }
    this.log.add(t, what, nodes);
  }

  protected result(okDetail: string): CheckResult {
    const r = this.log.result(this.name, okDetail, { allowedLosses: this.allowedLosses });
    return this.notes.length > 0 ? { ...r, notes: this.notes, notePhrases: this.notePhrases } : r;
  }

  abstract finish(endUs: Micros): CheckResult;
}

export class RaftStateMachineSafetyChecker extends CommitChecker {
  readonly name = 'raft.state-machine-safety';

  protected override onConflict(
    t: Micros,
    group: string,
    i: number,
    before: CommittedEntry,
    now: CommittedEntry,
  ): void {
    this.report(
      t,
      group,
      before.atUs,
      phrase('raft.commit-changed', {
        stamp: stamp(this.groups.seed, t),
        group,
        index: i,
        term: before.term,
        hash: before.hash,
        node: before.node,
        at: (before.atUs / 1e6).toFixed(6),
        nowTerm: now.term,
        nowHash: now.hash,
        nowNode: now.node,
      }),
      [before.node, now.node],
    );
  }

  finish(endUs: Micros): CheckResult {
    let total = 0;
    for (const probe of this.groups.all()) {
      const logs = probe.members.map((m) => ({ m, log: probe.logOf(m) }));
      const quorum = Math.floor(probe.members.length / 2) + 1;
      const holds = (log: RaftLogReader | undefined, i: number, hash: number): boolean =>
        log !== undefined && i <= log.endIndex && log.hashAt(i) === hash;
      // NB: every committed entry of the run: counted without an object per entry, listed only for a report.
      this.ledger.scanHashes(probe.group, (i, hash) => {
        total++;
        let count = 0;
        for (let k = 0; k < logs.length; k++) if (holds((logs[k] as (typeof logs)[number]).log, i, hash)) count++;
        if (count >= quorum) return false;
        const c = this.ledger.entryAt(probe.group, i);
        const holders = logs.filter(({ log }) => holds(log, i, hash)).map(({ m }) => m);
        this.report(
          endUs,
          probe.group,
          c.atUs,
          phrase('raft.commit-lost', {
            stamp: stamp(this.groups.seed, endUs),
            group: probe.group,
            index: i,
            term: c.term,
            node: c.node,
            at: (c.atUs / 1e6).toFixed(6),
            count: holders.length,
            holders: holders.join(','),
          }),
          holders,
        );
        return false;
      });
    }
    return this.result(`${total} committed entries, none changed or lost`);
  }
}

export class RaftLeaderCompletenessChecker extends CommitChecker {
  readonly name = 'raft.leader-completeness';
  private elections = 0;

  protected override onLeader(t: Micros, group: string, node: string, term: number): void {
    this.elections++;
    const log = this.groups.probe(group)?.logOf(node);
    if (log === undefined) return;
    const i = this.ledger.scanHashes(group, (index, hash) => !(index <= log.endIndex && log.hashAt(index) === hash));
    if (i >= 0) {
      const c = this.ledger.entryAt(group, i);
      this.report(
        t,
        group,
        c.atUs,
        phrase('raft.leader-incomplete', {
          stamp: stamp(this.groups.seed, t),
          node,
          group,
          term,
          index: i,
          entryTerm: c.term,
          committer: c.node,
          end: log.endIndex,
        }),
        [node, c.node],
      ); // one line per election (the first entry missing) is enough evidence
    }
  }

  finish(_endUs: Micros): CheckResult {
    return this.result(`${this.elections} election(s), every new leader held every committed entry`);
  }
}

/** Whether `a` is at least as up to date as `b` (DLedger's vote check: last term, then last index). */
const atLeastAsUpToDate = (a: RaftLogReader, b: RaftLogReader): boolean => {
  const ta = a.termAt(a.endIndex);
  const tb = b.termAt(b.endIndex);
  return ta > tb || (ta === tb && a.endIndex >= b.endIndex);
};

export class RaftCommitStabilityChecker extends CommitChecker {
  readonly name = 'raft.commit-stability';
  protected override readonly judgesEveryCommit = true;
  private commits = 0;
  /** The members' logs of the commit being judged, in member order (reused). */
  private readonly logsScratch: (RaftLogReader | undefined)[] = [];

  protected override afterCommit(
    t: Micros,
    probe: RaftGroupProbe,
    node: string,
    index: number,
    log: RaftLogReader,
  ): void {
    // Only a leader's commit decision is judged; followers copy it.
    const role = this.roleOf(probe.group, node);
    if (role === undefined || role.role !== 'LEADER' || index < 0) return;
    const term = role.term;
    this.commits++;
    if (log.termAt(index) !== term) {
      // Raft §5.4.2: only an entry of the leader's own term is committed by counting replicas; an earlier
      // entry committed without one of ours at or below it can be overwritten (Raft Figure 8).
      this.report(
        t,
        probe.group,
        t,
        phrase('raft.figure8', {
          stamp: stamp(this.groups.seed, t),
          node,
          term,
          group: probe.group,
          index,
          oldTerm: log.termAt(index),
        }),
        [node],
      );
      return;
    }
    const hash = log.hashAt(index);
    const members = probe.members;
    const quorum = Math.floor(members.length / 2) + 1;
    // NB: once per leader commit: the members' logs are looked up once, and the voters listed only for a report.
    // Filled in place: `length = 0` would drop the array's store and the pushes grow a new one per commit.
    const logs = this.logsScratch;
    if (logs.length > members.length) logs.length = members.length;
    for (let i = 0; i < members.length; i++) logs[i] = probe.logOf(members[i] as string);
    for (let i = 0; i < members.length; i++) {
      const l = logs[i];
      // The committing member's own log (the same reader) holds its entry.
      if (l === undefined || l === log || (index <= l.endIndex && l.hashAt(index) === hash)) continue;
      let count = 0;
      for (let j = 0; j < logs.length; j++) {
        const v = logs[j];
        if (v === undefined || atLeastAsUpToDate(l, v)) count++;
      }
      if (count < quorum) continue;
      const m = members[i] as string;
      const voters = members.filter((_, j) => {
        const v = logs[j];
        return v === undefined || atLeastAsUpToDate(l, v);
      });
      this.report(
        t,
        probe.group,
        t,
        phrase('raft.commit-unsafe', {
          stamp: stamp(this.groups.seed, t),
          node,
          group: probe.group,
          index,
          entryTerm: log.termAt(index),
          term,
          member: m,
          end: l.endIndex,
          endTerm: l.termAt(l.endIndex),
          voters: voters.join(','),
        }),
        [node, m],
      );
      return;
    }
  }

  finish(_endUs: Micros): CheckResult {
    return this.result(`${this.commits} leader commit(s), each safe from any future election`);
  }
}

export class RaftLogMatchingChecker implements Checker {
  readonly name = 'raft.log-matching';
  private readonly log = new ViolationLog();
  private checks = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly groups: WatchedRaftGroups) {}

  /**
   * Compares every pair of members' logs now (call it periodically during a
   * run): the last `window` entries below their highest common (index, term),
   * or everything when window is omitted (the end of the run does that).
   */
  checkNow(t: Micros, window = Number.POSITIVE_INFINITY): void {
    this.checks++;
    for (const probe of this.groups.all()) {
      const logs = probe.members.map((m) => ({ m, log: probe.logOf(m) }));
      for (let a = 0; a < logs.length; a++) {
        for (let b = a + 1; b < logs.length; b++) {
          const x = logs[a];
          const y = logs[b];
          if (x?.log !== undefined && y?.log !== undefined)
            this.comparePair(t, probe.group, x.m, x.log, y.m, y.log, window);
        }
      }
    }
  }

  private comparePair(
    t: Micros,
    group: string,
    an: string,
    a: RaftLogReader,
    bn: string,
    b: RaftLogReader,
    window: number,
  ): void {
    let top = Math.min(a.endIndex, b.endIndex);
    while (top >= 0 && a.termAt(top) !== b.termAt(top)) top--;
    const bottom = Math.max(0, top - window);
    for (let i = top; i >= bottom; i--) {
      if (a.hashAt(i) === b.hashAt(i)) continue;
      const id = `${group}/${an}/${bn}/${i}/${top}`;
      if (this.seen.has(id)) return;
      this.seen.add(id);
      this.log.add(
        t,
        phrase('raft.logs-differ', {
          stamp: stamp(this.groups.seed, t),
          group,
          a: an,
          b: bn,
          term: a.termAt(top),
          top,
          index: i,
          entryA: a.keyAt(i),
          entryB: b.keyAt(i),
        }),
        [an, bn],
      );
      return;
    }
  }

  finish(endUs: Micros): CheckResult {
    this.checkNow(endUs);
    return this.log.result(this.name, `${this.checks} comparison round(s) of every pair of logs, all matching`, {
      rounds: this.checks,
    });
  }
}
