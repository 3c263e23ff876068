// A bound on leader elections in one DLedger group. A healthy group elects a
// leader at start-up and again only when its leader fails; a group that keeps
// re-electing while its leader is alive and reachable by a quorum (an
// asymmetric partition before openmessaging/dledger#25, model §8.15) stops
// taking writes at every change. Counts each member becoming LEADER of the
// group (raft.role events), the first election included. With followFaults
// (for random faults, e.g. a config swarm) an election a fault explains
// (election-causes.ts) is not counted: the bound is on the ones none does;
// and a forward clock jump that must make a follower candidate and did not
// is a violation (clock-jump-candidacy.ts).
import { formatTime, type Micros, type NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';
import type { InjectedFault } from './injected-faults.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { ElectionRecord } from './election-record.js';
import { CANDIDACY_BOUND_US, missedCandidacies, type RoleChange } from './clock-jump-candidacy.js';

/** What followFaults needs: the group's members, the faults injected (read at the end), the grace after a fault. */
export interface ElectionFaults {
  readonly members: readonly string[];
  readonly faults: () => readonly InjectedFault[];
  readonly graceUs: Micros;
  /** A follower's heartbeat timeout (maxHeartBeatLeak x heartBeatTimeIntervalMs): a clock jump past it makes a candidate. */
  readonly heartbeatTimeoutUs: Micros;
}

export interface LeaderChangesOptions {
  readonly group: string;
  /** At most this many elections over the run, the first one included (with followFaults: not counting those a fault explains). */
  readonly max: number;
  readonly followFaults?: ElectionFaults;
}

export class LeaderChangesChecker implements Checker {
  readonly name = 'leader-changes';
  private readonly record: ElectionRecord;
  private readonly roles: RoleChange[] = [];

  constructor(private readonly opts: LeaderChangesOptions) {
    this.record = new ElectionRecord(opts.group);
  }

  onEvent(t: Micros, node: NodeId, e: ClusterEvent): void {
    this.record.onEvent(t, e);
    if (e.kind === 'raft.role' && e.group === this.opts.group)
      this.roles.push({ atUs: t, node, role: e.role, term: e.term, leader: e.leader });
  }

  finish(endUs: Micros): CheckResult {
    const { group, max } = this.opts;
    const n = this.record.elections.length;
    if (n === 0) return notJudged(this.name, `${group} never elected a leader`, { elections: 0, max });
    const explained = this.explained(endUs);
    const counted = this.record.elections.filter((_, i) => i === 0 || explained[i] === undefined);
    const figures =
      this.opts.followFaults === undefined
        ? { elections: n, max }
        : { elections: n, max, explained: n - counted.length };
    const log = new ViolationLog();
    const terms = counted.map((x) => `${x.node}@${x.term}`).join(', ');
    if (counted.length > max)
      log.add(endUs, phrase('leader.over', { group, n: counted.length, max, terms }), [
        ...new Set(counted.map((x) => x.node)),
      ]);
    this.missedJumps(log, endUs);
    const r = log.result(
      this.name,
      `${group}: ${counted.length} election(s) <= ${max} (leader@term: ${terms})${n > counted.length ? `; ${n - counted.length} more explained by faults` : ''}`,
      figures,
    );
    const notes = this.record.elections.flatMap((x, i) =>
      explained[i] === undefined || i === 0 ? [] : [`${x.node}@${x.term}: after ${explained[i]}`],
    );
    return notes.length > 0 ? { ...r, notes } : r;
  }

  /** With followFaults: every forward clock jump that had to make a follower candidate and did not. */
  private missedJumps(log: ViolationLog, endUs: Micros): void {
    const ff = this.opts.followFaults;
    if (ff === undefined) return;
    const { members, heartbeatTimeoutUs } = ff;
    const missed = missedCandidacies({ members, faults: ff.faults(), roles: this.roles, heartbeatTimeoutUs, endUs });
    for (const m of missed)
      log.add(
        m.atUs,
        phrase('leader.jump-ignored', {
          group: this.opts.group,
          jump: formatTime(m.jumpUs),
          node: m.node,
          at: formatTime(m.atUs),
          timeout: formatTime(heartbeatTimeoutUs),
          bound: formatTime(CANDIDACY_BOUND_US),
        }),
        [m.node],
      );
  }

  /** Per election, the fault that explains it (undefined: none, or followFaults is off). */
  private explained(endUs: Micros): (string | undefined)[] {
    const ff = this.opts.followFaults;
    if (ff === undefined) return this.record.elections.map(() => undefined);
    return this.record
      .explain({ members: ff.members, faults: ff.faults(), graceUs: ff.graceUs, endUs })
      .map((x) => x.cause?.text);
  }
}
