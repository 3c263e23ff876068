// "An expect: unchecked state is not allowed to exist silently" (issue 10 row
// 1): every expectation kind, in a run too short to judge it, FAILS with the
// reason; the same story run long enough passes; and a convergence bound that
// ends after the run is rejected by `check` (exit 2, naming the field and the
// latest `within` that fits).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { EXPECTATION_KINDS } from '../../sim/scenario/schema.js';
import { runYaml } from './stories.js';

const EVERY_KIND = [
  '{ check: availability, producers: p, minRatio: 0.9 }',
  'no-acked-loss',
  'at-least-once',
  '{ check: duplicates, consumers: c, max: 10 }',
  '{ check: order, consumers: c }',
  'raft-safety',
  '{ check: convergence, within: 20s }',
  'ack-promise',
  '{ check: leader-changes, group: broker-a, max: 1 }',
  '{ check: send-spread, producers: p, from: 30s, minShare: 0.1 }',
];

const story = (duration: string): string => `
name: every-kind
seed: 11
duration: ${duration}
cluster:
  groups: [{ name: broker-a, mode: dledger, replicas: 3 }]
  topics: [{ name: T, queues: 2, order: true }]
workload:
  producers: [{ group: p, topic: T, rate: 5, ordered: true, keys: 4, stop: 40s }]
  consumers: [{ group: c, topics: [T], orderly: true }]
expectations:
${EVERY_KIND.map((e) => `  - ${e}`).join('\n')}
`;

describe('nothing unchecked passes', () => {
  it('the list above covers every expectation kind of the schema', () => {
    expect(EVERY_KIND.map((e) => /check: ([a-z-]+)/.exec(e)?.[1] ?? e).sort()).toEqual([...EXPECTATION_KINDS].sort());
  });

  it('a run too short to judge any expectation fails each one, saying why', () => {
    // A convergence bound must fit in the run (check enforces it, below): at 1 s it is judged, and fails.
    const r = runYaml(story('300ms').replace('within: 20s', 'within: 300ms'));
    for (const v of r.expectations) {
      expect(v.ok, `${v.name}: ${v.detail}`).toBe(false);
      // Either nothing was there to judge (said so), or what was there broke the bound (shown).
      expect(/^not judged: /.test(v.detail) || v.violations.length > 0, `${v.name}: ${v.detail}`).toBe(true);
    }
    const unjudged = r.expectations.filter((v) => /^not judged: /.test(v.detail)).map((v) => v.checker);
    expect(unjudged).toEqual(
      expect.arrayContaining([
        'no-acked-loss',
        'at-least-once',
        'duplicates',
        'queue-order',
        'raft-safety',
        'ack-promise',
      ]),
    );
    expect(r.ok).toBe(false);
  });

  it('the same story, long enough, holds every expectation', () => {
    const r = runYaml(story('90s'));
    for (const v of r.expectations) expect(v.ok, `${v.name}: ${v.detail}`).toBe(true);
  });

  it('check rejects a convergence bound that ends after the run, naming the latest within that fits', () => {
    const r = parseScenario(story('60s').replace('within: 20s', 'within: 10m'), 'every-kind.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.path === 'expectations[6].within');
    expect(e?.expected).toMatch(/at most 1m/);
  });
});
