// Child process of the production-rate bench (bench/production-cases.ts): runs
// one scenario file once and prints one JSON line of CaseFigures. Started with
// --expose-gc so the heap held at the end of the simulation (every replica,
// the client history, every checker) can be measured after full collections.
// CPU is process.cpuUsage() around the run, less the collections the
// measurement itself forces.
import { readFileSync } from 'node:fs';
import { loadScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';
import { caseFigures } from './case-figures.js';

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('case-run: start node with --expose-gc');
  gc();
  gc();
}

function heldBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function cpuMicros(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: case-run <scenario.yaml> [seed]');
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok)
    throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path}: expected ${e.expected}`).join('; ')}`);
  const seedArg = process.argv[3];
  const seed = seedArg === undefined ? loaded.scenario.seed : Number(seedArg);
  fullGc();
  const before = heldBytes();
  let retained = 0;
  let gcCpu = 0;
  const started = cpuMicros();
  const result = runScenario(loaded.scenario, {
    seed,
    // The last progress call comes with the simulation still alive, before the checkers' final verdicts.
    onProgress: (t, d) => {
      if (t < d) return;
      const gcStart = cpuMicros();
      fullGc();
      retained = heldBytes() - before;
      gcCpu = cpuMicros() - gcStart;
    },
  });
  const cpu = cpuMicros() - started - gcCpu;
  const figures = caseFigures(result, {
    cpuMicros: cpu,
    peakRssKiB: process.resourceUsage().maxRSS,
    retainedBytes: retained,
  });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
