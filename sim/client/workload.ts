// Workload generation for one producer instance: how many messages arrive by a
// given time (a constant rate, a linear ramp, a daily curve or periodic bursts,
// per instance) and which business key to put on each message. Pure functions
// of (spec, time, random stream); the producer node turns them into one timer.
// Arrivals are open-loop: they come at the configured rate whatever the
// broker answers. Keys are "k<n>" strings so an ordered topic maps each key to
// one queue.
import { assert, sec, US_PER_S, type Micros, type RandomStream } from '../engine/index.js';
import type { KeySpec, RateSpec } from './spec.js';

const DAY_US = sec(86_400);

/** Messages per second at `elapsedUs` after the producer group started. */
export function rateAt(rate: RateSpec, elapsedUs: Micros): number {
  switch (rate.kind) {
    case 'constant':
      return rate.perSecond;
    case 'ramp': {
      const f = rate.overUs <= 0 ? 1 : Math.min(1, Math.max(0, elapsedUs / rate.overUs));
      return rate.fromPerSecond + (rate.toPerSecond - rate.fromPerSecond) * f;
    }
    case 'daily': {
      const phase = (2 * Math.PI * (elapsedUs - rate.peakAtUs)) / DAY_US;
      return rate.minPerSecond + ((rate.maxPerSecond - rate.minPerSecond) * (1 + Math.cos(phase))) / 2;
    }
    case 'bursts': {
      const inPeriod = rate.everyUs <= 0 ? 0 : elapsedUs % rate.everyUs;
      return inPeriod >= rate.everyUs - rate.forUs ? rate.burstPerSecond : rate.basePerSecond;
    }
  }
}

/**
 * The arrival process of one instance. Arrival times are kept exactly (a
 * fractional microsecond clock, so 3 msg/s stays 3 msg/s); the producer
 * wakes once per tick that holds arrivals and starts all of them together:
 * one timer event per tick, not one per message. The tick is the client's
 * clock resolution (ClientConfig.workloadTickUs, 1 ms: Java timers and born
 * timestamps have millisecond resolution). The instances of a group are
 * independent processes, not one clock: instance i of n starts i/n of an
 * interval after it starts (the group's start, or its own later start), so n instances at the same rate do not
 * all send in the same microsecond (a lockstep burst that real producers on
 * separate machines never produce).
 */
export class Arrivals {
  /** The next candidate arrival time (absolute, fractional). */
  private nextUs: number;

  constructor(
    private readonly rate: RateSpec,
    private readonly startUs: Micros,
    private readonly stopUs: Micros | undefined,
    private readonly tickUs: Micros,
    nowUs: Micros,
    /** Where this instance's first arrival falls in the group's first interval, as a fraction in [0, 1). */
    phase = 0,
  ) {
    assert(tickUs >= 1, `workload: tick ${tickUs} us must be at least 1 us`);
    assert(phase >= 0 && phase < 1, `workload: phase ${phase} outside [0, 1)`);
    // The interval takeDue would step by at the first candidate: the rate there (not at the
    // group's start, which a restart is past), or 1 s while the rate is 0 (a ramp from 0), so
    // the instances stay apart on that grid too instead of all meeting when the rate rises.
    const first = Math.max(startUs, nowUs);
    const r = rateAt(rate, first - startUs);
    this.nextUs = first + (phase * US_PER_S) / (r > 0 ? r : 1);
  }

  private stopped(): boolean {
    return this.stopUs !== undefined && this.nextUs >= this.stopUs;
  }

  /** How many messages arrived by `nowUs` that were not counted yet. */
  takeDue(nowUs: Micros): number {
    let n = 0;
    while (this.nextUs <= nowUs && !this.stopped()) {
      const r = rateAt(this.rate, this.nextUs - this.startUs);
      assert(r >= 0 && Number.isFinite(r), `workload: bad rate ${r}`);
      if (r > 0) n++;
      this.nextUs += r > 0 ? US_PER_S / r : US_PER_S;
    }
    return n;
  }

  /** When to wake next: the first tick boundary at or after the next arrival; -1 once the workload stopped. */
  nextWakeUs(): Micros {
    if (this.stopped()) return -1;
    return Math.ceil(this.nextUs / this.tickUs) * this.tickUs;
  }
}

/** The index of the next message's business key ("k<index>"), -1 for none. */
export function nextKeyIndex(keys: KeySpec, rng: RandomStream): number {
  switch (keys.kind) {
    case 'none':
      return -1;
    case 'uniform':
      return rng.int(0, Math.max(1, keys.count) - 1);
    case 'hot': {
      const hot = Math.max(1, Math.min(keys.hotKeys, keys.count));
      if (rng.chance(keys.hotRatio)) return rng.int(0, hot - 1);
      return rng.int(0, Math.max(1, keys.count) - 1);
    }
  }
}

/** Key strings by index, each built once: a send per message would build (and the broker hash) a new string. */
const keyNames: string[] = [];

/** The key string of a key index ("k17"), '' for -1. */
export function keyName(index: number): string {
  if (index < 0) return '';
  let s = keyNames[index];
  if (s === undefined) {
    s = `k${index}`;
    keyNames[index] = s;
  }
  return s;
}

/** The business key of the next message, '' for none. */
export function nextKey(keys: KeySpec, rng: RandomStream): string {
  return keyName(nextKeyIndex(keys, rng));
}

/** Parses the index back out of a key ("k17" -> 17), -1 for none; the history stores keys as numbers. */
export function keyIndex(key: string): number {
  if (key.length < 2 || key.charCodeAt(0) !== 107) return -1;
  const n = Number(key.slice(1));
  return Number.isInteger(n) && n >= 0 ? n : -1;
}
