// The raw scenario document that `rmqsim shrink` edits: the YAML file as
// plain data (before validation), with small typed accessors. Every edit
// makes a new document; each candidate is validated like a scenario file
// before it runs, so an edit that breaks a cross-reference is just a
// candidate that does not load.
import { formatDuration, parseDuration, type Micros } from '../engine/index.js';

export type Doc = Readonly<Record<string, unknown>>;
export type Entry = Readonly<Record<string, unknown>>;

export const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);

export function entries(v: unknown): Entry[] {
  return Array.isArray(v) ? v.filter(isEntry) : [];
}

export function child(doc: Doc, key: string): Entry {
  const v = doc[key];
  return isEntry(v) ? v : {};
}

/** A duration field in microseconds (strings such as "30s", or 0). */
export function micros(v: unknown): Micros | undefined {
  if (v === 0) return 0;
  if (typeof v !== 'string') return undefined;
  try {
    return parseDuration(v);
  } catch {
    return undefined;
  }
}

/** Microseconds as a duration string the schema reads back ("1m30s", "250ms"). */
export const durationText = (us: Micros): string | 0 => (us <= 0 ? 0 : formatDuration(us));

export const faultsOf = (doc: Doc): Entry[] => entries(doc['faults']);
export const withFaults = (doc: Doc, faults: readonly Entry[]): Doc => ({ ...doc, faults: [...faults] });

export const clusterOf = (doc: Doc): Entry => child(doc, 'cluster');
export const withCluster = (doc: Doc, patch: Entry): Doc => ({ ...doc, cluster: { ...clusterOf(doc), ...patch } });

export const workloadOf = (doc: Doc): Entry => child(doc, 'workload');
export const withWorkload = (doc: Doc, patch: Entry): Doc => ({ ...doc, workload: { ...workloadOf(doc), ...patch } });
