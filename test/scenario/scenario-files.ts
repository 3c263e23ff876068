// The scenario library as tests see it: every file under scenarios/ (the
// incidents too), loaded.
import { readText } from '../../sim/cli/io.js';
import { formatScenarioError } from '../../sim/scenario/errors.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { shippedScenarios } from '../../bench/golden.js';

export function scenarioFiles(): string[] {
  return shippedScenarios();
}

export function load(file: string): Scenario {
  const r = loadScenario(file, readText);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}
