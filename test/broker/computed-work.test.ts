// The broker's computed work (sim/broker/computed-work.ts): DLedger's flush
// rounds and the store's flush ticks draw fsync latencies from the host's one
// disk stream, so a catch-up runs them in time order, a DLedger round before a
// store tick of the same instant, whatever the instant the catch-up runs at.
import { describe, expect, it } from 'vitest';
import { catchUpComputed, type FlushRounds, type TickingStore } from '../../sim/broker/computed-work.js';
import type { StorePort } from '../../sim/broker/store/types.js';
import { hostDiskView } from '../support/disk-view.js';

/** A schedule of instants every intervalUs from firstUs, logging each one run. */
class Grid {
  constructor(
    private nextUs: number,
    private readonly intervalUs: number,
    private readonly name: string,
    private readonly log: string[],
  ) {}

  get due(): number {
    return this.nextUs;
  }

  run(): void {
    this.log.push(`${this.name}@${this.nextUs}`);
    this.nextUs += this.intervalUs;
  }
}

interface World {
  readonly store: TickingStore;
  readonly dledger: FlushRounds;
  readonly log: string[];
}

/** Store ticks every 500 us from 500, DLedger rounds every 10 us from 490 (so they meet every 500 us). */
function world(): World {
  const log: string[] = [];
  const ticks = new Grid(500, 500, 'store', log);
  const rounds = new Grid(490, 10, 'dledger', log);
  const store: TickingStore = {
    get nextTickUs() {
      return ticks.due;
    },
    runTicks: (_port, untilUs) => {
      while (ticks.due <= untilUs) ticks.run();
    },
  };
  const dledger: FlushRounds = {
    catchUp: (untilUs) => {
      while (rounds.due <= untilUs) rounds.run();
    },
  };
  return { store, dledger, log };
}

const at = (nowUs: number): StorePort => ({
  now: () => nowUs,
  setTimer: () => undefined,
  cancelTimer: () => undefined,
  disk: hostDiskView(),
});

/** DLedger rounds from `fromUs` to `toUs`, as logged. */
function rounds(fromUs: number, toUs: number): string[] {
  const out: string[] = [];
  for (let t = fromUs; t <= toUs; t += 10) out.push(`dledger@${t}`);
  return out;
}

describe('catchUpComputed', () => {
  it('runs DLedger rounds and store ticks in time order, the DLedger round first at a tie', () => {
    const w = world();
    catchUpComputed(at(1005), w.store, w.dledger);
    expect(w.log).toEqual([...rounds(490, 500), 'store@500', ...rounds(510, 1000), 'store@1000']);
  });

  it('catching up in two steps runs the same sequence as in one', () => {
    const once = world();
    catchUpComputed(at(2000), once.store, once.dledger);
    const twice = world();
    catchUpComputed(at(700), twice.store, twice.dledger);
    catchUpComputed(at(2000), twice.store, twice.dledger);
    expect(twice.log).toEqual(once.log);
    expect(once.log.filter((e) => e.startsWith('store'))).toEqual([
      'store@500',
      'store@1000',
      'store@1500',
      'store@2000',
    ]);
  });
});
