// Chinese coverage of real runs: every reason a decision of the flagship and
// of the DLedger partition story carries, and every verdict detail and note,
// has a Chinese rule (sim/i18n/zh-reasons.ts, zh-verdicts.ts); and the
// Chinese rendering never changes a trace hash (it is a second telling of
// the same events, outside the simulation).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Micros, NodeId, TraceSink } from '../../sim/engine/index.js';
import { zhDetailOrUndefined, zhReasonOrUndefined } from '../../sim/i18n/index.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

/** Collects the free-text reason fields of every event (the parts a Chinese rule must know). */
class ReasonCollector implements TraceSink<ClusterEvent> {
  readonly reasons = new Map<string, string>();
  onEvent(_t: Micros, _node: NodeId, e: ClusterEvent): void {
    // Its reason is a typed enum, told by the describer itself (sim/i18n/zh-events.ts).
    if (e.kind === 'ns.broker-removed') return;
    for (const field of ['reason', 'why', 'summary'] as const) {
      const v = (e as Partial<Record<typeof field, unknown>>)[field];
      if (typeof v === 'string') this.reasons.set(v, e.kind);
    }
  }
}

function run(file: string): { hash: string; reasons: Map<string, string>; details: string[] } {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const sink = new ReasonCollector();
  const r = runScenario(loaded.scenario, { sinks: [sink] });
  return { hash: r.traceHash, reasons: sink.reasons, details: r.expectations.flatMap((e) => [e.detail, ...e.notes]) };
}

describe('Chinese coverage of real runs', () => {
  for (const file of ['scenarios/production-ha.yaml', 'scenarios/dledger-leader-partition.yaml']) {
    it(`knows every decision reason and verdict of ${file}`, () => {
      const { reasons, details } = run(file);
      expect(reasons.size).toBeGreaterThan(5);
      const unknown = [...reasons]
        .filter(([reason]) => zhReasonOrUndefined(reason) === undefined)
        .map(
          ([reason, kind]) =>
            `${kind} reason "${reason}" has no Chinese rule: add one to RULES in sim/i18n/zh-reasons.ts`,
        );
      const untold = details
        .filter((d) => zhDetailOrUndefined(d) === undefined)
        .map((d) => `verdict "${d}" has no Chinese rule: add one to RULES in sim/i18n/zh-verdicts.ts`);
      expect([...unknown, ...untold]).toEqual([]);
    });
  }
});
