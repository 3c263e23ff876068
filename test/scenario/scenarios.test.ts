// Every scenario of the library, run once with its default seed on the real
// cluster: each story's expectations must hold.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/scenario/run.js';
import { load, scenarioFiles } from './scenario-files.js';

describe('scenario library', () => {
  for (const file of scenarioFiles()) {
    it(`${file}: every expectation holds with the default seed`, () => {
      const s = load(file);
      const r = runScenario(s);
      const broken = r.expectations.filter((e) => !e.ok).map((e) => `${e.name}: ${e.detail}`);
      expect(broken, `replay: rmqsim run ${file} --seed ${s.seed}`).toEqual([]);
      // A swarm's draw may leave an expectation out (named in drawn.notApplicable); every other one is judged.
      expect(r.expectations.length).toBe(s.expectations.length - (r.drawn?.notApplicable.length ?? 0));
      expect(r.events).toBeGreaterThan(1000);
    });
  }

  it('a bug switch turned on breaks the expectation that catches it', () => {
    const r = runScenario(load('scenarios/raft-chaos.yaml'), { bugs: ['raft.vote-without-persist'] });
    const safety = r.expectations.find((e) => e.name === 'raft-safety');
    expect(safety?.ok).toBe(false);
    expect(safety?.violations[0]?.message).toMatch(/vote was answered before it was durable/);
    expect(r.ok).toBe(false);
  });
});
