// Catalog of the Raft bug switches, for `rmqsim bugs` and `--bug NAME`.
// Each switch is a deliberate deviation, off by default, and each is caught
// by a checker in test/raft/bug-switches.test.ts and in bench/raft-sweep.ts.
import type { RaftBugs } from './config.js';

export interface BugSwitch {
  readonly name: string;
  readonly description: string;
  readonly caughtBy: string;
  /**
   * False when the randomized Raft sweep (test/raft/sweep.test.ts, bench/raft-sweep.ts) cannot catch it because
   * its fault mix has no full disks or clock jumps; such a switch is proven by the stories its caughtBy names.
   */
  readonly inRaftSweep?: boolean;
}

export const RAFT_BUG_SWITCHES: readonly (BugSwitch & { readonly flag: keyof RaftBugs })[] = [
  {
    name: 'raft.vote-without-persist',
    flag: 'voteWithoutPersist',
    description: 'A vote is granted and answered without writing term/vote to currterm; a restart forgets it and may vote twice in one term.',
    caughtBy: 'raft.vote-durability, raft.election-safety',
  },
  {
    name: 'raft.commit-old-term-by-count',
    flag: 'commitOldTermByCount',
    description: 'The leader advances the commit index over an earlier-term entry by counting replicas (Raft Figure 8).',
    caughtBy: 'raft.commit-stability, raft.state-machine-safety',
  },
  {
    name: 'raft.leader-ignores-higher-term',
    flag: 'leaderIgnoresHigherTerm',
    description: 'A leader that sees a higher term in a vote, heartbeat or response adopts the term but keeps leading.',
    caughtBy: 'raft.election-safety, raft.log-matching',
  },
  {
    name: 'raft.follower-skips-consistency-check',
    flag: 'followerSkipsConsistencyCheck',
    description: 'A follower answers COMPARE with SUCCESS without comparing and appends without checking the previous entry.',
    caughtBy: 'raft.log-matching, raft.state-machine-safety',
  },
  {
    name: 'raft.disk-full-fences-member',
    flag: 'diskFullFencesMember',
    description: 'A DLedger member whose disk fills goes silent (no heartbeats, no votes) until its process restarts, instead of refusing only the entries.',
    caughtBy: 'convergence and availability (test/fidelity/behaviour-fixes.test.ts: a follower disk full then a leader crash; swarm seed 1151)',
    inRaftSweep: false,
  },
  {
    name: 'raft.ignore-clock-jump',
    flag: 'ignoreClockJump',
    description: "A forward jump of a member's wall clock leaves its timers where they were, so a follower does not turn candidate at once (§4.2).",
    caughtBy: 'test/fidelity/behaviour-fixes.test.ts: the followers do not turn candidate at the jump',
    inRaftSweep: false,
  },
  {
    name: 'raft.transfer-to-full-disk',
    flag: 'transferToFullDisk',
    description: 'The leader picks a preferred member whose disk refuses entries (DISK_FULL) as its transfer target, over and over; appends are refused during each attempt.',
    caughtBy: 'availability (scenarios/incidents/preferred-leader-full-disk.yaml, openmessaging/dledger#287)',
    inRaftSweep: false,
  },
];

/** Bug flags with the named switches on; throws nothing, unknown names are returned for the caller to report. */
export function bugsFromNames(names: readonly string[]): { bugs: Partial<RaftBugs>; unknown: string[] } {
  const bugs: Partial<Record<keyof RaftBugs, boolean>> = {};
  const unknown: string[] = [];
  for (const n of names) {
    const sw = RAFT_BUG_SWITCHES.find((s) => s.name === n);
    if (sw === undefined) unknown.push(n);
    else bugs[sw.flag] = true;
  }
  return { bugs, unknown };
}
