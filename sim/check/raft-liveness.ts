// Raft liveness and failover timing:
// - raft.liveness: once faults are healed (a majority connected and stable),
//   a leader must exist within a bound: a member that is LEADER in term T
//   with a majority of the group's up members following it in T;
// - RaftFailoverTimes (figures, not a verdict): from a leader's crash or
//   power loss to the next leader of its group, the model's expectation
//   being about 4-14 s with DLedger defaults (docs/model.md §7 (d)).
import { formatDuration, formatTime, type KernelEvent, type Micros, type NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import { healedAtWords, ViolationLog, type CheckResult, type Checker } from './checker.js';
import { phrase } from '../i18n/index.js';
import { isRaftEvent, isRaftKind, stamp, type WatchedRaftGroups } from './raft-observe.js';

interface MemberView {
  role: string;
  term: number;
  leader: string | undefined;
  up: boolean;
}

/** Per-member latest role and liveness, from raft.role events and kernel lifecycle events. */
class RoleTracker {
  readonly views = new Map<string, MemberView>();

  constructor(private readonly groups: WatchedRaftGroups) {
    for (const g of groups.all())
      for (const m of g.members) this.views.set(m, { role: 'CANDIDATE', term: 0, leader: undefined, up: true });
  }

  onEvent(e: RaftEvent): void {
    if (e.kind === 'raft.term') {
      const t = this.views.get(e.node);
      if (t !== undefined) t.term = e.term;
      return;
    }
    if (e.kind !== 'raft.role') return;
    const v = this.views.get(e.node);
    if (v === undefined) return;
    v.role = e.role;
    v.term = e.term;
    v.leader = e.leader;
    v.up = true;
  }

  onKernel(e: KernelEvent): void {
    if (e.kind !== 'lifecycle') return;
    for (const g of this.groups.all()) {
      for (const m of g.members) {
        const host = g.hostOf?.(m) ?? m;
        const v = this.views.get(m);
        if (v === undefined || (e.node !== m && e.node !== host)) continue;
        if (e.what === 'crash' || e.what === 'power-loss') v.up = false;
        if (
          e.what === 'crash' ||
          e.what === 'power-loss' ||
          e.what === 'restart' ||
          e.what === 'start' ||
          e.what === 'power-on'
        ) {
          v.up = e.what !== 'crash' && e.what !== 'power-loss';
          v.role = 'CANDIDATE';
          v.leader = undefined;
        }
      }
    }
  }

  /** The group's agreed leader: LEADER in T and followed in T by a quorum (itself included) of members. */
  agreedLeader(members: readonly string[]): string | undefined {
    const quorum = Math.floor(members.length / 2) + 1;
    for (const l of members) {
      const lv = this.views.get(l);
      if (lv === undefined || !lv.up || lv.role !== 'LEADER') continue;
      let n = 0;
      for (const m of members) {
        const v = this.views.get(m);
        if (v !== undefined && v.up && v.term === lv.term && v.leader === l) n++;
      }
      if (n >= quorum) return l;
    }
    return undefined;
  }
}

export interface RaftLivenessOptions {
  /** When the last fault was healed (every member up and connected). */
  readonly healedAtUs: Micros;
  /** A leader must be agreed within this long after healedAtUs. */
  readonly boundUs: Micros;
}

export class RaftLivenessChecker implements Checker {
  readonly name = 'raft.liveness';
  private readonly roles: RoleTracker;
  /** group -> when it first had an agreed leader after the heal. */
  private readonly convergedAt = new Map<string, Micros>();

  constructor(
    private readonly groups: WatchedRaftGroups,
    private readonly o: RaftLivenessOptions,
  ) {
    this.roles = new RoleTracker(groups);
  }

  onKernel(t: Micros, e: KernelEvent): void {
    this.roles.onKernel(e);
    this.observe(t);
  }

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent | RaftEvent): void {
    if (!isRaftEvent(e)) return;
    this.roles.onEvent(e);
    this.observe(t);
  }

  /** The kinds onEvent reads (TraceSink.readsEvent). */
  readsEvent(kind: string): boolean {
    return isRaftKind(kind);
  }

  /** A raft.commit moves no role (RoleTracker reads terms and roles): only the time is observed. */
  onCommit(t: Micros): void {
    this.observe(t);
  }

  private observe(t: Micros): void {
    if (t < this.o.healedAtUs) return;
    for (const g of this.groups.all()) {
      if (this.convergedAt.has(g.group)) continue;
      if (this.roles.agreedLeader(g.members) !== undefined) this.convergedAt.set(g.group, t);
    }
  }

  finish(endUs: Micros): CheckResult {
    // A leader agreed before the heal and never disturbed counts from the heal itself.
    this.observe(Math.max(endUs, this.o.healedAtUs));
    const log = new ViolationLog();
    let worst = 0;
    for (const g of this.groups.all()) {
      const at = this.convergedAt.get(g.group);
      const took = at === undefined ? Number.POSITIVE_INFINITY : at - this.o.healedAtUs;
      if (Number.isFinite(took)) worst = Math.max(worst, took);
      if (took > this.o.boundUs) {
        const said = {
          stamp: stamp(this.groups.seed, endUs),
          group: g.group,
          bound: formatDuration(this.o.boundUs),
          healedAt: formatTime(this.o.healedAtUs),
        };
        log.add(
          endUs,
          at === undefined
            ? phrase('raft.no-leader', said)
            : phrase('raft.late-leader', { ...said, took: formatTime(took) }),
          g.members,
        );
      }
    }
    const notes = this.stragglers(endUs, log);
    const r = log.result(
      this.name,
      `leader agreed ${(worst / 1e6).toFixed(3)}s after ${healedAtWords(this.o.healedAtUs)} (bound ${this.o.boundUs / 1e6}s)`,
      { convergeUs: worst, stragglers: notes.length },
    );
    return notes.length > 0 ? { ...r, notes } : r;
  }

  /**
   * Up members that do not follow the agreed leader at the end. One left with a larger term is a note (a quorum
   * suffices): in DLedger a member left with a larger term and a shorter log cannot rejoin, since the leader ignores
   * its EXPIRED_TERM answers while it has a heartbeat quorum, and voters reject its stale log without adopting its
   * term. One in the leader's term or below is a violation once the bound since the heal has passed: the leader's
   * heartbeats carry its term, and DLedger's handleHeartBeat makes any such member its follower within one
   * interval (2 s), so a member that stays out has stopped serving (e.g. raft.disk-full-fences-member: silent
   * until restarted) and the group is one failure closer to losing its quorum than its faults left it.
   */
  private stragglers(endUs: Micros, log: ViolationLog): string[] {
    const out: string[] = [];
    const judged = endUs >= this.o.healedAtUs + this.o.boundUs;
    for (const g of this.groups.all()) {
      const leader = this.roles.agreedLeader(g.members);
      const lv = leader === undefined ? undefined : this.roles.views.get(leader);
      if (leader === undefined || lv === undefined) continue;
      for (const m of g.members) {
        const v = this.roles.views.get(m);
        if (v === undefined || !v.up || m === leader || (v.term === lv.term && v.leader === leader)) continue;
        const said = { role: v.role, term: v.term, leader, leaderTerm: lv.term };
        if (judged && v.term <= lv.term)
          log.add(
            endUs,
            phrase('raft.straggler', {
              ...said,
              stamp: stamp(this.groups.seed, endUs),
              group: g.group,
              member: m,
              bound: formatDuration(this.o.boundUs),
            }),
            [m],
          );
        else out.push(`${g.group}: ${m} is ${v.role} in term ${v.term} while ${leader} leads term ${lv.term}`);
      }
    }
    return out;
  }
}

/** Times from a leader's death (crash or power loss) to the next leader of its group. */
export class RaftFailoverTimes {
  private readonly roles: RoleTracker;
  /** group -> when its leader died, while no new leader has been seen. */
  private readonly pending = new Map<string, Micros>();
  readonly samplesUs: number[] = [];

  constructor(private readonly groups: WatchedRaftGroups) {
    this.roles = new RoleTracker(groups);
  }

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind === 'lifecycle' && (e.what === 'crash' || e.what === 'power-loss')) {
      for (const g of this.groups.all()) {
        const leader = this.roles.agreedLeader(g.members);
        if (leader !== undefined && (leader === e.node || (g.hostOf?.(leader) ?? leader) === e.node))
          this.pending.set(g.group, t);
      }
    }
    this.roles.onKernel(e);
  }

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent | RaftEvent): void {
    if (!isRaftEvent(e)) return;
    this.roles.onEvent(e);
    if (e.kind !== 'raft.role' || e.role !== 'LEADER') return;
    const since = this.pending.get(e.group);
    if (since === undefined) return;
    this.pending.delete(e.group);
    this.samplesUs.push(t - since);
  }

  /** Cancels a pending measurement (e.g. when other faults interfere). */
  reset(group: string): void {
    this.pending.delete(group);
  }
}
