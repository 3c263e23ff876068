// Small scenario texts for the verdict tests: parsed from YAML like a file,
// run on the real cluster. Kept tiny (one or two groups, a minute or two).
import { parseScenario } from '../../sim/scenario/load.js';
import { runScenario, type RunOptions } from '../../sim/scenario/run.js';
import type { RunResult } from '../../sim/scenario/result.js';
import type { Scenario } from '../../sim/scenario/types.js';

export function scenarioOf(yaml: string, file = 'inline.yaml'): Scenario {
  const r = parseScenario(yaml, file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

export function runYaml(yaml: string, options: RunOptions = {}): RunResult {
  return runScenario(scenarioOf(yaml), options);
}

/** The verdict of one expectation (by its checker name) in a run. */
export function verdictOf(r: RunResult, checker: string): RunResult['expectations'][number] {
  const v = r.expectations.find((e) => e.checker === checker || e.name === checker);
  if (v === undefined) throw new Error(`no expectation ${checker} in ${r.expectations.map((e) => e.name).join(', ')}`);
  return v;
}

/** One classic group with a slave, one topic, one producer and one consumer; `extra` is appended YAML. */
export function consumeStory(opts: {
  readonly failureRate: number;
  readonly client?: string;
  readonly expectations: string;
  readonly duration?: string;
}): string {
  return `
name: consume-story
seed: 3
duration: ${opts.duration ?? '90s'}
cluster:
  groups: [{ name: broker-a, replicas: 2 }]
  topics: [{ name: T, queues: 2 }]
  config: { client: { ${opts.client ?? ''} } }
workload:
  producers: [{ group: p, topic: T, rate: 5, stop: 20s }]
  consumers: [{ group: c, topics: [T], failureRate: ${opts.failureRate} }]
expectations:
${opts.expectations}
`;
}
