// The incident library (scenarios/incidents/): each story reproduces a real, public RocketMQ or DLedger
// issue. With its bug switch on (the behaviour before the fix) the named expectation fails; with every
// switch off (the fixed behaviour) the whole story holds.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import type { RunResult } from '../../sim/scenario/result.js';

interface Incident {
  readonly file: string;
  readonly issue: string;
  readonly bug: string;
  /** The checker that fails with the switch on. */
  readonly breaks: string;
  /** What the report must show with the switch on: the issue's symptom. */
  readonly symptom: RegExp;
}

const INCIDENTS: readonly Incident[] = [
  {
    file: 'offset-reset-after-power-loss',
    issue: 'apache/rocketmq#4215',
    bug: 'broker.overflow-corrects-to-min',
    breaks: 'duplicates',
    symptom: /offset rollback [1-9]/,
  },
  {
    file: 'dledger-restart-overwrites-master',
    issue: 'apache/rocketmq#1464',
    bug: 'broker.dledger-registers-id0-at-start',
    breaks: 'convergence',
    symptom: /replaced broker-a-1 in slot id=0/,
  },
  {
    file: 'duplicate-client-ids',
    issue: 'apache/rocketmq#1589',
    bug: 'client.shared-client-id',
    breaks: 'at-least-once',
    symptom: /never consumed by consumer/,
  },
  {
    file: 'preferred-leader-full-disk',
    issue: 'openmessaging/dledger#287',
    bug: 'raft.transfer-to-full-disk',
    breaks: 'availability',
    symptom: /leadership transfer to broker-a-0 in term 3: abort/,
  },
  {
    file: 'ha-trusts-slave-offset',
    issue: 'apache/rocketmq#3015',
    bug: 'broker.ha-trusts-slave-offset',
    breaks: 'ack-promise',
    symptom: /a SYNC_MASTER promised a slave had it and no slave did/,
  },
  {
    file: 'asymmetric-partition-reelections',
    issue: 'openmessaging/dledger#25',
    bug: 'raft.revote-next-term-despite-leader',
    breaks: 'leader-changes',
    symptom: /2 elections > 1 \(leader@term: broker-a-0@1, broker-a-1@2\)/,
  },
  {
    file: 'delay-offset-after-leader-change',
    issue: 'apache/rocketmq#1934',
    bug: 'broker.delay-offset-not-reloaded',
    breaks: 'duplicates',
    symptom: /duplicate consumptions > 60/,
  },
  {
    file: 'latency-fault-skews-queues',
    issue: 'apache/rocketmq#7779',
    bug: 'client.fault-pick-rewrites-route',
    breaks: 'send-spread',
    symptom: /queue broker-[ab]:\d took 0 of \d+ acked sends/, // which broker the fallback keeps follows the latency draws
  },
];

function run(file: string, bugs: readonly string[]): RunResult {
  const path = `scenarios/incidents/${file}.yaml`;
  const loaded = loadScenario(path, (p) => ({ ok: true, text: readFileSync(p, 'utf8') }));
  if (!loaded.ok) throw new Error(`${path} does not load`);
  return runScenario(loaded.scenario, { bugs });
}

/** Everything a reader of the report sees: verdict details, violations, notes and the timeline. */
function reportText(r: RunResult): string {
  const verdicts = r.expectations.flatMap((e) => [e.detail, ...e.notes, ...e.violations.map((v) => JSON.stringify(v))]);
  return [...verdicts, ...r.timeline.map((t) => t.text)].join('\n');
}

describe('incident stories (scenarios/incidents/)', () => {
  it('every file in scenarios/incidents/ is listed here, with the issue its opening comment cites', () => {
    const files = readdirSync('scenarios/incidents')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
    expect(files).toEqual(INCIDENTS.map((i) => i.file).sort());
    // Issue 14 part 1: at least eight real incidents as stories.
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const i of INCIDENTS) {
      const opening = readFileSync(`scenarios/incidents/${i.file}.yaml`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .join('\n');
      expect(opening).toContain(i.issue);
      expect(opening).toContain(i.bug);
    }
  });

  for (const i of INCIDENTS) {
    it(`${i.issue}: ${i.file} holds with the fix; with ${i.bug} ${i.breaks} fails and the report shows the symptom`, () => {
      const fixed = run(i.file, []);
      expect(fixed.expectations.filter((e) => !e.ok).map((e) => e.name)).toEqual([]);
      expect(reportText(fixed)).not.toMatch(i.symptom);
      const broken = run(i.file, [i.bug]);
      expect(broken.expectations.find((e) => e.checker === i.breaks)?.ok).toBe(false);
      expect(reportText(broken)).toMatch(i.symptom);
    });
  }
});
