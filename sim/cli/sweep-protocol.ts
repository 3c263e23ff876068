// Messages between `rmqsim sweep` and its worker threads, and the compact
// per-seed outcome both sides build.
import type { SeedOutcome, Shard } from '../report/index.js';
import { parseSeed, type RunResult } from '../scenario/index.js';

/** The most seeds one sweep takes. */
const MAX_SEEDS = 1_000_000;

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
    seed: r.seed,
    ok: r.ok,
    traceHash: r.traceHash,
    wallMs: Math.round(wallMs),
    failed: r.expectations.filter((e) => !e.ok).map((e) => ({ name: e.name, detail: e.detail })),
  };
}

/** Parses "A..B" (inclusive), "N", or "A,B,C" into a list of seeds, each read as a scenario's seed: is; a string says what was wrong. */
export function parseSeeds(text: string): number[] | string {
  const ends = text.trim().split('..');
  if (ends.length === 2) {
    const [a, b] = ends.map((e) => parseSeed(e.trim()));
    if (typeof a === 'string' || a === undefined) return `A..B with A ${a ?? 'a seed'}`;
    if (typeof b === 'string' || b === undefined) return `A..B with B ${b ?? 'a seed'}`;
    if (b < a) return `an ascending range A..B (A <= B), found ${text}`;
    if (b - a >= MAX_SEEDS) return `at most ${MAX_SEEDS} seeds, found ${b - a + 1}`;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  if (ends.length > 2 || text.trim() === '') return `seeds as A..B (e.g. 1..50), N, or a comma list, found "${text}"`;
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const seed = parseSeed(part.trim());
    if (typeof seed === 'string') return `seeds as A..B (e.g. 1..50), N, or a comma list, each ${seed}`;
    seeds.push(seed);
  }
  return seeds;
}

/** Parses "K/N" (0 <= K < N, K 0-based as Kubernetes' JOB_COMPLETION_INDEX); a string says what was wrong. */
export function parseShard(text: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return `K/N with 0 <= K < N (K counts from 0, e.g. 0/4), found "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count || !Number.isSafeInteger(count))
    return `K/N with 0 <= K < N (K counts from 0, e.g. 0/4), found "${text}"`;
  return { index, count };
}

/** A shard of no seed is a mistake (N above the seed count), not a passing sweep: what to say, or undefined. */
export function emptyShardProblem(seeds: readonly number[], shard: Shard, seedsText: string): string | undefined {
  if (shard.count <= seeds.length) return undefined;
  return `K/N with N at most ${seeds.length} (the number of seeds in ${seedsText}), so that every shard runs a seed, found "${shard.index}/${shard.count}"`;
}

/** The shard's share of the seed list: every count-th seed, starting at position index (balanced, deterministic). */
export function shardSeeds(seeds: readonly number[], shard: Shard): number[] {
  return seeds.filter((_, i) => i % shard.count === shard.index);
}
