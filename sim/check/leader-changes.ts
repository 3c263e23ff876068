// A bound on leader elections in one DLedger group. A healthy group elects a
// leader at start-up and again only when its leader fails; a group that keeps
// re-electing while its leader is alive and reachable by a quorum (an
// asymmetric partition before openmessaging/dledger#25, model §8.15) stops
// taking writes at every change. Counts each member becoming LEADER of the
// group (raft.role events), the first election included.
import type { Micros, NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';

export interface LeaderChangesOptions {
  readonly group: string;
  /** At most this many elections over the run, the first one included. */
  readonly max: number;
}

export class LeaderChangesChecker implements Checker {
  readonly name = 'leader-changes';
  private readonly elections: { readonly atUs: Micros; readonly node: NodeId; readonly term: number }[] = [];

  constructor(private readonly opts: LeaderChangesOptions) {}

  onEvent(t: Micros, node: NodeId, e: ClusterEvent): void {
    if (e.kind !== 'raft.role' || e.role !== 'LEADER' || e.group !== this.opts.group) return;
    this.elections.push({ atUs: t, node, term: e.term });
  }

  finish(endUs: Micros): CheckResult {
    const { group, max } = this.opts;
    const n = this.elections.length;
    const figures = { elections: n, max };
    if (n === 0) return notJudged(this.name, `${group} never elected a leader`, figures);
    const log = new ViolationLog();
    const terms = this.elections.map((x) => `${x.node}@${x.term}`).join(', ');
    if (n > max)
      log.add(endUs, phrase('leader.over', { group, n, max, terms }), [...new Set(this.elections.map((x) => x.node))]);
    return log.result(this.name, `${group}: ${n} election(s) <= ${max} (leader@term: ${terms})`, figures);
  }
}
