// leader-changes with followFaults: which injected fault explains a DLedger election (pure cases).
import { describe, expect, it } from 'vitest';
import type { InjectedFault } from '../../sim/check/injected-faults.js';
import { electionCause, type ElectionCauseInput } from '../../sim/check/election-causes.js';

const S = 1_000_000;
const members = ['broker-a-0', 'broker-a-1', 'broker-a-2'];
const fault = (verb: string, nodes: string[], peers: string[], fromS: number, toS: number): InjectedFault => ({
  startUs: fromS * S,
  endUs: toS * S,
  verb,
  nodes,
  peers,
});
/** broker-a-0 leads term 1, elected at 3 s with the votes of these members. */
const input = (faults: InjectedFault[], takes: number[] = [], voters: string[] = members): ElectionCauseInput => ({
  group: 'broker-a',
  members,
  faults,
  leaders: [{ atUs: 3 * S, node: 'broker-a-0', term: 1 }],
  votes: voters.map((voter) => ({ atUs: 3 * S, voter, term: 1 })),
  takes: takes.map((t) => t * S),
  graceUs: 24 * S,
  endUs: 240 * S,
});

describe('what explains a DLedger election', () => {
  it('one member cut from its leader only explains nothing (dledger#25); a member cut from a majority does', () => {
    const asymmetric = fault('partition', ['broker-a-1'], ['broker-a-0'], 30, 60);
    expect(electionCause(40 * S, input([asymmetric]))).toBeUndefined();
    // A follower cut off from everyone may raise its term once (a stale WAIT_TO_VOTE_NEXT) and disturb the group when back.
    const isolated = fault('partition', ['broker-a-1'], ['broker-a-0', 'broker-a-2', 'ns-1'], 30, 60);
    expect(electionCause(70 * S, input([isolated]))).toBe('partition broker-a-1 at 30.000s');
    const leaderCut = fault('partition', ['broker-a-0'], ['broker-a-1', 'broker-a-2'], 30, 60);
    expect(electionCause(40 * S, input([leaderCut]))).toBe('partition broker-a-0 at 30.000s');
  });

  it('a follower cut from its leader only explains an election when it reaches a member with no vote in the term', () => {
    // broker-a-2 joined term 1 on the leader's heartbeat: it grants broker-a-1's old-term request, broker-a-1's own
    // vote is broker-a-0's, so the round says WAIT_TO_VOTE_NEXT and term 2 elects broker-a-1.
    const asymmetric = fault('partition', ['broker-a-1'], ['broker-a-0'], 30, 60);
    const joinedByHeartbeat = ['broker-a-0', 'broker-a-1'];
    expect(electionCause(40 * S, input([asymmetric], [], joinedByHeartbeat))).toBe('partition broker-a-1 at 30.000s');
    // A vote broker-a-2 grants after the partition (to broker-a-1 itself) does not count as having voted before it.
    const votedLate = { ...input([asymmetric], [], joinedByHeartbeat) };
    expect(
      electionCause(40 * S, {
        ...votedLate,
        votes: [...votedLate.votes, { atUs: 35 * S, voter: 'broker-a-2', term: 1 }],
      }),
    ).toBe('partition broker-a-1 at 30.000s');
    // Cut from a follower only, a member hears its leader and never campaigns.
    const followersCut = fault('partition', ['broker-a-1'], ['broker-a-2'], 30, 60);
    expect(electionCause(40 * S, input([followersCut], [], joinedByHeartbeat))).toBeUndefined();
  });

  it('a fault on a member explains an election while it lasts and for the grace after it, not later; a taken transfer too', () => {
    const crash = fault('crash', ['broker-a-2'], [], 30, 40);
    expect(electionCause(50 * S, input([crash]))).toBe('crash broker-a-2 at 30.000s');
    expect(electionCause(70 * S, input([crash]))).toBeUndefined();
    expect(electionCause(20 * S, input([crash]))).toBeUndefined();
    expect(electionCause(40 * S, input([fault('crash', ['broker-b-0'], [], 30, 40)]))).toBeUndefined();
    expect(electionCause(7 * S, input([], [6]))).toBe('a leadership transfer taken at 6.000s');
  });
});
