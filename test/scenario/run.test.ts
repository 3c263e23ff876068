import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/scenario/run.js';
import { FAKE_SCENARIO, fakeBuild, fakeScenario } from './fake-cluster.js';

describe('runScenario', () => {
  it('runs the scenario, applies faults, and gathers verdicts, timeline, tracks and send series', () => {
    const progress: number[] = [];
    const r = runScenario(fakeScenario(), { build: fakeBuild, onProgress: (t) => progress.push(t) });
    expect(r.seed).toBe(5);
    expect(r.simulatedMs).toBe(20_000);
    expect(progress).toHaveLength(1000);
    expect(progress[999]).toBe(20_000_000);
    expect(r.expectations.map((e) => [e.name, e.ok])).toEqual([
      ['availability(p)', true],
      ['no-acked-loss', true],
    ]);
    expect(r.ok).toBe(true);
    expect(r.faults.map((f) => [f.verb, f.nodes.join(','), f.startUs, f.endUs])).toEqual([
      ['crash', 'broker-a-0', 5_000_000, 10_000_000],
      ['crash', 'broker-a-0,broker-a-1,broker-b-0', 12_000_000, 15_000_000],
    ]);
    const crash = r.timeline.find((e) => e.kind === 'crash' && e.source === 'lifecycle');
    expect(crash?.node).toBe('broker-a-0');
    expect(r.timeline.find((e) => e.kind === 'crash' && e.source === 'fault')?.text).toBe(
      'fault crash broker-a-0 (master-of:broker-a)',
    );
    const track = r.nodes.find((n) => n.node === 'broker-a-0');
    expect(track?.kind).toBe('broker');
    expect(track?.segments.map((s) => s.state)).toEqual(['up', 'down', 'up', 'down', 'up']);
    expect(track?.segments[0]?.role).toBe('ASYNC_MASTER');
    // 3 s with every broker down: sends fail in that window.
    const failed = r.sends.buckets.reduce((n, b) => n + b.failed, 0);
    expect(failed).toBeGreaterThan(20);
    expect(r.sends.percentiles.map((p) => p.p)).toEqual([50, 90, 99, 99.9]);
    expect(r.stats['fakeBrokers']).toBe(3);
  });

  it('is deterministic: same seed, same trace hash; another seed, another hash', () => {
    const s = fakeScenario();
    const a = runScenario(s, { build: fakeBuild });
    expect(runScenario(s, { build: fakeBuild })).toEqual(a);
    expect(runScenario(s, { build: fakeBuild, seed: 6 }).traceHash).not.toBe(a.traceHash);
  });

  it('reports a failed expectation, and inverts the verdict for expect: break', () => {
    const strict = FAKE_SCENARIO.replace(
      'minRatio: 0.5 }',
      'minRatio: 1 }\n  - { check: availability, producers: p, minRatio: 1, expect: break }',
    );
    const r = runScenario(fakeScenario(strict), { build: fakeBuild });
    expect(r.ok).toBe(false);
    expect(r.expectations[0]?.ok).toBe(false);
    expect(r.expectations[0]?.violations[0]?.message).toMatch(/sends acknowledged/);
    expect(r.expectations[1]?.ok).toBe(true);
    expect(r.expectations[1]?.detail).toMatch(/^broken, as the story expects/);
  });
});
