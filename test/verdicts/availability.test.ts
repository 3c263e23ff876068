// Availability judges what it claims (issue 10 rows 5 and 11, and "Checkers
// that judge what they claim"): only accepted statuses count (SEND_OK unless
// the expectation says otherwise), outages only while the group is sending,
// and a bound is required.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { runYaml, verdictOf } from './stories.js';

const story = (opts: { readonly role?: string; readonly faults?: string; readonly expectation: string }): string => `
name: availability-story
seed: 5
duration: 90s
cluster:
  groups: [{ name: broker-a, replicas: 2, brokerRole: ${opts.role ?? 'ASYNC_MASTER'} }]
  topics: [{ name: T, queues: 2 }]
workload:
  producers: [{ group: p, topic: T, rate: 10, stop: 40s }]
faults: [${opts.faults ?? ''}]
expectations:
  - ${opts.expectation}
`;

describe('availability', () => {
  it('a producer that stops is not an outage: outage is judged only while the group offers sends', () => {
    const r = runYaml(story({ expectation: '{ check: availability, producers: p, minRatio: 0.99, maxOutage: 2s }' }));
    const v = verdictOf(r, 'availability');
    expect(v.ok, v.detail).toBe(true);
    expect(v.figures['p.longestOutageUs']).toBeLessThan(2_000_000);
  });

  it('a pause in the offered load longer than the bound is not an outage either (a workload in bursts)', () => {
    const bursts = story({
      expectation: '{ check: availability, producers: p, minRatio: 0.99, maxOutage: 5s }',
    }).replace('rate: 10, stop: 40s', 'rate: { base: 0, burst: 10, every: 30s, for: 10s }');
    const v = verdictOf(runYaml(bursts), 'availability');
    expect(v.ok, v.detail).toBe(true);
    expect(v.figures['p.longestOutageUs']).toBeLessThan(2_000_000);
  });

  it('still finds an outage while the group sends (every broker down from 20 s)', () => {
    const r = runYaml(
      story({
        faults: '{ at: 20s, do: crash, target: [broker-a-0, broker-a-1] }',
        expectation: '{ check: availability, producers: p, minRatio: 0, maxOutage: 2s }',
      }),
    );
    const v = verdictOf(r, 'availability');
    expect(v.ok).toBe(false);
    expect(v.figures['p.longestOutageUs']).toBeGreaterThan(15_000_000);
    expect(v.figures['p.longestOutageUs']).toBeLessThan(25_000_000);
  });

  it('SLAVE_NOT_AVAILABLE is not a success unless the expectation accepts it', () => {
    const slaveDown = '{ at: 5s, do: crash, target: broker-a-1 }';
    const strict = verdictOf(
      runYaml(
        story({
          role: 'SYNC_MASTER',
          faults: slaveDown,
          expectation: '{ check: availability, producers: p, minRatio: 0.9 }',
        }),
      ),
      'availability',
    );
    expect(strict.ok).toBe(false);
    expect(strict.detail).toMatch(/not SEND_OK/);
    const accepting = verdictOf(
      runYaml(
        story({
          role: 'SYNC_MASTER',
          faults: slaveDown,
          expectation: '{ check: availability, producers: p, minRatio: 0.9, accept: [SEND_OK, SLAVE_NOT_AVAILABLE] }',
        }),
      ),
      'availability',
    );
    expect(accepting.ok, accepting.detail).toBe(true);
  });

  it('requires a bound: availability with no minRatio is bad input naming the field', () => {
    const r = parseScenario(story({ expectation: '{ check: availability, producers: p }' }), 'a.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.path}: ${e.expected}`).join('\n')).toMatch(/expectations\[0\]\.minRatio: a number/);
  });
});
