// The lognormal sampler's table: for each integer v of the bulk, the least draw
// step k (draw k / 2^32) with x(k) >= v, where x(k) = max(1, round(median *
// exp(sigma * z(k / 2^32)))). x is non-decreasing in k, so the answer is the
// one step with x(k - 1) < v <= x(k), whatever the search; the search only
// sets the cost. Each integer's step is predicted from the previous one's,
// whose quantile is already known, by the normal CDF's Taylor series up to the
// quantile where the unrounded latency is v - 0.5 (x rounds half up), then two
// evaluations of x confirm it (a step or two walked when not; bisection if the
// walk strays). About 2 evaluations per integer, where Newton on the quantile
// from the previous step took 4 rounds before the same confirmation.
import { normalQuantile } from './normal-quantile.js';

/** The resolution of a draw: alea's outputs are k * 2^-32. */
export const DRAW_STEPS = 0x1_0000_0000;
/** Steps walked from the prediction before bisecting instead. */
const MAX_WALK = 8;
/** The prediction's accuracy, in draws: far below one step, so it lands on the step. */
const PREDICTION_TOLERANCE = 2 ** -10 / DRAW_STEPS;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** A bound on the series' terms: ~6 do for a table step (h ~ 0.01-0.5). */
const MAX_TERMS = 64;

/** The quantile of draw step k. NB: a draw of 0 counts as the least non-zero draw (z(0) is -Infinity). */
export function drawQuantile(k: number): number {
  return normalQuantile(Math.max(k, 1) / DRAW_STEPS);
}

/** x for a draw whose quantile is z: the definition the table reproduces. */
export function roundedLatency(medianUs: number, sigma: number, z: number): number {
  return Math.max(1, Math.round(medianUs * Math.exp(sigma * z)));
}

/** The bulk a table covers: draws from step `from` to step `to`, whose integers are first to first + count - 1. */
export interface TableRange {
  readonly from: number;
  readonly to: number;
  readonly first: number;
  readonly count: number;
}

/** least[j] = the least draw with x >= first + j, for j < count (least[0] = from's draw), then Infinity. */
export function leastDraws(medianUs: number, sigma: number, range: TableRange): Float64Array {
  const least = new Float64Array(range.count + 1);
  const scan = new LeastStepScan(medianUs, sigma, range);
  least[0] = range.from / DRAW_STEPS;
  for (let j = 1; j < range.count; j++) least[j] = scan.next(range.first + j) / DRAW_STEPS;
  least[range.count] = Infinity;
  return least;
}

/** The integers' least steps in increasing order, each search starting from the last one's step. */
class LeastStepScan {
  /** x(below) < v for the next v: several integers can start at one step (the far tail). */
  private below: number;
  /** The last least step found, and its quantile: where the next prediction starts. */
  private step: number;
  private z: number;

  constructor(
    private readonly medianUs: number,
    private readonly sigma: number,
    private readonly range: TableRange,
  ) {
    this.below = range.from;
    this.step = range.from;
    this.z = drawQuantile(range.from);
  }

  /** The least step k in (below, to] with x(k) >= v, given x(below) < v <= x(to). */
  next(v: number): number {
    const target = Math.log((v - 0.5) / this.medianUs) / this.sigma;
    const from = Math.max(this.step, 1); // the draw whose quantile this.z is
    let k = Math.ceil(from + normalCdfStep(this.z, target - this.z, PREDICTION_TOLERANCE) * DRAW_STEPS);
    if (!(k > this.below && k <= this.range.to)) k = this.below + 1; // NaN too: the series met Infinity
    k = this.walk(v, k) ?? this.bisect(v);
    this.below = k - 1;
    return k;
  }

  /** The step from k by single steps (this.z set to its quantile), or undefined after MAX_WALK of them. */
  private walk(v: number, start: number): number | undefined {
    // Plain assignments, no destructuring: this runs cold, where a destructuring costs an iterator.
    let k = start;
    let z = drawQuantile(k);
    for (let walked = 0; walked < MAX_WALK; walked++) {
      if (this.latency(z) < v) {
        k++;
        z = drawQuantile(k);
        continue;
      }
      const atBelow = k - 1 <= this.below;
      const zBefore = atBelow ? z : drawQuantile(k - 1);
      if (atBelow || this.latency(zBefore) < v) {
        this.step = k;
        this.z = z;
        return k;
      }
      k--;
      z = zBefore;
    }
    return undefined;
  }

  /** The step by bisection on (below, to] (this.z set to its quantile). */
  private bisect(v: number): number {
    let [a, b] = [this.below, this.range.to];
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (this.latency(drawQuantile(mid)) >= v) b = mid;
      else a = mid;
    }
    this.step = b;
    this.z = drawQuantile(b);
    return b;
  }

  private latency(z: number): number {
    return roundedLatency(this.medianUs, this.sigma, z);
  }
}

/**
 * Phi(q + h) - Phi(q), to about `tolerance`, by Phi's Taylor series about q: its n-th derivative is
 * (-1)^(n-1) He_(n-1)(q) phi(q), He the probabilists' Hermite polynomials (He_(n+1) = q He_n -
 * n He_(n-1)). The series is entire, so it converges for any h, in a few terms when h and q h are
 * small: the build needs no CDF of its own. (A stray result only costs the walk a few steps.)
 */
function normalCdfStep(q: number, h: number, tolerance: number): number {
  const density = Math.exp(-0.5 * q * q) * INV_SQRT_2PI;
  const small = tolerance / density;
  let older = 0; // He_(n-2), from He_(-1) = 0
  let he = 1; // He_(n-1), from He_0 = 1
  let power = 1; // h^n / n!
  let sum = 0;
  let quiet = 0; // terms in a row below `small`: one alone may be a root of He_(n-1)
  for (let n = 1; n <= MAX_TERMS && quiet < 2; n++) {
    power *= h / n;
    const term = n % 2 === 1 ? he * power : -he * power;
    sum += term;
    quiet = Math.abs(term) < small ? quiet + 1 : 0;
    const next = q * he - (n - 1) * older;
    older = he;
    he = next;
  }
  return sum * density;
}
