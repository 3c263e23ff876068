// Seeds that once exposed a bug, replayed so it stays fixed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

function run(file: string, seed: number): ReturnType<typeof runScenario> {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return runScenario(loaded.scenario, { seed });
}

describe('regressions', () => {
  it('swarm seed 17: a DLedger member restarted after voting for itself rejoins its leader (routes converge)', () => {
    const r = run('scenarios/swarm.yaml', 17);
    const convergence = r.expectations.find((e) => e.name === 'convergence');
    expect(convergence?.detail).not.toContain('id=-1');
    expect(convergence?.ok).toBe(true);
    expect(r.ok).toBe(true);
  });
});
