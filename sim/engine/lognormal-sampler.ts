// A lognormal latency in integer microseconds from ONE uniform draw, by
// inversion: x(u) = max(1, round(median * exp(sigma * z(u)))), z the normal
// quantile (AS 241), which is lognormal(median, sigma) rounded, exactly in
// distribution. x is a step function of u, and the stream's draws are
// multiples of 2^-32 (seedrandom's alea), so the table below holds, for each
// integer x of the bulk, the least draw giving at least x: a draw then costs a
// guide lookup and a step or two instead of log, exp and sqrt, and gives the
// very integer x(u) would. Draws outside the table's range take x(u) itself.
// (It replaces Box-Muller: two draws, log, sqrt, cos and exp per message.)
// lognormal-least-draws.ts builds the table.
import { assert } from '../base/index.js';
import { DRAW_STEPS, drawQuantile, leastDraws, roundedLatency } from './lognormal-least-draws.js';

/** At most this many integers in a table: ~1,200 for the default LAN (median 250 us, sigma 0.25). */
const MAX_VALUES = 4096;
/**
 * The tail mass left to x(u) on each side, widest first: the table covers every draw when the
 * distribution's integers fit, else a narrower bulk (a wide lognormal).
 */
const TAILS = [0, 2 ** -24, 2 ** -16, 2 ** -12, 2 ** -8, 2 ** -5, 2 ** -3];

/** Samplers by (median, sigma): immutable, so one serves every simulation of the process. */
const built = new Map<string, LognormalSampler>();

/** The sampler of lognormal(medianUs, sigma), built on first use (~2 ms cold: the table's ~1,200 steps). */
export function lognormalSampler(medianUs: number, sigma: number): LognormalSampler {
  const key = `${String(medianUs)} ${String(sigma)}`;
  let s = built.get(key);
  if (s === undefined) {
    s = new LognormalSampler(medianUs, sigma);
    built.set(key, s);
  }
  return s;
}

export class LognormalSampler {
  /** Draws in [lo, hi) are read from the table; others take x(u). */
  private readonly lo: number = 0;
  private readonly hi: number = 0;
  /** The table's least integer: draws from least[j] up to least[j + 1] give first + j. */
  private readonly first: number = 0;
  /** least[j]: the least draw with x(u) >= first + j; Infinity after the last. */
  private readonly least: Float64Array = new Float64Array(1);
  /** guide[g]: the last j with least[j] <= g / guide.length, where a lookup starts. */
  private readonly guide: Int32Array = new Int32Array(1);

  constructor(
    readonly medianUs: number,
    readonly sigma: number,
  ) {
    assert(medianUs > 0 && sigma >= 0, `lognormal(${medianUs}, ${sigma}): median > 0 and sigma >= 0`);
    for (const tail of TAILS) {
      const [lo, hi] = [tail, 1 - tail];
      const first = this.exact(lo);
      const count = this.exact(hi - 1 / DRAW_STEPS) - first + 1;
      if (count > MAX_VALUES) continue;
      [this.lo, this.hi, this.first] = [lo, hi, first];
      const range = { from: Math.round(lo * DRAW_STEPS), to: Math.round(hi * DRAW_STEPS), first, count };
      this.least = leastDraws(medianUs, sigma, range);
      this.guide = guideFor(this.least, count);
      return;
    }
  }

  /** The latency for a uniform draw u in [0, 1), a multiple of 2^-32. */
  sample(u: number): number {
    if (u < this.lo || u >= this.hi) return this.exact(u);
    const least = this.least;
    let j = this.guide[(u * this.guide.length) | 0] as number;
    while ((least[j + 1] as number) <= u) j++;
    return this.first + j;
  }

  /** x(u) computed: the definition the table reproduces. */
  exact(u: number): number {
    return roundedLatency(this.medianUs, this.sigma, drawQuantile(u * DRAW_STEPS));
  }
}

/** A guide of about 2 slots per integer (a power of two), so a lookup steps once or twice on average. */
function guideFor(least: Float64Array, count: number): Int32Array {
  let size = 1;
  while (size < 2 * count) size *= 2;
  const guide = new Int32Array(size);
  let j = 0;
  for (let g = 0; g < size; g++) {
    while ((least[j + 1] as number) <= g / size) j++;
    guide[g] = j;
  }
  return guide;
}
