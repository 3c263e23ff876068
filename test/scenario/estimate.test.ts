// The large-run estimate against docs/performance.md's measurements of the bench cases: at or above
// each measured figure (it warns before a run that would run out of memory), and not far above it
// (a warning that cries wolf at twice the truth is ignored).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateLoad } from '../../sim/scenario/estimate.js';
import { loadScenario } from '../../sim/scenario/load.js';

const MIB = 1024 ** 2;
const read = (p: string): { ok: true; text: string } => ({ ok: true, text: readFileSync(p, 'utf8') });

/** docs/performance.md: events and peak RSS of one run of each case. */
const MEASURED = [
  { file: 'bench/cases/reference-hour.yaml', events: 35_931_130, peakBytes: 686 * MIB },
  { file: 'bench/cases/headline-100k.yaml', events: 8.87 * 12.0e6, peakBytes: 1_801 * MIB },
] as const;

describe('estimateLoad against the measured bench cases', () => {
  for (const m of MEASURED) {
    it(`${m.file}: events and peak memory at or above the measured, within 1.5x`, () => {
      const loaded = loadScenario(m.file, read);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) return;
      const e = estimateLoad(loaded.scenario);
      expect(e.events).toBeGreaterThanOrEqual(m.events);
      expect(e.events).toBeLessThan(1.5 * m.events);
      expect(e.bytes).toBeGreaterThanOrEqual(m.peakBytes);
      expect(e.bytes).toBeLessThan(1.5 * m.peakBytes);
    });
  }
});
