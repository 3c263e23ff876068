// no-acked-loss judges queue positions in the group's agreed log (issue 10):
// with raft.follower-skips-consistency-check on raft-chaos, a queue slot a
// consumer already read is later given to another acknowledged message, with
// no power loss. The checker as it was accepted it (some live member still
// held each message); now it is a violation, and the same seed holds without
// the switch.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { verdictOf } from './stories.js';

function raftChaos(bugs: readonly string[]): ReturnType<typeof runScenario> {
  const loaded = loadScenario('scenarios/raft-chaos.yaml', (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error('raft-chaos does not load');
  return runScenario(loaded.scenario, { seed: 1, bugs });
}

describe('no-acked-loss by queue position', () => {
  it('raft.follower-skips-consistency-check on raft-chaos (seed 1): a delivered slot taken by another acked message is a loss', () => {
    const v = verdictOf(raftChaos(['raft.follower-skips-consistency-check']), 'no-acked-loss');
    expect(v.ok).toBe(false);
    expect(
      v.violations
        .map((x) => x.message)
        .filter((m) => /took a slot already delivered as msg \d+:\d+ at \d.*0\/3 hosts lost power/.test(m)).length,
    ).toBeGreaterThan(0);
    expect(verdictOf(raftChaos([]), 'no-acked-loss').ok).toBe(true);
  });
});
