// Which injected fault explains a DLedger election (leader-changes with
// followFaults): a group elects again only when something took its leader
// away or disturbed its members. Pure: from the group's members, the faults
// as injected, and the transfers to a preferred leader, to the fault that explains an election, or none.
//
// What explains an election at time t (model §4.2, §4.3):
// - a leadership transfer the transferee took (preferred leader) shortly before;
// - a partition (both ways) that cut a member from a majority of the group
//   (the leader loses its quorum; a follower cut off from everyone may raise
//   its term once, on a stale WAIT_TO_VOTE_NEXT, and disturb the group when it
//   is back), while it lasted and for a grace after;
// - any other fault that touched a member of the group (a process fault, a
//   one-way partition, a hold, a link or disk fault, a clock jump), while it
//   lasted and for a grace after: these are counted generously, a member's
//   loss or a clock jump may well start one.
// - a partition that leaves every member with a majority but cuts a follower
//   from its leader, when a member that follower still reaches never voted in
//   the leader's term (it joined the term on the leader's heartbeat): that
//   member grants the follower's vote in the old term (handleVote lets a member
//   with no vote in the term vote), the follower's own vote went to the leader,
//   so the round ends WAIT_TO_VOTE_NEXT and the next term elects (model §4.2
//   vote granting and rule 7).
// What does not: a partition that leaves every member with a majority (one
// member cut from the leader only) otherwise: since
// openmessaging/dledger#25 a candidate told "already has a leader", or one
// hearing too few answers, votes again in its own term, so it cannot raise
// the term and force an election (model §4.2 rules 2 and 3, §8.15).
import { formatTime, type Micros } from '../engine/index.js';
import { faultEndUs, type InjectedFault } from './injected-faults.js';

/** A member becoming leader of a term (the group's elections). */
export interface TermLeader {
  readonly atUs: Micros;
  readonly node: string;
  readonly term: number;
}

/** A member granting a vote in a term (raft.vote ACCEPT). */
export interface VoteGrant {
  readonly atUs: Micros;
  readonly voter: string;
  readonly term: number;
}

export interface ElectionCauseInput {
  readonly group: string;
  readonly members: readonly string[];
  readonly faults: readonly InjectedFault[];
  /** The group's elections, in time order. */
  readonly leaders: readonly TermLeader[];
  /** The votes the group's members granted, in time order. */
  readonly votes: readonly VoteGrant[];
  /** When a member took leadership handed over by the leader (raft.transfer 'take'). */
  readonly takes: readonly Micros[];
  /** How long after a fault ends an election it caused may still come (an election bound and slack). */
  readonly graceUs: Micros;
  readonly endUs: Micros;
}

const PARTITION = 'partition';

/** Whether a two-way partition cuts the link between two nodes. */
const cuts = (f: InjectedFault, a: string, b: string): boolean =>
  (f.nodes.includes(a) && f.peers.includes(b)) || (f.peers.includes(a) && f.nodes.includes(b));

/** Members a member still reaches across a two-way partition (itself included). */
function reachable(f: InjectedFault, from: string, members: readonly string[]): number {
  return members.filter((m) => m === from || !cuts(f, from, m)).length;
}

/**
 * A follower cut from the leader of the term in force reaches a member with no vote in that term: that member
 * accepts the follower's request in the old term, the follower's own vote is the leader's, and the round goes on
 * to the next term (DLedgerLeaderElector.handleVote: `currVoteFor == null` lets it go).
 */
function reachesUnvotedMember(f: InjectedFault, input: ElectionCauseInput): boolean {
  const leader = input.leaders.filter((l) => l.atUs <= f.startUs).at(-1);
  if (leader === undefined) return false;
  const voted = new Set(input.votes.filter((v) => v.term === leader.term && v.atUs <= f.startUs).map((v) => v.voter));
  return input.members.some(
    (m) =>
      m !== leader.node &&
      cuts(f, m, leader.node) &&
      input.members.some((p) => p !== m && p !== leader.node && !cuts(f, m, p) && !voted.has(p)),
  );
}

function explains(f: InjectedFault, input: ElectionCauseInput): boolean {
  const touches = input.members.some((m) => f.nodes.includes(m) || f.peers.includes(m));
  if (!touches) return false;
  if (f.verb !== PARTITION) return true;
  const majority = Math.floor(input.members.length / 2) + 1;
  return input.members.some((m) => reachable(f, m, input.members) < majority) || reachesUnvotedMember(f, input);
}

/** What explains an election: a taken transfer (no fault), or the injected fault, named in words. */
export interface ElectionCause {
  readonly text: string;
  /** Undefined when a leadership transfer explains it. */
  readonly fault: InjectedFault | undefined;
}

/** The fault (or transfer) that explains an election of the group at `atUs`; undefined when none does. */
export function electionCauseOf(atUs: Micros, input: ElectionCauseInput): ElectionCause | undefined {
  const take = input.takes.find((t) => t <= atUs && atUs - t <= input.graceUs);
  if (take !== undefined) return { text: `a leadership transfer taken at ${formatTime(take)}`, fault: undefined };
  // The latest fault first: the likeliest cause to name.
  const latestFirst = input.faults.map((f, index) => ({ f, index })).sort((a, b) => b.f.startUs - a.f.startUs);
  for (const { f, index } of latestFirst) {
    if (f.verb === 'heal' || f.startUs > atUs) continue;
    if (atUs > faultEndUs(input.faults, index, input.endUs) + input.graceUs) continue;
    if (explains(f, input)) return { text: `${f.verb} ${f.nodes.join(',')} at ${formatTime(f.startUs)}`, fault: f };
  }
  return undefined;
}

/** The fault (or transfer) that explains an election of the group at `atUs`, in words; undefined when none does. */
export function electionCause(atUs: Micros, input: ElectionCauseInput): string | undefined {
  return electionCauseOf(atUs, input)?.text;
}
