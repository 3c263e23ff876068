import { describe, expect, it } from 'vitest';
import { applyOverrides, overridableNames, suggest } from '../../sim/cluster/overrides.js';

const BASE = {
  name: 'x',
  flushDiskType: 'ASYNC_FLUSH',
  enabled: false,
  queues: 4,
  pollIntervalUs: 30_000_000,
  timings: { registerPeriodUs: 30_000_000, retries: 2 },
  capacity: { retries: 1, serviceTimeUs: 100 },
  bugs: { skipVote: false },
  list: [1, 2],
} as const;

describe('applyOverrides', () => {
  it('applies top-level and uniquely nested names, parsing durations', () => {
    const r = applyOverrides(BASE, {
      queues: 8,
      enabled: true,
      pollIntervalUs: '10s',
      registerPeriodUs: '1m',
      serviceTimeUs: 250,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.queues).toBe(8);
    expect(r.value.enabled).toBe(true);
    expect(r.value.pollIntervalUs).toBe(10_000_000);
    expect(r.value.timings).toEqual({ registerPeriodUs: 60_000_000, retries: 2 });
    expect(r.value.capacity).toEqual({ retries: 1, serviceTimeUs: 250 });
    expect(BASE.queues).toBe(4); // the defaults are not mutated
  });

  it('reports unknown, ambiguous and mistyped names together, with a suggestion', () => {
    const r = applyOverrides(
      BASE,
      { queus: 8, retries: 3, enabled: 'yes', pollIntervalUs: '10 seconds', queues: -1, skipVote: true },
      { flushDiskType: ['ASYNC_FLUSH', 'SYNC_FLUSH'] },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      'enabled',
      'pollIntervalUs',
      'queues',
      'queus',
      'retries',
      'skipVote',
    ]);
    expect(r.problems.find((p) => p.path === 'queus')?.expected).toContain('did you mean "queues"');
    expect(r.problems.find((p) => p.path === 'retries')?.expected).toContain('unique');
    expect(r.problems.find((p) => p.path === 'pollIntervalUs')?.expected).toContain('unit');
  });

  it('checks enum choices', () => {
    const bad = applyOverrides(BASE, { flushDiskType: 'SOMETIMES' }, { flushDiskType: ['ASYNC_FLUSH', 'SYNC_FLUSH'] });
    expect(bad.ok).toBe(false);
    const good = applyOverrides(
      BASE,
      { flushDiskType: 'SYNC_FLUSH' },
      { flushDiskType: ['ASYNC_FLUSH', 'SYNC_FLUSH'] },
    );
    expect(good.ok && good.value.flushDiskType).toBe('SYNC_FLUSH');
  });

  it('lists names; bug switches and non-scalars are not overridable constants', () => {
    expect(overridableNames(BASE)).toEqual([
      'enabled',
      'flushDiskType',
      'name',
      'pollIntervalUs',
      'queues',
      'registerPeriodUs',
      'retries',
      'serviceTimeUs',
    ]);
    expect(suggest('zzzzzz', ['queues'])).toBe('');
  });
});
