// The hold verb on a real cluster: a DLedger leader's links to its followers are held for 2 s
// (turmoil's hold/release). The appends wait in the network and arrive, in order, when the hold is
// released: no send fails, none is lost, the consumer sees every message in queue order, and no
// election happens. The same story with a partition drops the appends instead (the contrast proves
// the test looks at the network, not only at the verdicts).
import { describe, expect, it } from 'vitest';
import type { KernelEvent, TraceSink } from '../../sim/engine/index.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';
import { loadScenario } from '../../sim/scenario/load.js';
import type { RunResult } from '../../sim/scenario/result.js';
import { runScenario } from '../../sim/scenario/run.js';

// 50 s: at-least-once judges what was acknowledged more than 30 s before the end, the held sends included.
const story = (verb: 'hold' | 'partition', duration: string): string => `name: ${verb}-leader-followers
duration: ${duration}
seed: 7
cluster:
  namesrvs: 1
  groups: [ { name: broker-a, mode: dledger, replicas: 3 } ]
  topics: [ { name: T, queues: 2, order: true } ]
workload:
  producers: [ { group: p, rate: 20, ordered: true, keys: 4 } ]
  consumers: [ { group: c, orderly: true } ]
faults:
  - { at: 15s, do: ${verb}, target: leader-of:broker-a, peers: slaves-of:broker-a, for: 2s }
expectations:
  - raft-safety
  - no-acked-loss
  - at-least-once
  - order
  - { check: leader-changes, group: broker-a, max: 1 }
  - { check: availability, producers: p, minRatio: 1 }
`;

function run(verb: 'hold' | 'partition', duration: string): { r: RunResult; dropped: number; faults: string[] } {
  const loaded = loadScenario(`${verb}.yaml`, () => ({ ok: true, text: story(verb, duration) }));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  let dropped = 0;
  const faults: string[] = [];
  const sink: TraceSink<ClusterEvent> = {
    onKernel: (_t: number, e: KernelEvent) => {
      if (e.kind === 'drop' && (e.reason === 'partition' || e.reason === 'loss')) dropped++;
      if (e.kind === 'fault') faults.push(`${e.verb}: ${e.detail}`);
    },
  };
  return { r: runScenario(loaded.scenario, { sinks: [sink] }), dropped, faults };
}

describe('hold on a real cluster: a DLedger leader held from its followers for 2 s', () => {
  it('keeps every append and delivers it in order on release: no send fails, none is lost, no election', () => {
    const { r, dropped, faults } = run('hold', '50s');
    expect(r.expectations.map((e) => [e.name, e.ok])).toEqual(r.expectations.map((e) => [e.name, true]));
    expect(dropped).toBe(0);
    expect(faults[0]).toBe('hold: broker-a-0 | broker-a-1,broker-a-2');
    expect(Number(/\((\d+) held\)$/.exec(faults[1] ?? '')?.[1])).toBeGreaterThan(50);
    const p = r.sends.groups[0];
    expect(p?.failed).toBe(0);
    expect(p?.acked).toBe(p?.offered);
    // The sends of the held window waited for the release (about the hold's length), they did not fail.
    expect(r.sends.percentiles.find((q) => q.p === 99.9)?.us).toBeGreaterThan(1_000_000);
  });

  it('a partition of the same links drops the appends instead', () => {
    expect(run('partition', '20s').dropped).toBeGreaterThan(50);
  });
});
