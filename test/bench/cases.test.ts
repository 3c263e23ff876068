// The production-rate bench cases (issue 9): every case file is a valid
// scenario with the layout the issue describes, and the figures are computed
// from what the child measured. Performance itself is printed by
// `npm run bench`, never asserted here.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFigures } from '../../bench/case-figures.js';
import { PRODUCTION_CASES } from '../../bench/production-cases.js';
import { runScenario } from '../../sim/scenario/run.js';
import { load } from '../scenario/scenario-files.js';

const caseFile = (name: keyof typeof PRODUCTION_CASES): string => join('bench', 'cases', PRODUCTION_CASES[name]);

describe('production-rate bench cases', () => {
  it('each case file loads, with the layout issue 9 gives it', () => {
    const ref = load(caseFile('referenceHour'));
    expect(ref.cluster.namesrvs).toBe(3);
    expect(ref.cluster.groups.map((g) => [g.mode, g.replicas])).toEqual([
      ['dledger', 3],
      ['dledger', 3],
    ]);
    expect(
      ref.workload.producers.map((p) => p.instances * (p.rate.kind === 'constant' ? p.rate.perSecond : 0)),
    ).toEqual([1000]);
    expect(ref.workload.consumers.map((c) => c.instances)).toEqual([2, 2]);
    expect(ref.durationUs).toBe(3600e6);
    const idle = load(caseFile('idleDay'));
    expect(idle.cluster).toEqual(ref.cluster);
    expect(idle.workload.producers).toEqual([]);
    const head = load(caseFile('headline100k'));
    expect(head.cluster.groups).toHaveLength(5);
    expect(head.cluster.topics[0]?.queues).toBe(40);
    expect(head.workload.producers.map((p) => [p.instances, p.rate])).toEqual([
      [20, { kind: 'constant', perSecond: 5000 }],
    ]);
    const day = load(caseFile('seedsDay'));
    expect(day.durationUs).toBe(86_400e6);
    // 5M messages over the day: the daily curve's mean times the instances times a day.
    const p = day.workload.producers[0];
    const mean = p?.rate.kind === 'daily' ? (p.rate.minPerSecond + p.rate.maxPerSecond) / 2 : 0;
    expect(Math.round(((p?.instances ?? 0) * mean * 86_400) / 1e4) * 1e4).toBe(5_000_000);
  });

  it('figures come from the run and the measurement', () => {
    const s = load('scenarios/kill-two-nameservers.yaml');
    const r = runScenario({ ...s, durationUs: 30e6 });
    const f = caseFigures(r, { cpuMicros: 2e6, peakRssKiB: 2048, retainedBytes: 1e6 });
    const messages = r.sends.groups.reduce((n, g) => n + g.acked + g.failed + g.unknown, 0);
    expect(messages).toBeGreaterThan(0);
    expect(f).toMatchObject({
      simulatedSeconds: 30,
      cpuSeconds: 2,
      simSecondsPerCpuSecond: 15,
      peakRssMiB: 2,
      messages,
      events: r.events,
    });
    expect(f.eventsPerMessage).toBeCloseTo(r.events / messages, 1);
    expect(f.bytesPerMessage).toBe(Math.round(1e6 / messages));
    expect(f.achievedPerSec).toBeLessThanOrEqual(f.offeredPerSec);
  });
});
