// The Raft bug switches, for the one registry (sim/cluster/bug-registry.ts).
// Each is a deliberate deviation, off by default; the registry test
// (test/scenario/bug-registry.test.ts) runs every story named here, and
// bench/raft-sweep.ts sweeps each switch over random seeds.
import type { BugSwitch } from '../base/index.js';
import type { RaftBugs } from './config.js';

/** A Raft switch; inRaftSweep is false when the randomized Raft sweep cannot catch it (its faults have no full disk or clock jump). */
export type RaftBugSwitch = BugSwitch<keyof RaftBugs> & { readonly inRaftSweep?: boolean };

export const RAFT_BUG_SWITCHES: readonly RaftBugSwitch[] = [
  {
    name: 'raft.vote-without-persist',
    layer: 'raft',
    flag: 'voteWithoutPersist',
    description:
      'A vote is granted and answered without writing term/vote to currterm; a restart forgets it and may vote twice in one term.',
    caughtBy: [{ expectation: 'raft-safety', story: 'scenarios/dledger-leader-bounce.yaml' }],
  },
  {
    name: 'raft.commit-old-term-by-count',
    layer: 'raft',
    flag: 'commitOldTermByCount',
    description:
      'The leader advances the commit index over an earlier-term entry by counting replicas (Raft Figure 8).',
    caughtBy: [{ expectation: 'raft-safety', story: 'scenarios/dledger-leader-bounce.yaml' }],
  },
  {
    name: 'raft.leader-ignores-higher-term',
    layer: 'raft',
    flag: 'leaderIgnoresHigherTerm',
    description: 'A leader that sees a higher term in a vote, heartbeat or response adopts the term but keeps leading.',
    caughtBy: [{ expectation: 'raft-safety', story: 'scenarios/dledger-paused-leader.yaml' }],
  },
  {
    name: 'raft.follower-skips-consistency-check',
    layer: 'raft',
    flag: 'followerSkipsConsistencyCheck',
    description:
      'A follower answers COMPARE with SUCCESS without comparing and appends without checking the previous entry.',
    caughtBy: [{ expectation: 'raft-safety', story: 'scenarios/dledger-leader-isolated.yaml' }],
  },
  {
    name: 'raft.disk-full-fences-member',
    layer: 'raft',
    flag: 'diskFullFencesMember',
    description:
      'A DLedger member whose disk fills goes silent (no heartbeats, no votes) until its process restarts, instead of refusing only the entries.',
    caughtBy: [{ expectation: 'availability', story: 'scenarios/dledger-follower-disk-full.yaml' }],
    inRaftSweep: false,
  },
  {
    name: 'raft.ignore-clock-jump',
    layer: 'raft',
    flag: 'ignoreClockJump',
    description:
      "A forward jump of a member's wall clock leaves its timers where they were, so a follower does not turn candidate at once (§4.2).",
    caughtBy: [{ expectation: 'leader-changes', story: 'scenarios/dledger-follower-clock-jump.yaml' }],
    inRaftSweep: false,
  },
  {
    name: 'raft.transfer-to-full-disk',
    layer: 'raft',
    flag: 'transferToFullDisk',
    description:
      'The leader picks a preferred member whose disk refuses entries (DISK_FULL) as its transfer target, over and over; appends are refused during each attempt.',
    caughtBy: [{ expectation: 'availability', story: 'scenarios/incidents/preferred-leader-full-disk.yaml' }],
    inRaftSweep: false,
  },
  {
    name: 'raft.revote-next-term-despite-leader',
    layer: 'raft',
    flag: 'revoteNextTermDespiteLeader',
    description:
      'A candidate told REJECT_ALREADY_HAS_LEADER votes again in the next term (before openmessaging/dledger#25): one member cut off from the leader alone keeps raising the term and forces re-election after re-election.',
    caughtBy: [{ expectation: 'leader-changes', story: 'scenarios/incidents/asymmetric-partition-reelections.yaml' }],
    inRaftSweep: false,
  },
];
