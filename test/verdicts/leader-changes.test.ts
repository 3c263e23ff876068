// The leader-changes bound counts the elections of one DLedger group (raft.role LEADER events), the
// first included; a group that never elected is not judged. The incident story
// scenarios/incidents/asymmetric-partition-reelections.yaml proves it on a real run (bug registry).
import { describe, expect, it } from 'vitest';
import { LeaderChangesChecker } from '../../sim/check/index.js';
import { nodeId } from '../../sim/engine/index.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';

const leader = (node: string, group: string, term: number, role: 'LEADER' | 'FOLLOWER' = 'LEADER'): ClusterEvent => ({
  kind: 'raft.role',
  node,
  group,
  role,
  previous: 'CANDIDATE',
  term,
  leader: node,
  reason: 'test',
});

describe('leader-changes', () => {
  it('passes within the bound, counting only its group and only LEADER roles', () => {
    const c = new LeaderChangesChecker({ group: 'broker-a', max: 1 });
    c.onEvent(1_000_000, nodeId('a-0'), leader('a-0', 'broker-a', 1));
    c.onEvent(2_000_000, nodeId('b-0'), leader('b-0', 'broker-b', 1));
    c.onEvent(3_000_000, nodeId('a-1'), leader('a-1', 'broker-a', 2, 'FOLLOWER'));
    const r = c.finish(10_000_000);
    expect(r.ok).toBe(true);
    expect(r.figures).toEqual({ elections: 1, max: 1 });
  });

  it('fails past the bound, naming each leader and term', () => {
    const c = new LeaderChangesChecker({ group: 'broker-a', max: 1 });
    c.onEvent(1_000_000, nodeId('a-0'), leader('a-0', 'broker-a', 1));
    c.onEvent(9_000_000, nodeId('a-1'), leader('a-1', 'broker-a', 2));
    const r = c.finish(10_000_000);
    expect(r.ok).toBe(false);
    expect(r.violations[0]?.message).toContain('2 elections > 1 (leader@term: a-0@1, a-1@2)');
  });

  it('is not judged (fails) when the group never elected a leader', () => {
    const r = new LeaderChangesChecker({ group: 'broker-a', max: 3 }).finish(1_000_000);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/^not judged: /);
  });
});
