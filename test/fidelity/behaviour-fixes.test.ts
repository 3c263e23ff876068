// Issue 14, part 0: behaviour rmqsim used to get wrong, each pinned by a short story run with the fix
// (the story holds) and with the bug switch that restores the old behaviour (it does not).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import type { RunResult } from '../../sim/scenario/result.js';

function run(yaml: string, bugs: readonly string[] = []): RunResult {
  const loaded = loadScenario('inline.yaml', () => ({ ok: true, text: yaml }));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return runScenario(loaded.scenario, { bugs });
}

/** Times (s) at which `what` appears in a raft.role line of the timeline. */
function roleTimes(r: RunResult, what: RegExp): number[] {
  return r.timeline.filter((e) => e.kind === 'raft.role' && what.test(e.text)).map((e) => e.atUs / 1e6);
}

const ONE_GROUP = `
seed: 7
cluster:
  namesrvs: 1
  groups: [ { name: broker-a, mode: dledger, replicas: 3 } ]
  topics: [ { name: T, queues: 2 } ]
workload:
  producers: [ { group: p, rate: 20 } ]
  consumers: [ { group: c } ]
`;

describe('a DLedger member whose disk fills keeps its place in the group (dledger DLedgerMmapFileStore: DISK_FULL refuses entries only)', () => {
  // A follower's disk fills at 20 s; the leader dies at 30 s and stays dead; the disk has room again at 45 s.
  // The full follower still votes, so the healthy one is elected in the §7(d) window and commits resume
  // once the full one can take entries again (a quorum of 2 needs it).
  const story = `name: follower-disk-full-then-leader-crash
duration: 100s
${ONE_GROUP}
faults:
  - { at: 19s, do: disk-full, target: broker-a-1, for: 26s }
  - { at: 30s, do: crash, target: leader-of:broker-a }
expectations:
  - raft-safety
  - no-acked-loss
  - { check: availability, producers: p, minRatio: 0.5, maxOutage: 30s }
`;

  it('a new leader is elected within the §7(d) bound of the crash, and sends come back', () => {
    const r = run(story);
    const crashAt = (r.faults.find((f) => f.verb === 'crash')?.startUs ?? 0) / 1e6;
    const leaders = roleTimes(r, /becomes leader/).filter((t) => t > crashAt);
    expect(leaders.length).toBeGreaterThan(0);
    // §7(d): detection 4-6 s plus an election, about 14 s in the pathological case.
    expect((leaders[0] ?? Infinity) - crashAt).toBeLessThanOrEqual(14);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
  });

  it('with raft.disk-full-fences-member the group has no leader for the rest of the run', () => {
    const r = run(story, ['raft.disk-full-fences-member']);
    const crashAt = (r.faults.find((f) => f.verb === 'crash')?.startUs ?? 0) / 1e6;
    expect(roleTimes(r, /becomes leader/).filter((t) => t > crashAt)).toEqual([]);
    expect(r.expectations.find((e) => e.checker === 'availability')?.ok).toBe(false);
  });
});

describe("a forward jump of a follower's wall clock past the heartbeat timeout makes it a candidate at once (§4.2)", () => {
  const story = `name: follower-clock-jump
duration: 40s
${ONE_GROUP}
faults:
  - { at: 20s, do: clock-skew, target: slaves-of:broker-a, skew: 15s, for: 10s }
expectations:
  - raft-safety
`;

  it('the followers turn candidate in the same instant as the jump', () => {
    const r = run(story);
    const candidates = roleTimes(r, /becomes candidate/).filter((t) => t >= 20);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0]).toBeLessThan(20.001);
    expect(r.expectations.every((e) => e.ok)).toBe(true);
  });

  it('with raft.ignore-clock-jump they keep following (the deadlines stayed where they were)', () => {
    const r = run(story, ['raft.ignore-clock-jump']);
    expect(roleTimes(r, /becomes candidate/).filter((t) => t >= 20 && t < 26)).toEqual([]);
  });
});

describe('swarm seed 1151 (two followers of broker-b fill their disks one after the other)', () => {
  it('converges after the heal: the members kept voting while full and caught up once space returned', () => {
    const loaded = loadScenario('scenarios/swarm.yaml', (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
    if (!loaded.ok) throw new Error('scenarios/swarm.yaml does not load');
    const r = runScenario(loaded.scenario, { seed: 1151 });
    expect(r.faults.filter((f) => f.verb === 'disk-full').length).toBeGreaterThanOrEqual(2);
    expect(r.expectations.find((e) => e.checker === 'convergence')?.ok).toBe(true);
  });
});

describe('start offsets (cluster.startSpread): seeds explore timer phases', () => {
  const story = (spread: string): string => `name: spread
duration: 20s
${ONE_GROUP.replace('namesrvs: 1', `namesrvs: 1\n  startSpread: ${spread}`)}
expectations: [ raft-safety ]
`;
  const starts = (r: RunResult): number[] => r.nodes.map((n) => n.segments.find((s) => s.state === 'up')?.fromUs ?? -1);

  it("each node starts inside its kind's window (NameServers [0,S], brokers [S,2S], clients [2S,3S]), differently per seed", () => {
    const a = run(story('2s'));
    for (const n of a.nodes) {
      const at = n.segments.find((s) => s.state === 'up')?.fromUs ?? -1;
      const wave = n.kind === 'namesrv' ? 0 : n.kind === 'broker' ? 1 : 2;
      expect(at).toBeGreaterThanOrEqual(wave * 2e6);
      expect(at).toBeLessThanOrEqual((wave + 1) * 2e6);
    }
    const b = run(story('2s').replace('seed: 7', 'seed: 8'));
    expect(starts(b)).not.toEqual(starts(a));
  });

  it('startSpread: 0 starts everything at time 0 (lockstep)', () => {
    const r = run(story('0'));
    for (const n of r.nodes) expect(n.segments.find((s) => s.state === 'up')?.fromUs).toBe(0);
  });
});
