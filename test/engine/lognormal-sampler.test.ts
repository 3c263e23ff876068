import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/engine/index.js';
import { LognormalSampler, lognormalSampler } from '../../sim/engine/lognormal-sampler.js';
import { normalQuantile } from '../../sim/engine/normal-quantile.js';
import { newtonLeastDraws } from './lognormal-newton-table.js';

/** Standard normal quantiles to 16 digits (p, z). */
const Z: readonly (readonly [number, number])[] = [
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.3, -0.5244005127080407],
  [0.5, 0],
  [0.9, 1.2815515655446004],
  [0.975, 1.959963984540054],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [1e-9, -5.997807015007686],
];

/** The quantiles the sampler's test compares. */
const CHECKED = [0.01, 0.5, 0.9, 0.99, 0.999];

describe('normalQuantile (AS 241)', () => {
  it('matches the standard normal quantiles to ~1e-15', () => {
    for (const [p, z] of Z)
      expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(z)));
  });

  it('is -Infinity at 0, Infinity at 1, and odd about 0.5', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [0.01, 0.2, 0.4]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
  });
});

/** Draws k / 2^32 spread over [0, 1), as alea's are, with both ends. */
function draws(n: number): number[] {
  const stream = new RandomStreams(11).stream('grid');
  return [0, 2 ** -32, 0.5, 1 - 2 ** -32, ...Array.from({ length: n }, () => stream.next())];
}

/** The sorted latencies of n draws of the stream "net" of seed 7. */
function sampled(s: LognormalSampler, n: number): Float64Array {
  const stream = new RandomStreams(7).stream('net');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s.sample(stream.next());
  return out.sort();
}

describe('LognormalSampler: lognormal(median, sigma) in integer us from one draw', () => {
  const cases: readonly (readonly [number, number])[] = [
    [250, 0.25], // the default LAN: the whole range in the table
    [300, 0.6], // streams.test's wider link: the table stops 2^-24 short of each end
    [50_000, 0.5], // too many integers for a table: every draw computed
  ];

  it('the table gives the very integer the inversion computes, for every kind of draw', () => {
    for (const [median, sigma] of cases) {
      const s = new LognormalSampler(median, sigma);
      for (const u of draws(100_000)) if (s.sample(u) !== s.exact(u)) expect([median, sigma, u]).toBe('equal');
    }
  });

  it('sampled p1, p50, p90, p99 and p99.9 match the lognormal within 0.75% (+ the rounding)', () => {
    const n = 1_000_000;
    for (const [median, sigma] of cases) {
      const got = sampled(lognormalSampler(median, sigma), n);
      for (const [p, z] of Z.filter(([p]) => CHECKED.includes(p))) {
        const want = median * Math.exp(sigma * z);
        const at = got[Math.floor(p * n)] ?? NaN;
        expect(Math.abs(at - want), `lognormal(${median}, ${sigma}) p${p * 100}: ${at} vs ${want}`).toBeLessThanOrEqual(
          0.0075 * want + 0.5,
        );
      }
    }
  });

  it('the table equals the Newton build bit for bit: the same integer on each side of every least draw', () => {
    const step = 2 ** -32;
    // (median, sigma, the tail the table leaves to x(u) on each side)
    const tables: readonly (readonly [number, number, number])[] = [
      [250, 0.25, 0],
      [300, 0.6, 2 ** -24],
      [1000, 0.1, 0],
      [40, 1, 2 ** -24],
      [3, 0.5, 0],
      [250, 0.02, 0],
    ];
    for (const [median, sigma, tail] of tables) {
      const s = new LognormalSampler(median, sigma);
      const first = s.exact(tail);
      const least = newtonLeastDraws(s, tail, 1 - tail, first, s.exact(1 - tail - step) - first + 1);
      // The Newton table's integer at u: first + the last j with least[j] <= u.
      const want = (u: number): number => first + least.findLastIndex((l) => l <= u);
      for (const l of least.slice(1))
        for (const u of [l - step, l]) if (s.sample(u) !== want(u)) expect([median, sigma, u]).toBe('equal');
    }
  });

  it('sigma 0 is the median every time; a draw of 0 is the least draw, never 0 us', () => {
    const flat = new LognormalSampler(250, 0);
    for (const u of draws(1000)) expect(flat.sample(u)).toBe(250);
    const s = new LognormalSampler(250, 0.25);
    expect(s.sample(0)).toBe(s.sample(2 ** -32));
    expect(s.sample(0)).toBeGreaterThan(40);
  });

  it('one sampler per (median, sigma)', () => {
    expect(lognormalSampler(250, 0.25)).toBe(lognormalSampler(250, 0.25));
    expect(lognormalSampler(250, 0.25)).not.toBe(lognormalSampler(250, 0.3));
  });
});
