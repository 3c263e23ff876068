// The run summary's consumer lines: what each group consumed and its backlog when the run ended
// (mqadmin consumerProgress's Diff Total), on a real cluster where two consume threads at 50 ms a
// message (40/s) cannot keep up with 100 sends/s, beside a fast group and a group that only starts
// after the run has ended.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { formatScenarioError } from '../../sim/scenario/errors.js';
import { runScenario } from '../../sim/scenario/run.js';
import { consumptionSummaries } from '../../sim/scenario/consumption-summary.js';
import type { AdminSnapshot } from '../../sim/cluster/index.js';

const STORY = `name: slow-consumers
duration: 30s
seed: 3
cluster:
  namesrvs: 1
  groups: [ { name: broker-a, mode: classic } ]
  topics: [ { name: T, queues: 4 } ]
workload:
  producers: [ { group: p, topic: T, rate: 100 } ]
  consumers:
    - { group: slow, topics: [T], threads: 2, consumeTime: 50ms }
    - { group: fast, topics: [T] }
    - { group: late, topics: [T], start: 1m }
`;

describe('consumer lines of the run summary', () => {
  it('show a slow group far behind, a fast one close, and a group that never ran with all of it behind', () => {
    const parsed = parseScenario(STORY, 'slow.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatScenarioError).join('\n'));
    const r = runScenario(parsed.scenario);
    const stored = r.sends.groups.reduce((n, g) => n + g.acked, 0);
    const line = (group: string) => r.consumption.find((c) => c.group === group);
    const slow = line('slow');
    const fast = line('fast');
    const late = line('late');
    expect(stored).toBeGreaterThan(2000);
    // 2 threads x 50 ms: about 40/s over the ~25 s it ran.
    expect(slow?.total).toBeLessThan(stored / 2);
    // Committed offsets trail what was consumed, never lead it: the backlog is at least what is unconsumed.
    expect(slow?.behindAtEnd).toBeGreaterThanOrEqual(stored - (slow?.total ?? 0));
    expect(fast?.behindAtEnd).toBeLessThan(stored / 10);
    expect(late).toEqual({ group: 'late', total: 0, failed: 0, behindAtEnd: stored });
  });

  it('tells no backlog when no NameServer answered at the end (mqadmin could not either)', () => {
    const atEnd: AdminSnapshot = {
      atUs: 0,
      namesrv: null,
      clusterList: [],
      routes: {},
      consumerProgress: {},
      brokerStatus: [],
    };
    expect(consumptionSummaries([{ group: 'c', total: 5, failed: 0 }], [], atEnd)).toEqual([
      { group: 'c', total: 5, failed: 0 },
    ]);
  });
});
