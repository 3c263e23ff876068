// The faults of a run as they were injected, and when each one ended: one rule for every judge that
// reads them (availability's outages, the causes of an election).
import type { Micros } from '../engine/index.js';

/** A fault as it was injected (the scenario's fault records; the chaos heal phase stands in its place as a heal). */
export interface InjectedFault {
  readonly startUs: Micros;
  /** Undefined when it was never undone by itself (a later heal, or the end of the run, ends it). */
  readonly endUs: Micros | undefined;
  readonly verb: string;
  readonly nodes: readonly string[];
  readonly peers: readonly string[];
  /** The clock offset a clock-skew set on its nodes (a jump of that much from a true clock); absent for other verbs. */
  readonly skewUs?: Micros;
}

/** Faults that cut their target off from its peers: what is sent is dropped, or waits in the network (a hold). */
export const CUT_VERBS: ReadonlySet<string> = new Set(['partition', 'partition-one-way', 'hold']);

/** What a heal undoes (FaultApplier.healAll): every partition, latency and packet fault, and every hold. */
const HEALED: ReadonlySet<string> = new Set([...CUT_VERBS, 'latency', 'packet-loss']);

/**
 * When the fault at `index` ended: its own undo (its `for`, or the chaos mix ending it), or the first heal
 * applied after it when a heal undoes its kind, whichever came first; else the end of the run.
 */
export function faultEndUs(faults: readonly InjectedFault[], index: number, endUs: Micros): Micros {
  const f = faults[index];
  if (f === undefined) return endUs;
  const healed = HEALED.has(f.verb) ? faults.slice(index + 1).find((h) => h.verb === 'heal')?.startUs : undefined;
  return Math.min(f.endUs ?? endUs, healed ?? endUs, endUs);
}
