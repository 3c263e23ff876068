// The Raft checker suite in one call, for any run with DLedger groups:
// every safety checker, the liveness checker when a heal time is given, the
// failover timer, and one trace sink that feeds them all (domain events and
// kernel lifecycle events). Call checkNow(t) periodically to compare logs
// during the run; finish(t) returns every verdict.
import type { KernelEvent, Micros, NodeId, TraceSink } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import type { CheckResult, Checker } from './checker.js';
import { RaftFailoverTimes, RaftLivenessChecker, type RaftLivenessOptions } from './raft-liveness.js';
import {
  RaftCommitStabilityChecker,
  RaftLeaderCompletenessChecker,
  RaftLogMatchingChecker,
  RaftStateMachineSafetyChecker,
} from './raft-log-safety.js';
import {
  CommittedLedger,
  isRaftEvent,
  isRaftKind,
  WatchedRaftGroups,
  type RaftCheckOptions,
  type RaftCommit,
} from './raft-observe.js';
import { RaftElectionSafetyChecker, RaftVoteDurabilityChecker } from './raft-safety.js';

type KernelAware = Checker & { onKernel?(t: Micros, e: KernelEvent): void };
/** A checker a raft.commit reaches directly (no kind dispatch per judge). */
type CommitJudge = KernelAware & { onCommit(t: Micros, e: RaftCommit): void };

export class RaftCheckSuite {
  readonly groups: WatchedRaftGroups;
  readonly logMatching: RaftLogMatchingChecker;
  readonly failover: RaftFailoverTimes;
  readonly checkers: readonly KernelAware[];
  /**
   * The checkers a raft.commit reaches (one per entry and member, ~3 per message): the commit-driven
   * ones, and the liveness checker, which looks for an agreed leader at every Raft event. The others
   * (election, votes, log matching, failover) judge roles, votes and recoveries only.
   */
  private readonly commitJudges: readonly CommitJudge[];
  /** The committed entries, one copy for the three commit-driven checkers. */
  private readonly ledger = new CommittedLedger();

  constructor(options: RaftCheckOptions, liveness?: RaftLivenessOptions) {
    this.groups = new WatchedRaftGroups(options);
    this.logMatching = new RaftLogMatchingChecker(this.groups);
    this.failover = new RaftFailoverTimes(this.groups);
    const judges: CommitJudge[] = [
      new RaftLeaderCompletenessChecker(this.groups, this.ledger),
      new RaftStateMachineSafetyChecker(this.groups, this.ledger),
      new RaftCommitStabilityChecker(this.groups, this.ledger),
    ];
    if (liveness !== undefined) judges.push(new RaftLivenessChecker(this.groups, liveness));
    this.commitJudges = judges;
    this.checkers = [
      new RaftElectionSafetyChecker(this.groups),
      new RaftVoteDurabilityChecker(this.groups),
      this.logMatching,
      ...judges,
    ];
  }

  /** A trace sink to add to the simulation (sim.addSink). */
  sink<E extends ClusterEvent | RaftEvent>(): TraceSink<E> {
    return {
      onEvent: (t: Micros, node: NodeId, e: E): void => {
        // The commit first: about once per message and member, the suite's hot path.
        if (e.kind === 'raft.commit') {
          this.recordCommit(t, e.node, e.group, e.previous, e.index);
          const judges = this.commitJudges;
          for (let i = 0; i < judges.length; i++) (judges[i] as CommitJudge).onCommit(t, e);
          return;
        }
        // Every checker here judges Raft events only: the rest (a registration every 30 s per broker and NameServer) stop here.
        if (!isRaftEvent(e)) return;
        for (const c of this.checkers) c.onEvent?.(t, node, e);
        this.failover.onEvent(t, node, e);
      },
      // Commits and Raft events only (the registrations of an idle day never reach it).
      readsEvent: isRaftKind,
      onKernel: (t: Micros, e: KernelEvent): void => {
        this.groups.onKernel(t, e);
        for (const c of this.checkers) c.onKernel?.(t, e);
        this.failover.onKernel(t, e);
      },
    };
  }

  /** Records a commit in the shared ledger (as the reporting member's log holds it now) before the checkers judge it. */
  private recordCommit(t: Micros, node: string, group: string, previous: number, index: number): void {
    this.ledger.record(t, node, group, previous, index, this.groups.probe(group)?.logOf(node));
  }

  /** Compares the tails of all logs now (the whole logs are compared at the end). */
  checkNow(t: Micros, window = 256): void {
    this.logMatching.checkNow(t, window);
  }

  finish(endUs: Micros): CheckResult[] {
    return this.checkers.map((c) => c.finish(endUs));
  }
}
