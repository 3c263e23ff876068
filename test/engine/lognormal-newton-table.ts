// The lognormal sampler's table as the first build computed it (Newton on the
// normal quantile from the previous integer's least draw, then a walk, then
// bisection), kept as the reference the Taylor-series scan must equal
// bit for bit. It reads x through the sampler's own exact(u).
import type { LognormalSampler } from '../../sim/engine/lognormal-sampler.js';
import { normalQuantile } from '../../sim/engine/normal-quantile.js';

const DRAW_STEPS = 0x1_0000_0000;
const NEWTON_ROUNDS = 4;
const MAX_WALK = 8;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The least draws of the integers first + 1 .. first + count - 1 over draws [lo, hi), as the Newton build found them. */
export function newtonLeastDraws(s: LognormalSampler, lo: number, hi: number, first: number, count: number): number[] {
  const least = [lo];
  let below = Math.round(lo * DRAW_STEPS);
  const to = Math.round(hi * DRAW_STEPS);
  const x = (k: number): number => s.exact(k / DRAW_STEPS);
  for (let v = first + 1; v < first + count; v++) {
    const z = Math.log((v - 0.5) / s.medianUs) / s.sigma;
    let u = below / DRAW_STEPS;
    for (let i = 0; i < NEWTON_ROUNDS; i++) {
      const q = normalQuantile(Math.max(u, 1 / DRAW_STEPS));
      u = Math.min(hi, Math.max(lo, u - (q - z) * Math.exp(-0.5 * q * q) * INV_SQRT_2PI));
    }
    let k = Math.ceil(u * DRAW_STEPS);
    if (!(k > below && k <= to)) k = below + 1;
    const step = walkFrom(x, v, k, below) ?? bisectFor(x, v, below, to);
    least.push(step / DRAW_STEPS);
    below = step - 1;
  }
  return least;
}

function walkFrom(x: (k: number) => number, v: number, start: number, below: number): number | undefined {
  let k = start;
  for (let walked = 0; walked < MAX_WALK; walked++) {
    if (x(k) < v) k++;
    else if (k - 1 > below && x(k - 1) >= v) k--;
    else return k;
  }
  return undefined;
}

function bisectFor(x: (k: number) => number, v: number, below: number, to: number): number {
  let [a, b] = [below, to];
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (x(mid) >= v) b = mid;
    else a = mid;
  }
  return b;
}
