// The run summary's consumer lines: what each group consumed and its backlog when the run ended
// (mqadmin consumerProgress's Diff Total), on a real cluster where two consume threads at 50 ms a
// message (40/s) cannot keep up with 100 sends/s, beside a fast group and a group that only starts
// after the run has ended.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/load.js';
import { formatScenarioError } from '../../sim/scenario/errors.js';
import { runScenario } from '../../sim/scenario/run.js';
import { consumptionSummaries } from '../../sim/scenario/consumption-summary.js';
import type { ConsumptionSummary } from '../../sim/scenario/result.js';
import type { AdminSnapshot } from '../../sim/cluster/index.js';
import { renderMarkdown } from '../../sim/report/render-md.js';

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

/** The story run once: its summary lines by group, and what it stored. */
function runStory(): {
  r: ReturnType<typeof runScenario>;
  stored: number;
  line: (group: string) => ConsumptionSummary | undefined;
} {
  const parsed = parseScenario(STORY, 'slow.yaml');
  if (!parsed.ok) throw new Error(parsed.errors.map(formatScenarioError).join('\n'));
  const r = runScenario(parsed.scenario);
  const stored = r.sends.groups.reduce((n, g) => n + g.acked, 0);
  return { r, stored, line: (group) => r.consumption.find((c) => c.group === group) };
}

describe('consumer lines of the run summary', () => {
  const { r, stored, line } = runStory();

  it('show a slow group far behind, a fast one close, and a group that never ran with all of it behind', () => {
    const slow = line('slow');
    const fast = line('fast');
    const late = line('late');
    expect(stored).toBeGreaterThan(2000);
    // 2 threads x 50 ms: about 40/s over the ~25 s it ran.
    expect(slow?.total).toBeLessThan(stored / 2);
    // Committed offsets trail what was consumed, never lead it: the backlog is at least what is unconsumed.
    expect(slow?.behindAtEnd).toBeGreaterThanOrEqual(stored - (slow?.total ?? 0));
    expect(fast?.behindAtEnd).toBeLessThan(stored / 10);
    expect(late).toMatchObject({ group: 'late', total: 0, failed: 0, behindAtEnd: stored });
  });

  it('give each group its peak backlog and its longest consume lag over the run (issue 9: backlog and lag are real)', () => {
    const slow = line('slow');
    // 100/s in, 40/s out: the backlog grows to the end of the run, about 60 a second of sending.
    expect(slow?.peakBacklog).toBe(stored - (slow?.total ?? 0));
    expect(slow?.peakBacklogAtUs).toBe(30e6);
    // Its last consumption waited behind most of that backlog: well over 10 s from store to consume.
    expect(slow?.maxConsumeLagUs).toBeGreaterThan(10e6);
    expect(line('fast')?.peakBacklog).toBeLessThan(10);
    expect(line('fast')?.maxConsumeLagUs).toBeLessThan(100_000);
    expect(line('late')).toMatchObject({ peakBacklog: stored, peakBacklogAtUs: 30e6 });
    expect(line('late')?.maxConsumeLagUs).toBeUndefined();
    const md = renderMarkdown(r, { wallMs: 1, codeVersion: 'test' });
    expect(md).toMatch(
      /- slow consumed \d+ message\(s\); \d+ behind at the end \(mqadmin Diff Total\); peak backlog \d+ at 30\.000s, max consume lag \d+\.\d{3}s \(store to consume\)/,
    );
    expect(renderMarkdown(r, { wallMs: 1, codeVersion: 'test', lang: 'zh' })).toMatch(
      /积压峰值 \d+ 条 \(在 30\.000s\), 最大消费延迟/,
    );
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
