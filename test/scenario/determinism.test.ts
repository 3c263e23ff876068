// Replay: the same scenario with the same seed gives the same trace, in any
// process, on any machine. Every scenario of the library runs once and must give
// the trace hash and event count committed in test/golden/trace-hashes.json
// (written by another process, perhaps another machine or Node version: see
// `npm run golden:node-versions`). All run in this one process, so hidden state
// carried from one run to the next (a module-level counter, a global iteration
// order) moves a later hash too. Another seed must give another trace.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/scenario/run.js';
import { readGolden } from '../../bench/golden.js';
import { load, scenarioFiles } from './scenario-files.js';

const golden = readGolden();
const HOW = 'if the change is meant to move it, run `npm run golden:update`, review the diff and say why in the commit';

describe('determinism', () => {
  it('every shipped scenario has a golden hash, and no golden hash is left without its scenario', () => {
    expect(Object.keys(golden).sort()).toEqual(scenarioFiles());
  });

  for (const file of scenarioFiles()) {
    it(`${file}: the run gives its golden trace hash`, () => {
      const s = load(file);
      const r = runScenario(s);
      expect({ seed: s.seed, traceHash: r.traceHash, events: r.events }, `${file} moved its trace: ${HOW}`).toEqual(
        golden[file],
      );
    });
  }

  it('a repeated run in the same process gives the same trace, expectations included', () => {
    const s = load('scenarios/production-ha.yaml');
    const a = runScenario(s);
    const b = runScenario(s);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.expectations).toEqual(a.expectations);
  });

  it('another seed gives another trace', () => {
    const s = load('scenarios/classic-master-crash.yaml');
    expect(runScenario(s, { seed: s.seed + 1 }).traceHash).not.toBe(runScenario(s).traceHash);
  });
});
