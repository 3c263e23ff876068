// Seeded randomness. One root seed; every consumer draws from its own named
// stream ("node:ns-1", "faults", one "net" stream per link, one "disk" stream
// per host), seeded from (root, name) alone, so a new stream or an extra draw
// in one place never shifts the draws of another (the way TigerBeetle's VOPR
// derives sub-seeds). seedrandom's alea is used
// because it is ~6x faster per draw than the default ARC4 (engine-performance.md).
import seedrandom from 'seedrandom';
import { assert, fail } from '../base/index.js';

export type Seed = number | string;

/**
 * A probability as an integer count per million (0 never .. 1_000_000 always). Floats stop at
 * the YAML edge: a scenario's ratios become per-million once, when it loads (toPerMillion), and
 * the kernel, the fault injector and the clients compare integers (RandomStream.chance), as
 * TigerBeetle's PRNG takes its ratios as integers.
 */
export type PerMillion = number & { readonly __unit: 'per-million' };
export const PER_MILLION = 1_000_000;

/** The probability p in [0, 1] as per-million, rounded to the nearest: the one float -> integer step. */
export function toPerMillion(p: number): PerMillion {
  assert(p >= 0 && p <= 1, `probability ${p} outside [0, 1]`);
  return Math.round(p * PER_MILLION) as PerMillion;
}

/** A per-million as a percentage with one decimal, e.g. "12.5%" (explanations). */
export const percentText = (ppm: PerMillion): string => `${(ppm / 10_000).toFixed(1)}%`;

export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(
    readonly name: string,
    rootSeed: Seed,
  ) {
    this.prng = seedrandom.alea(`${String(rootSeed)}\u0000${name}`);
  }

  /** Uniform float in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    if (hi < lo) fail(`rng.int: empty range [${lo}, ${hi}]`); // hot path: no message string unless failing
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }

  /**
   * True with probability ppm / 10^6, decided on integers: one 32-bit draw u, true when
   * u * 10^6 < ppm * 2^32 (both products exact, below 2^53). 0 is never true, 10^6 always.
   */
  chance(ppm: PerMillion): boolean {
    return (this.prng.int32() >>> 0) * PER_MILLION < ppm * 0x1_0000_0000;
  }

  /** Exponentially distributed integer with the given mean, rounded at once (style.md #7). */
  exponential(mean: number): number {
    return Math.round(-mean * Math.log(1 - this.prng()));
  }

  /** One element chosen uniformly. */
  choice<T>(items: readonly T[]): T {
    assert(items.length > 0, 'rng.choice: empty list');
    const item = items[Math.floor(this.prng() * items.length)];
    assert(item !== undefined, 'rng.choice: index out of range');
    return item;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

/** Hands out named streams derived from one root seed; each name maps to one stream. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly rootSeed: Seed) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(name, this.rootSeed);
      this.streams.set(name, s);
    }
    return s;
  }

  /**
   * The stream of one member of a family: "net" per link (parts: the two endpoints' names, in
   * direction order), "disk" per host (part: the host id). Its seed is the stable string hash
   * (alea's Mash) of (root seed, family, parts), so adding a node, a link or a host never shifts
   * the draws of another. Built once per member: callers cache the stream, never the name per draw.
   */
  member(family: string, ...parts: readonly string[]): RandomStream {
    for (const p of parts) assert(!p.includes(SEP), `random stream ${family}: a part holds a NUL`);
    return this.stream([family, ...parts].join(SEP));
  }
}

/** Separates a stream family from its parts in the seed string (no node or host name holds it). */
const SEP = '\u0000';
