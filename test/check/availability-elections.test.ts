// Availability with followFaults excuses the write outage of a DLedger election an injected fault explains, by
// the rule leader-changes counts with (election-causes.ts): config-swarm seed 311, where a follower cut from
// its leader only reached a member with no vote in the term, was elected in term 2, and the producer's route
// named the deposed leader until its next poll (SERVICE_NOT_AVAILABLE from 1m30.1s). An election no fault
// explains excuses nothing.
import { describe, expect, it } from 'vitest';
import { NEEDS_TIMINGS } from '../support/needs-timings.js';
import { FaultFollower } from '../../sim/check/availability-follow.js';
import type { InjectedFault } from '../../sim/check/injected-faults.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';

const S = 1_000_000;
const members = ['broker-a-0', 'broker-a-1', 'broker-a-2'];
const partition: InjectedFault = {
  startUs: 67 * S,
  endUs: 99_790_000,
  verb: 'partition',
  nodes: ['broker-a-1'],
  peers: ['broker-a-0'],
};

function follower(faults: readonly InjectedFault[]): FaultFollower {
  return new FaultFollower({
    groups: [{ name: 'broker-a', mode: 'dledger', brokerRole: 'ASYNC_MASTER', flushDiskType: 'SYNC_FLUSH', members }],
    namesrvs: ['ns-1', 'ns-2'],
    producers: ['producer-1'],
    timings: NEEDS_TIMINGS,
    faults: () => faults,
  });
}

const vote = (node: string, candidate: string, term: number): ClusterEvent => ({
  kind: 'raft.vote',
  node,
  group: 'broker-a',
  candidate,
  term,
  result: 'ACCEPT',
  why: 'log up to date',
});
const leads = (node: string, term: number): ClusterEvent => ({
  kind: 'raft.role',
  node,
  group: 'broker-a',
  role: 'LEADER',
  previous: 'CANDIDATE',
  term,
  leader: node,
  reason: '2/3 accepts',
});
const master = (node: string): ClusterEvent => ({
  kind: 'broker.role',
  broker: node,
  brokerName: 'broker-a',
  brokerId: 0,
  role: 'SYNC_MASTER',
  reason: 'DLedger leader',
});

/** Seed 311's elections: broker-a-0 leads term 1 (broker-a-2 joined it on a heartbeat, never voting), broker-a-1 term 2. */
function seed311(f: FaultFollower, term1Voters: readonly string[]): void {
  for (const v of term1Voters) f.onEvent(2 * S, vote(v, 'broker-a-0', 1));
  f.onEvent(3 * S, leads('broker-a-0', 1));
  f.onEvent(3_100_000, master('broker-a-0'));
  f.onEvent(74_508_301, vote('broker-a-1', 'broker-a-1', 2));
  f.onEvent(74_511_967, vote('broker-a-2', 'broker-a-1', 2));
  f.onEvent(74_512_204, leads('broker-a-1', 2));
  f.onEvent(74_612_204, master('broker-a-1'));
}

describe('availability excuses the elections injected faults explain', () => {
  it('seed 311: from the deposition to a route poll and a send budget after the new master', () => {
    const f = follower([partition]);
    seed311(f, ['broker-a-0', 'broker-a-1']);
    const w = f.windows(240 * S, ['SEND_OK']);
    expect(w.map((x) => [x.fromUs, x.toUs, x.group])).toEqual([[74_511_967, 74_612_204 + 33 * S, undefined]]);
    expect(w[0]?.reason).toContain('broker-a elected broker-a-1 in term 2');
    expect(w[0]?.reason).toContain('after partition broker-a-1 at 1m07.000s');
  });

  it('not more than the faults explain: an election the partition cannot cause (every member voted) is not excused', () => {
    // Since openmessaging/dledger#25 a follower cut from its leader only cannot force an election when every
    // member it reaches voted in the term: an election then is the group's own fault (raft.revote-next-term-despite-leader).
    const f = follower([partition]);
    seed311(f, members);
    expect(f.windows(240 * S, ['SEND_OK'])).toEqual([]);
    const none = follower([]);
    seed311(none, ['broker-a-0', 'broker-a-1']);
    expect(none.windows(240 * S, ['SEND_OK'])).toEqual([]);
  });
});
