// The achieved rate is measured, not assumed (user trial): one producer at 5000/s with
// maxInFlight 2 from 5 s to 10 s printed "offered 5000/s, stored 5000/s" while its p50
// latency was 817 ms and its acks went on after 10 s: acked / window equals the offered
// rate whenever everything is acked in the end. Achieved is now acked per second to the
// stop or to the last ack, whichever is later; each case fails on acked / window.
import { describe, expect, it } from 'vitest';
import { sec, type Micros } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/index.js';
import { msgUid } from '../../sim/protocol/index.js';
import type { ProducerGroupSpec } from '../../sim/client/index.js';
import { summarizeSends } from '../../sim/scenario/summaries.js';
import { producers } from '../cluster/fixtures.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { formatScenarioError } from '../../sim/scenario/errors.js';
import { runScenario } from '../../sim/scenario/run.js';
import { achievedNotes, lateAcksText } from '../../sim/report/index.js';
import { renderMarkdown } from '../../sim/report/render-md.js';

const producer = (group: string, stopUs: Micros): ProducerGroupSpec =>
  producers({ group, topic: 'T', instances: 1, rate: { kind: 'constant', perSecond: 100 }, startUs: 0, stopUs });

/** `n` sends of `group` offered over [0, 10 s), each acked `lagUs(i)` after it was offered. */
function sends(h: History, group: string, n: number, lagUs: (i: number) => Micros): void {
  for (let i = 0; i < n; i++) {
    const atUs = (i * sec(10)) / n;
    const row = h.sendStarted({ uid: msgUid(group === 'slow' ? 1 : 2, i), group, topic: 'T', key: -1, atUs });
    h.sendDone(row, {
      outcome: SendOutcome.SEND_OK,
      atUs: atUs + lagUs(i),
      attempts: 1,
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset: i,
    });
  }
}

describe('the achieved rate', () => {
  it('counts the time the acks took: a client that falls behind achieves less than offered', () => {
    const h = new History();
    // 1000 offered in 10 s; "slow" is served at 80/s (its acks end at 12.5 s), "fast" within 1 ms.
    sends(h, 'slow', 1000, (i) => sec(i / 80) - (i * sec(10)) / 1000);
    sends(h, 'fast', 1000, () => 1000);
    const s = summarizeSends(h, [producer('slow', sec(10)), producer('fast', sec(10))], sec(20));
    const [slow, fast] = s.groups;
    expect(slow).toMatchObject({ offeredPerSecond: 100, ackedPerSecond: 80.1, sendingFromUs: 0, sendingToUs: sec(10) });
    expect(slow?.lastAckUs).toBe(sec(999 / 80));
    expect(fast).toMatchObject({ offeredPerSecond: 100, ackedPerSecond: 100 });
    expect(slow === undefined ? undefined : lateAcksText(slow, 'en')).toBe(
      'acks went on 2.487s after sending stopped at 10.000s',
    );
    expect(fast === undefined ? 'x' : lateAcksText(fast, 'en')).toBeUndefined();
    expect(achievedNotes(s.groups, 'zh')).toEqual([
      expect.stringMatching(/^实际: /),
      'slow: 在 10.000s 停止发送后, 应答又持续了 2.487s',
    ]);
  });

  it('the trial: 5000/s with maxInFlight 2 is not reported as 5000/s stored', () => {
    const parsed = parseScenario(
      `name: cannot-keep-up
seed: 1
duration: 20s
cluster:
  namesrvs: 1
  groups: [ { name: broker-a, mode: classic, replicas: 1 } ]
  topics: [ { name: T, queues: 8 } ]
workload:
  producers: [ { group: p, instances: 1, rate: 5000, maxInFlight: 2, start: 5s, stop: 10s } ]
`,
      'trial.yaml',
    );
    if (!parsed.ok) throw new Error(parsed.errors.map(formatScenarioError).join('\n'));
    const r = runScenario(parsed.scenario);
    const g = r.sends.groups[0];
    expect(g?.offeredPerSecond).toBe(5000);
    expect(g?.acked).toBe(25_000);
    expect(g?.ackedPerSecond).toBeLessThan(0.9 * 5000);
    expect(g?.lastAckUs).toBeGreaterThan(sec(11));
    expect(renderMarkdown(r, { wallMs: 1, codeVersion: 'test' })).toMatch(
      /- p: acks went on \d+\.\d{3}s after sending stopped at 10\.000s/,
    );
  });
});
