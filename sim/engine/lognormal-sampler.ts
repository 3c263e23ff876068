// A lognormal latency in integer microseconds from ONE uniform draw, by
// inversion: x(u) = max(1, round(median * exp(sigma * z(u)))), z the normal
// quantile (AS 241), which is lognormal(median, sigma) rounded, exactly in
// distribution. x is a step function of u, and the stream's draws are
// multiples of 2^-32 (seedrandom's alea), so the table below holds, for each
// integer x of the bulk, the least draw giving at least x: a draw then costs a
// guide lookup and a step or two instead of log, exp and sqrt, and gives the
// very integer x(u) would. Draws outside the table's range take x(u) itself.
// (It replaces Box-Muller: two draws, log, sqrt, cos and exp per message.)
import { assert } from '../base/index.js';
import { normalQuantile } from './normal-quantile.js';

/** The resolution of a draw: alea's outputs are k * 2^-32. */
const DRAW_STEPS = 0x1_0000_0000;
/** At most this many integers in a table: ~1,200 for the default LAN (median 250 us, sigma 0.25). */
const MAX_VALUES = 4096;
/** Newton rounds from the last least draw, and steps walked after them before bisecting instead. */
const NEWTON_ROUNDS = 4;
const MAX_WALK = 8;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/**
 * The tail mass left to x(u) on each side, widest first: the table covers every draw when the
 * distribution's integers fit, else a narrower bulk (a wide lognormal).
 */
const TAILS = [0, 2 ** -24, 2 ** -16, 2 ** -12, 2 ** -8, 2 ** -5, 2 ** -3];

/** Samplers by (median, sigma): immutable, so one serves every simulation of the process. */
const built = new Map<string, LognormalSampler>();

/** The sampler of lognormal(medianUs, sigma), built on first use (a few ms: the table's ~1,000 steps). */
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
      this.least = this.leastDraws(count);
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
    return Math.max(1, Math.round(this.unrounded(u * DRAW_STEPS)));
  }

  /** least[j] for j < count (x is non-decreasing in u), then Infinity. */
  private leastDraws(count: number): Float64Array {
    const least = new Float64Array(count + 1);
    let below = Math.round(this.lo * DRAW_STEPS); // x(below) < first + j
    const to = Math.round(this.hi * DRAW_STEPS);
    least[0] = this.lo;
    for (let j = 1; j < count; j++) {
      const step = this.leastStep(this.first + j, below, to);
      least[j] = step / DRAW_STEPS;
      below = step - 1; // several integers can start at one step (the far tail)
    }
    least[count] = Infinity;
    return least;
  }

  /**
   * The least step k in (below, to] with x(k / 2^32) >= v, given x(below) < v <= x(to): Newton's
   * method on the quantile finds the draw where the unrounded latency is v - 0.5 (x rounds half
   * up), then x itself settles the step, checked on both sides; bisection if Newton strays.
   */
  private leastStep(v: number, below: number, to: number): number {
    const z = Math.log((v - 0.5) / this.medianUs) / this.sigma;
    let u = below / DRAW_STEPS;
    for (let i = 0; i < NEWTON_ROUNDS; i++) {
      const q = normalQuantile(Math.max(u, 1 / DRAW_STEPS));
      u = Math.min(this.hi, Math.max(this.lo, u - (q - z) * Math.exp(-0.5 * q * q) * INV_SQRT_2PI));
    }
    let k = Math.ceil(u * DRAW_STEPS);
    if (!(k > below && k <= to)) k = below + 1; // NaN too: Newton met the far tail's 0 * Infinity
    for (let walked = 0; walked < MAX_WALK; walked++) {
      if (this.exact(k / DRAW_STEPS) < v) k++;
      else if (k - 1 > below && this.exact((k - 1) / DRAW_STEPS) >= v) k--;
      else return k;
    }
    let [a, b] = [below, to];
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (this.exact(mid / DRAW_STEPS) >= v) b = mid;
      else a = mid;
    }
    return b;
  }

  /** The latency of step k before rounding. */
  private unrounded(k: number): number {
    // NB: a draw of 0 counts as the least non-zero draw (the quantile of 0 is -Infinity).
    return this.medianUs * Math.exp(this.sigma * normalQuantile(Math.max(k, 1) / DRAW_STEPS));
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
