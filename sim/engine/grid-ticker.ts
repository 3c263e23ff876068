// A periodic service that sleeps while it has nothing to do (issue 9 item 5).
// Real services (a flush thread waking every 500 ms, a persist task every
// 5 s) tick on a fixed grid: the first tick one interval after start, then
// every interval. A tick that would find nothing to do changes nothing, so
// the ticker is not scheduled at all while the service is idle; when work
// appears it re-arms at the next grid tick, exactly when the service would
// have noticed it. Services that keep per-tick state (e.g. "a thorough flush
// every 10 s") replay the ticks they slept through with `everyTickSince`.
import type { Micros } from './time.js';

/** The slice of a node's context a ticker needs (NodeContext and the store's port both fit). */
export interface TickerClock<T extends string = string> {
  now(): Micros;
  setTimer(name: T, delayUs: Micros): void;
}

/** T: the timer name's type, so a node's ticker arms only names its context accepts. */
export class GridTicker<T extends string = string> {
  private originUs = 0;
  /** Time of the tick after which the service went to sleep; -1 while ticking. */
  private sleptAtUs = -1;

  constructor(
    readonly timer: T,
    readonly intervalUs: Micros,
  ) {}

  /** Starts ticking: the first tick comes one interval from now. */
  start(clock: TickerClock<T>): void {
    this.originUs = clock.now();
    this.sleptAtUs = -1;
    clock.setTimer(this.timer, this.intervalUs);
  }

  get asleep(): boolean {
    return this.sleptAtUs >= 0;
  }

  /** Call at the end of each tick: keep ticking while `busy`, else sleep until wake(). */
  next(clock: TickerClock<T>, busy: boolean): void {
    if (busy) clock.setTimer(this.timer, this.intervalUs);
    else this.sleptAtUs = clock.now();
  }

  /**
   * Work appeared: if asleep, re-arms at the first grid tick after now and
   * returns the time of the tick it went to sleep at (the ticks it slept
   * through are those after it, up to and including now); -1 when awake.
   */
  wake(clock: TickerClock<T>): Micros {
    if (this.sleptAtUs < 0) return -1;
    const slept = this.sleptAtUs;
    this.sleptAtUs = -1;
    const now = clock.now();
    const next = this.firstTickAtOrAfter(now + 1);
    clock.setTimer(this.timer, next - now);
    return slept;
  }

  /**
   * Replays the per-tick rule "a tick at or after last + everyUs sets last to
   * the tick" over the ticks in (fromUs, toUs]; returns the final `last`.
   */
  everyTickSince(lastUs: Micros, everyUs: Micros, fromUs: Micros, toUs: Micros): Micros {
    let last = lastUs;
    for (;;) {
      const due = this.firstTickAtOrAfter(Math.max(last + everyUs, fromUs + 1));
      if (due > toUs) return last;
      last = due;
    }
  }

  private firstTickAtOrAfter(t: Micros): Micros {
    const k = Math.max(1, Math.ceil((t - this.originUs) / this.intervalUs));
    return this.originUs + k * this.intervalUs;
  }
}
