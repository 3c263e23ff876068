import { describe, expect, it } from 'vitest';
import { ZH_FAULT_ACTIONS, zhExplainLineOrUndefined } from '../../sim/i18n/index.js';
import { toAction } from '../../sim/scenario/to-spec.js';
import { mixEntrySchema, scriptedFaultSchema } from '../../sim/scenario/schema.js';
import { FAULT_VERBS } from '../../sim/scenario/verbs.js';
import type { FaultVerb } from '../../sim/scenario/types.js';

/** Values for every verb-specific key any row may have; each verb takes the keys its shape names. */
const SAMPLE: Record<string, unknown> = {
  target: 'master-of:broker-a',
  peers: 'ns-1',
  extra: '50ms',
  loss: 0.1,
  factor: 4,
  skew: '2s',
};

function sampleFault(verb: FaultVerb, timing: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(FAULT_VERBS[verb].shape);
  return { do: verb, ...timing, ...Object.fromEntries(keys.filter((k) => k in SAMPLE).map((k) => [k, SAMPLE[k]])) };
}

describe('the fault verb table', () => {
  for (const row of Object.values(FAULT_VERBS)) {
    const verb = row.verb;
    it(`${verb}: the schema takes it, it becomes its own action, and it is told in English and Chinese`, () => {
      const scripted = scriptedFaultSchema.parse(sampleFault(verb, { at: '1s', for: '5s' }));
      const mix = mixEntrySchema.parse(sampleFault(verb, { chance: 0.5 }));
      const action = toAction(scripted);
      expect(action.verb).toBe(verb);
      expect(toAction(mix)).toEqual(action);
      const english = row.explain(action);
      const told = zhExplainLineOrUndefined(`  - at 1s, ${english}`);
      expect(told, english).toBeDefined();
      expect(told).not.toContain(english);
      expect(ZH_FAULT_ACTIONS[row.zh][0].test(english)).toBe(true);
    });
  }

  it('the scripted-fault and chaos-mix unions have one member per row, in table order', () => {
    const verbs = Object.keys(FAULT_VERBS);
    for (const schema of [scriptedFaultSchema, mixEntrySchema])
      expect([...schema.innerType().optionsMap.keys()]).toEqual(verbs);
  });

  it('rejects a key the verb does not have, naming the keys it has', () => {
    const r = scriptedFaultSchema.safeParse({ do: 'crash', at: '1s', target: 'ns-1', factor: 2 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('one of the keys do, at, for, target');
    const m = mixEntrySchema.safeParse({ do: 'latency', chance: 0.1, target: 'ns-1', extra: '5ms', skew: '1s' });
    expect(JSON.stringify(m.error?.issues)).toContain('one of the keys do, chance, for, target, peers, extra, jitter');
  });
});
