// Randomized sweeps on the kernel (a small sample; bench/raft-sweep.ts runs
// >= 500 seeds): mixed faults with a client appending must show no violation
// with every switch off, and every bug switch must be caught by a checker.
import { describe, expect, it } from 'vitest';
import { runChaos } from '../support/raft-chaos.js';
import { sweepCase } from '../../bench/raft-sweep-case.js';
import { RAFT_BUG_SWITCHES } from '../../sim/raft/bugs.js';
import type { RaftBugs } from '../../sim/raft/config.js';

describe('raft sweep (small sample)', () => {
  it('no violation over 8 seeds of 3- and 5-member groups under mixed faults', () => {
    let committed = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const r = runChaos({ seed, ...sweepCase(seed) });
      expect(
        r.failed,
        `seed ${seed}: ${r.results
          .filter((c) => !c.ok)
          .map((c) => c.detail)
          .join('; ')}`,
      ).toEqual([]);
      expect(r.faults).toBeGreaterThan(5);
      committed += r.committed;
    }
    // The client kept committing through the faults (20 appends/s for 130 s per seed).
    expect(committed).toBeGreaterThan(8 * 1000);
  });

  it('replays: the same seed gives the same trace hash, another seed another', () => {
    const a = runChaos({ seed: 21, members: 5, faultPhaseUs: 30_000_000, healPhaseUs: 10_000_000 });
    const b = runChaos({ seed: 21, members: 5, faultPhaseUs: 30_000_000, healPhaseUs: 10_000_000 });
    const c = runChaos({ seed: 22, members: 5, faultPhaseUs: 30_000_000, healPhaseUs: 10_000_000 });
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  /** The Raft checkers (inside the raft-safety expectation) that each switch must trip. */
  const GUARDS: Partial<Record<keyof RaftBugs, readonly string[]>> = {
    voteWithoutPersist: ['raft.vote-durability', 'raft.election-safety'],
    commitOldTermByCount: ['raft.commit-stability', 'raft.state-machine-safety'],
    leaderIgnoresHigherTerm: ['raft.election-safety', 'raft.log-matching'],
    followerSkipsConsistencyCheck: ['raft.log-matching', 'raft.state-machine-safety'],
  };
  for (const sw of RAFT_BUG_SWITCHES.filter((b) => b.inRaftSweep !== false)) {
    it(`catches ${sw.name}`, () => {
      let caught: readonly string[] = [];
      let seed = 0;
      while (caught.length === 0 && seed < 20) {
        seed++;
        caught = runChaos({ seed, ...sweepCase(seed), bugs: { [sw.flag]: true } }).failed;
      }
      expect(caught.length).toBeGreaterThan(0);
      // The same seed with the switch off is clean: the checker caught the bug, not the faults.
      expect(runChaos({ seed, ...sweepCase(seed) }).failed).toEqual([]);
      // At least one of the Raft checkers that guard against this bug is among those that fired.
      expect(caught.some((name) => (GUARDS[sw.flag] ?? []).includes(name))).toBe(true);
    });
  }
});
