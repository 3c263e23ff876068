// leader-changes with followFaults: a forward clock jump past the heartbeat timeout must make a follower candidate
// (pure cases, and the checker's verdict on hand-made events).
import { describe, expect, it } from 'vitest';
import type { InjectedFault } from '../../sim/check/injected-faults.js';
import { missedCandidacies, type ClockJumpInput, type RoleChange } from '../../sim/check/clock-jump-candidacy.js';
import { LeaderChangesChecker } from '../../sim/check/leader-changes.js';
import { nodeId } from '../../sim/engine/index.js';
import type { Role } from '../../sim/raft/index.js';

const S = 1_000_000;
const members = ['broker-a-0', 'broker-a-1', 'broker-a-2'];
const fault = (verb: string, nodes: string[], fromS: number, toS: number, skewS?: number): InjectedFault => ({
  startUs: fromS * S,
  endUs: toS * S,
  verb,
  nodes,
  peers: [],
  ...(skewS === undefined ? {} : { skewUs: skewS * S }),
});
const role = (atS: number, node: string, r: string, leader: string | undefined, term = 1): RoleChange => ({
  atUs: atS * S,
  node,
  role: r,
  term,
  leader,
});
/** broker-a-0 leads term 1 from 3 s; broker-a-1 and broker-a-2 follow it. */
const elected = [
  role(3, 'broker-a-0', 'LEADER', 'broker-a-0'),
  role(3, 'broker-a-1', 'FOLLOWER', 'broker-a-0'),
  role(3, 'broker-a-2', 'FOLLOWER', 'broker-a-0'),
];
const input = (faults: InjectedFault[], roles: RoleChange[] = elected): ClockJumpInput => ({
  members,
  faults,
  roles,
  heartbeatTimeoutUs: 6 * S,
  endUs: 120 * S,
});
const jump = fault('clock-skew', ['broker-a-1'], 20, 30, 15);

describe('the candidacy a forward clock jump must cause', () => {
  it('a following member that stays follower after a 15 s jump is missed; turning candidate (or a new term) is not', () => {
    expect(missedCandidacies(input([jump]))).toEqual([{ atUs: 20 * S, node: 'broker-a-1', jumpUs: 15 * S }]);
    // What a correct member does: candidate at once in its term, follower again on the leader's next push.
    const candidate = [
      ...elected,
      role(20, 'broker-a-1', 'CANDIDATE', undefined),
      role(20.04, 'broker-a-1', 'FOLLOWER', 'broker-a-0'),
    ];
    expect(missedCandidacies(input([jump], candidate))).toEqual([]);
    const newTerm = [...elected, role(20.5, 'broker-a-2', 'LEADER', 'broker-a-2', 2)];
    expect(missedCandidacies(input([jump], newTerm))).toEqual([]);
    // Too late: the maintainer polls every 10 ms, a second is the bound.
    const late = [...elected, role(21.5, 'broker-a-1', 'CANDIDATE', undefined)];
    expect(missedCandidacies(input([jump], late))).toHaveLength(1);
  });

  it('demands nothing of a jump within the heartbeat timeout, a backward one, a non-member or a member not following', () => {
    expect(missedCandidacies(input([fault('clock-skew', ['broker-a-1'], 20, 30, 5)]))).toEqual([]);
    expect(missedCandidacies(input([fault('clock-skew', ['broker-a-1'], 20, 30, -15)]))).toEqual([]);
    expect(missedCandidacies(input([fault('clock-skew', ['ns-1'], 20, 30, 15)]))).toEqual([]);
    expect(missedCandidacies(input([fault('clock-skew', ['broker-a-0'], 20, 30, 15)]))).toEqual([]);
    // A member fenced by a full disk follows nobody.
    const fenced = [...elected, role(10, 'broker-a-1', 'FOLLOWER', undefined)];
    expect(missedCandidacies(input([jump], fenced))).toEqual([]);
  });

  it('demands nothing while another fault touches the member, or before it follows again after one', () => {
    // A pause defers the jump to its resume; a crash drops it; a second skew makes the jump a different size.
    expect(missedCandidacies(input([fault('pause', ['broker-a-1'], 19, 22), jump]))).toEqual([]);
    expect(missedCandidacies(input([jump, fault('crash', ['broker-a-1'], 20.5, 40)]))).toEqual([]);
    // (the first skew is a demand of its own: only the second, on a clock already skewed, is not)
    const twice = missedCandidacies(input([fault('clock-skew', ['broker-a-1'], 10, 25, 15), jump]));
    expect(twice.map((m) => m.atUs)).toEqual([10 * S]);
    // Restarted at 19 s, not yet following when the clock jumped: its last role is from before the crash.
    expect(missedCandidacies(input([fault('crash', ['broker-a-1'], 10, 19), jump]))).toEqual([]);
    // A fault on another member, or one long over, leaves the demand.
    expect(missedCandidacies(input([fault('pause', ['broker-a-0'], 19, 22), jump]))).toHaveLength(1);
    const over = [...elected, role(12, 'broker-a-1', 'FOLLOWER', 'broker-a-0')];
    expect(missedCandidacies(input([fault('crash', ['broker-a-1'], 5, 10), jump], over))).toHaveLength(1);
  });

  it('is a leader-changes violation with followFaults only', () => {
    const verdict = (followFaults: boolean): { ok: boolean; detail: string } => {
      const checker = new LeaderChangesChecker({
        group: 'broker-a',
        max: 1,
        ...(followFaults
          ? { followFaults: { members, faults: () => [jump], graceUs: 24 * S, heartbeatTimeoutUs: 6 * S } }
          : {}),
      });
      for (const r of elected)
        checker.onEvent(r.atUs, nodeId(r.node), {
          kind: 'raft.role',
          node: r.node,
          group: 'broker-a',
          role: r.role as Role,
          previous: 'CANDIDATE',
          term: r.term,
          leader: r.leader,
          reason: 'test',
        });
      return checker.finish(60 * S);
    };
    expect(verdict(false).ok).toBe(true);
    const r = verdict(true);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain(
      'a forward clock jump of 15.000s on follower broker-a-1 at 20.000s, past its heartbeat timeout (6.000s), made it no candidate within 1.000s',
    );
  });
});
