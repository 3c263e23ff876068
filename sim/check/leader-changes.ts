// A bound on leader elections in one DLedger group. A healthy group elects a
// leader at start-up and again only when its leader fails; a group that keeps
// re-electing while its leader is alive and reachable by a quorum (an
// asymmetric partition before openmessaging/dledger#25, model §8.15) stops
// taking writes at every change. Counts each member becoming LEADER of the
// group (raft.role events), the first election included. With followFaults
// (for random faults, e.g. a config swarm) an election a fault explains
// (election-causes.ts) is not counted: the bound is on the ones none does.
import type { Micros, NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';
import type { InjectedFault } from './injected-faults.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { ElectionRecord } from './election-record.js';

/** What followFaults needs: the group's members, the faults injected (read at the end), the grace after a fault. */
export interface ElectionFaults {
  readonly members: readonly string[];
  readonly faults: () => readonly InjectedFault[];
  readonly graceUs: Micros;
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

  constructor(private readonly opts: LeaderChangesOptions) {
    this.record = new ElectionRecord(opts.group);
  }

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent): void {
    this.record.onEvent(t, e);
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

  /** Per election, the fault that explains it (undefined: none, or followFaults is off). */
  private explained(endUs: Micros): (string | undefined)[] {
    const ff = this.opts.followFaults;
    if (ff === undefined) return this.record.elections.map(() => undefined);
    return this.record
      .explain({ members: ff.members, faults: ff.faults(), graceUs: ff.graceUs, endUs })
      .map((x) => x.cause?.text);
  }
}
