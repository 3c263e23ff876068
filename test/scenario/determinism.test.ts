// Replay: the same scenario with the same seed gives the same trace hash.
// Every scenario of the library is run twice in full; another seed must give
// another trace.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/scenario/run.js';
import { load, scenarioFiles } from './scenario-files.js';

describe('determinism', () => {
  for (const file of scenarioFiles()) {
    it(`${file}: two runs give the same trace hash`, () => {
      const s = load(file);
      const a = runScenario(s);
      const b = runScenario(s);
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.events).toBe(a.events);
      expect(b.expectations).toEqual(a.expectations);
    });
  }

  it('another seed gives another trace', () => {
    const s = load('scenarios/classic-master-crash.yaml');
    expect(runScenario(s, { seed: s.seed + 1 }).traceHash).not.toBe(runScenario(s).traceHash);
  });
});
