// Messages between `rmqsim sweep` and its worker threads, and the compact
// per-seed outcome both sides build.
import type { RunResult } from '../scenario/index.js';

export interface SweepWorkerData {
  readonly file: string;
  readonly bugs: readonly string[];
}

export type SweepRequest = { readonly kind: 'run'; readonly seed: number } | { readonly kind: 'stop' };

export interface SeedOutcome {
  readonly seed: number;
  readonly ok: boolean;
  readonly traceHash: string;
  readonly wallMs: number;
  /** Broken expectations: name and detail. */
  readonly failed: readonly { readonly name: string; readonly detail: string }[];
  /** Set when the simulator itself threw (a bug in rmqsim). */
  readonly error?: string;
}

export interface SweepResponse {
  readonly kind: 'done';
  readonly outcome: SeedOutcome;
  /** The full result of a failing seed, for its report. */
  readonly result?: RunResult;
}

export function outcomeOf(r: RunResult, wallMs: number): SeedOutcome {
  return {
    seed: r.seed, ok: r.ok, traceHash: r.traceHash, wallMs: Math.round(wallMs),
    failed: r.expectations.filter((e) => !e.ok).map((e) => ({ name: e.name, detail: e.detail })),
  };
}

/** Parses "A..B" (inclusive), "N", or "A,B,C" into a list of seeds; a string says what was wrong. */
export function parseSeeds(text: string): number[] | string {
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (range !== null) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a) return `an ascending range, found ${text}`;
    if (b - a >= 1_000_000) return `at most 1000000 seeds, found ${b - a + 1}`;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => /^\d+$/.test(p))) return parts.map(Number);
  return `seeds as A..B (e.g. 1..50), N, or a comma list, found "${text}"`;
}
