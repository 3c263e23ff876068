// Whole-cluster throughput: runs scenario files end to end (cluster, clients,
// faults, checkers) and reports kernel events per wall second and simulated
// seconds per wall second. Median of 3 runs with different seeds.
import { readFileSync } from 'node:fs';
import { loadScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';

export interface ClusterFigures {
  readonly eventsPerSec: number;
  readonly simulatedToWall: number;
  readonly events: number;
  readonly wallMs: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function clusterThroughput(file: string, runs = 3): ClusterFigures {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok)
    throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path}: expected ${e.expected}`).join('; ')}`);
  const samples: ClusterFigures[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const r = runScenario(loaded.scenario, { seed: loaded.scenario.seed + run });
    const wallMs = performance.now() - t0;
    samples.push({
      eventsPerSec: (r.events / wallMs) * 1000,
      simulatedToWall: r.simulatedMs / wallMs,
      events: r.events,
      wallMs,
    });
  }
  const pick = median(samples.map((s) => s.wallMs));
  const chosen = samples.find((s) => s.wallMs === pick) ?? samples[0];
  if (chosen === undefined) throw new Error('no runs');
  return {
    eventsPerSec: Math.round(chosen.eventsPerSec),
    simulatedToWall: Number(chosen.simulatedToWall.toFixed(1)),
    events: chosen.events,
    wallMs: Math.round(chosen.wallMs),
  };
}
