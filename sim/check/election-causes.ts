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
// What does not: a partition that leaves every member with a majority (one
// member cut from the leader only): since
// openmessaging/dledger#25 a candidate told "already has a leader", or one
// hearing too few answers, votes again in its own term, so it cannot raise
// the term and force an election (model §4.2 rules 2 and 3, §8.15).
import { formatTime, type Micros } from '../engine/index.js';
import type { InjectedFault } from './availability-needs.js';

export interface ElectionCauseInput {
  readonly group: string;
  readonly members: readonly string[];
  readonly faults: readonly InjectedFault[];
  /** When a member took leadership handed over by the leader (raft.transfer 'take'). */
  readonly takes: readonly Micros[];
  /** How long after a fault ends an election it caused may still come (an election bound and slack). */
  readonly graceUs: Micros;
  readonly endUs: Micros;
}

const PARTITION = 'partition';

/** Members a member still reaches across a two-way partition (itself included). */
function reachable(f: InjectedFault, from: string, members: readonly string[]): number {
  const cut = (m: string): boolean =>
    (f.nodes.includes(from) && f.peers.includes(m)) || (f.peers.includes(from) && f.nodes.includes(m));
  return members.filter((m) => m === from || !cut(m)).length;
}

function explains(f: InjectedFault, input: ElectionCauseInput): boolean {
  const touches = input.members.some((m) => f.nodes.includes(m) || f.peers.includes(m));
  if (!touches) return false;
  if (f.verb !== PARTITION) return true;
  const majority = Math.floor(input.members.length / 2) + 1;
  return input.members.some((m) => reachable(f, m, input.members) < majority);
}

/** The fault (or transfer) that explains an election of the group at `atUs`, in words; undefined when none does. */
export function electionCause(atUs: Micros, input: ElectionCauseInput): string | undefined {
  const take = input.takes.find((t) => t <= atUs && atUs - t <= input.graceUs);
  if (take !== undefined) return `a leadership transfer taken at ${formatTime(take)}`;
  const heals = input.faults.filter((f) => f.verb === 'heal').map((f) => f.startUs);
  // The latest fault first: the likeliest cause to name.
  for (const f of [...input.faults].sort((a, b) => b.startUs - a.startUs)) {
    if (f.verb === 'heal' || f.startUs > atUs) continue;
    const endUs = f.endUs ?? heals.find((h) => h > f.startUs) ?? input.endUs;
    if (atUs > endUs + input.graceUs) continue;
    if (explains(f, input)) return `${f.verb} ${f.nodes.join(',')} at ${formatTime(f.startUs)}`;
  }
  return undefined;
}
