// The shrinker's run count: with bug switches on, `rmqsim shrink` runs each candidate twice (with the
// switches and without), so what --max-runs bounds and what progress prints must be those runs, not
// the candidates. A pure probe here: the failure needs fault 3 and nothing else.
import { describe, expect, it } from 'vitest';
import { faultsOf, shrinkScenario, type Doc, type Probe } from '../../sim/scenario/index.js';

const DOC: Doc = {
  duration: '60s',
  faults: [1, 2, 3, 4, 5, 6].map((i) => ({ at: `${i}s`, do: 'crash', target: `broker-${i}`, for: '8s' })),
};

function twoRunProbe(): { probe: Probe; runs: () => number } {
  let runs = 0;
  const probe: Probe = (doc) => {
    runs += 2;
    return faultsOf(doc).some((f) => f['target'] === 'broker-3') ? 'fails' : 'passes';
  };
  return { probe, runs: () => runs };
}

describe('shrinkScenario run counting', () => {
  it('counts the runs the caller reports in its progress, its result and its bound', () => {
    const { probe, runs } = twoRunProbe();
    const lines: string[] = [];
    const s = shrinkScenario(DOC, probe, { maxRuns: 300, runsUsed: runs, onProgress: (l) => lines.push(l) });
    expect(faultsOf(s.doc).map((f) => f['target'])).toEqual(['broker-3']);
    expect(s.runs).toBe(runs());
    const printed = lines.map((l) => Number(/\((\d+) runs so far\)|^ {2}run (\d+):/.exec(l)?.slice(1).find(Boolean)));
    expect(printed.every((n) => n % 2 === 0)).toBe(true);
    expect(Math.max(...printed)).toBeLessThanOrEqual(s.runs);
  });

  it('stops at maxRuns runs, not maxRuns probes', () => {
    const { probe, runs } = twoRunProbe();
    const s = shrinkScenario(DOC, probe, { maxRuns: 6, runsUsed: runs });
    expect(s.exhausted).toBe(true);
    expect(runs()).toBe(6);
  });

  it('never passes maxRuns when a probe may take two runs and one run is left (7 gave 8)', () => {
    const { probe, runs } = twoRunProbe();
    const s = shrinkScenario(DOC, probe, { maxRuns: 7, runsUsed: runs, runsPerProbe: 2 });
    expect(s.exhausted).toBe(true);
    expect(runs()).toBe(6);
  });

  it('without a counter, one run per probe', () => {
    const { probe, runs } = twoRunProbe();
    const s = shrinkScenario(DOC, probe, { maxRuns: 300 });
    expect(s.runs * 2).toBe(runs());
  });
});

describe('shrinkScenario workload pass', () => {
  it('turns a shaped rate into its peak as a constant, then halves it, while the failure stays', () => {
    const doc: Doc = {
      duration: '60s',
      workload: { producers: [{ group: 'p', rate: { base: 0, burst: 40, every: '1m', for: '30s' } }] },
    };
    // Fails whenever anything is sent: the shape is not what matters.
    const s = shrinkScenario(doc, () => 'fails', { maxRuns: 50 });
    const producers = (s.doc['workload'] as { producers: { rate: unknown }[] }).producers;
    expect(producers[0]?.rate).toBe(1);
    expect(s.steps).toContain('producer group p: constant 40/s');
  });
});
