// The scenario library as tests see it: every file in scenarios/, loaded.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText } from '../../sim/cli/io.js';
import { formatScenarioError } from '../../sim/scenario/errors.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';

export const SCENARIO_DIR = 'scenarios';

export function scenarioFiles(): string[] {
  return readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(SCENARIO_DIR, f));
}

export function load(file: string): Scenario {
  const r = loadScenario(file, readText);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}
