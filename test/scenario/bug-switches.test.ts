// Bug switches caught through the product: a shipped story, run with a
// switch on, breaks the expectation that guards against that bug, and the
// same story with every switch off keeps it. (Every switch is also proven
// by its layer's own tests; these are the ones a shipped story catches.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

const CASES: readonly { readonly bug: string; readonly scenario: string; readonly breaks: string }[] = [
  { bug: 'broker.dledger-ack-before-quorum', scenario: 'dledger-leader-partition', breaks: 'no-acked-loss' },
  { bug: 'broker.sync-master-early-ack', scenario: 'sync-master-power-loss', breaks: 'at-least-once' },
  { bug: 'raft.commit-old-term-by-count', scenario: 'dledger-leader-crash', breaks: 'raft-safety' },
  { bug: 'raft.follower-skips-consistency-check', scenario: 'dledger-leader-partition', breaks: 'raft-safety' },
  { bug: 'raft.vote-without-persist', scenario: 'production-ha', breaks: 'raft-safety' },
  { bug: 'client.rebalance-overlap', scenario: 'client-instance-crash', breaks: 'duplicates' },
];

function verdicts(scenario: string, bugs: readonly string[]): Map<string, boolean> {
  const file = `scenarios/${scenario}.yaml`;
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const r = runScenario(loaded.scenario, { bugs });
  return new Map(r.expectations.map((e) => [e.checker, e.ok]));
}

describe('bug switches caught by shipped stories', () => {
  for (const c of CASES) {
    it(`${c.bug}: ${c.scenario} breaks ${c.breaks}; without the switch it holds`, () => {
      expect(verdicts(c.scenario, [c.bug]).get(c.breaks)).toBe(false);
      expect([...verdicts(c.scenario, []).values()].every((ok) => ok)).toBe(true);
    });
  }
});
