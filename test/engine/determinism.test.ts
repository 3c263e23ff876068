import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runGossip } from './gossip.js';

describe('determinism', () => {
  it('the same seed twice gives the same trace hash over >= 10k events', () => {
    const a = runGossip(42);
    const b = runGossip(42);
    expect(a.events).toBeGreaterThan(10_000);
    expect(b.events).toBe(a.events);
    expect(b.hash).toBe(a.hash);
  });

  it('a different seed gives a different hash', () => {
    expect(runGossip(43).hash).not.toBe(runGossip(42).hash);
  });

  it('a run in a separate process gives the same hash', () => {
    const require = createRequire(import.meta.url);
    const viteNode = require.resolve('vite-node/vite-node.mjs');
    const out = execFileSync(process.execPath, [viteNode, 'test/engine/gossip-cli.ts', '42'], { encoding: 'utf8' });
    expect(out.trim()).toBe(runGossip(42).hash);
  });
});
