// The same scenario and seed give the same trace hash in another process too:
// no hidden state (module-level counters, iteration order of something global)
// carries from one run to the next or differs between processes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

function inProcess(file: string, seed: number): string {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return runScenario(loaded.scenario, { seed }).traceHash;
}

describe('determinism across processes', () => {
  it('production-ha gives the same trace hash in a separate process', () => {
    const viteNode = createRequire(import.meta.url).resolve('vite-node/vite-node.mjs');
    const child = execFileSync(
      process.execPath,
      [viteNode, 'test/scenario/hash-cli.ts', 'scenarios/production-ha.yaml', '42'],
      { encoding: 'utf8' },
    );
    const here = inProcess('scenarios/production-ha.yaml', 42);
    expect(here).toMatch(/^[0-9a-f]{16}$/);
    expect(child.trim()).toBe(here);
  });
});
