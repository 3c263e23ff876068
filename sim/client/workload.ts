// Workload generation for one producer instance: when to send next (a constant
// rate or a linear ramp, per instance) and which business key to put on each
// message. Pure functions of (spec, time, random stream); the producer node
// turns them into timers. Keys are "k<n>" strings so an ordered topic maps each
// key to one queue.
import { assert, US_PER_S, type Micros, type RandomStream } from '../engine/index.js';
import type { KeySpec, RateSpec } from './spec.js';

/** Messages per second at `elapsedUs` after the producer group started. */
export function rateAt(rate: RateSpec, elapsedUs: Micros): number {
  switch (rate.kind) {
    case 'constant':
      return rate.perSecond;
    case 'ramp': {
      const f = rate.overUs <= 0 ? 1 : Math.min(1, Math.max(0, elapsedUs / rate.overUs));
      return rate.fromPerSecond + (rate.toPerSecond - rate.fromPerSecond) * f;
    }
  }
}

/** Gap until the next send; a rate of 0 waits a second and looks again (a ramp may start at 0). */
export function nextGapUs(rate: RateSpec, elapsedUs: Micros): Micros {
  const r = rateAt(rate, elapsedUs);
  assert(r >= 0 && Number.isFinite(r), `workload: bad rate ${r}`);
  if (r <= 0) return US_PER_S;
  return Math.max(1, Math.round(US_PER_S / r));
}

/** The business key of the next message, '' for none. */
export function nextKey(keys: KeySpec, rng: RandomStream): string {
  switch (keys.kind) {
    case 'none':
      return '';
    case 'uniform':
      return `k${rng.int(0, Math.max(1, keys.count) - 1)}`;
    case 'hot': {
      const hot = Math.max(1, Math.min(keys.hotKeys, keys.count));
      if (rng.bernoulli(keys.hotRatio)) return `k${rng.int(0, hot - 1)}`;
      return `k${rng.int(0, Math.max(1, keys.count) - 1)}`;
    }
  }
}

/** Parses the index back out of a key ("k17" -> 17), -1 for none; the history stores keys as numbers. */
export function keyIndex(key: string): number {
  if (key.length < 2 || key.charCodeAt(0) !== 107) return -1;
  const n = Number(key.slice(1));
  return Number.isInteger(n) && n >= 0 ? n : -1;
}
