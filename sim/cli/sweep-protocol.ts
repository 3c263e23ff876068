// Messages between `rmqsim sweep` and its worker threads, and the compact
// per-seed outcome both sides build.
import type { SeedOutcome, Shard } from '../report/index.js';
import type { RunResult } from '../scenario/index.js';

export type { SeedOutcome } from '../report/index.js';

export interface SweepWorkerData {
  readonly file: string;
  readonly bugs: readonly string[];
}

export type SweepRequest = { readonly kind: 'run'; readonly seed: number } | { readonly kind: 'stop' };

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

/** Parses "K/N" (0 <= K < N, K 0-based as Kubernetes' JOB_COMPLETION_INDEX); a string says what was wrong. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return `K/N with 0 <= K < N (K counts from 0, e.g. 0/4), found "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) return `K/N with 0 <= K < N (K counts from 0, e.g. 0/4), found "${text}"`;
  return { index, count };
}

/** The shard's share of the seed list: every count-th seed, starting at position index (balanced, deterministic). */
export function shardSeeds(seeds: readonly number[], shard: Shard): number[] {
  return seeds.filter((_, i) => i % shard.count === shard.index);
}
