// A DLedger group's elections as the run showed them, and the injected fault
// (or taken transfer) that explains each one (election-causes.ts): recorded
// once, read by leader-changes (which elections count) and by availability
// (what write outage an explained election costs). Fed the group's raft.role,
// raft.vote and raft.transfer events.
import type { Micros } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { InjectedFault } from './injected-faults.js';
import { electionCauseOf, type ElectionCause, type TermLeader, type VoteGrant } from './election-causes.js';

/** An election of the group and what explains it (undefined: nothing does, or it is the group's first). */
export interface ExplainedElection extends TermLeader {
  readonly cause: ElectionCause | undefined;
  /**
   * When the leader before it was deposed: the first vote a member granted another member in a term above the
   * deposed leader's (that member left its term and refuses its pushes). Undefined for the first election.
   */
  readonly deposedUs: Micros | undefined;
}

/** A fault's election follows it within the election bound; as much again as slack (leader-changes, availability). */
export const causeGraceUs = (electionBoundUs: Micros): Micros => 2 * electionBoundUs;

export class ElectionRecord {
  readonly elections: TermLeader[] = [];
  private readonly votes: (VoteGrant & { readonly candidate: string })[] = [];
  private readonly takes: Micros[] = [];

  constructor(readonly group: string) {}

  onEvent(t: Micros, e: ClusterEvent): void {
    if (e.kind === 'raft.transfer' && e.phase === 'take' && e.group === this.group) this.takes.push(t);
    if (e.kind === 'raft.vote' && e.result === 'ACCEPT' && e.group === this.group)
      this.votes.push({ atUs: t, voter: e.node, term: e.term, candidate: e.candidate });
    if (e.kind !== 'raft.role' || e.role !== 'LEADER' || e.group !== this.group) return;
    // One election per term: a leader announcing its role again in its term was not elected again.
    if (this.elections.some((x) => x.term === e.term)) return;
    this.elections.push({ atUs: t, node: e.node, term: e.term });
  }

  /** Every election with its cause; the first one (the group's start) is explained by nothing. */
  explain(input: {
    readonly members: readonly string[];
    readonly faults: readonly InjectedFault[];
    readonly graceUs: Micros;
    readonly endUs: Micros;
  }): ExplainedElection[] {
    const causes = {
      group: this.group,
      members: input.members,
      faults: input.faults,
      leaders: this.elections,
      votes: this.votes,
      takes: this.takes,
      graceUs: input.graceUs,
      endUs: input.endUs,
    };
    return this.elections.map((x, i) => {
      const before = this.elections[i - 1];
      if (before === undefined) return { ...x, cause: undefined, deposedUs: undefined };
      const deposed = this.votes.find(
        (v) => v.atUs >= before.atUs && v.atUs <= x.atUs && v.term > before.term && v.voter !== v.candidate,
      );
      return { ...x, cause: electionCauseOf(x.atUs, causes), deposedUs: deposed?.atUs ?? x.atUs };
    });
  }
}
