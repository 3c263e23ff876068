// A GridTicker whose ticks are computed, not timed (issue 9; docs/architecture.md
// "Computed, not timed"). A periodic service whose tick acts on nothing outside
// its process (it fsyncs with a polled completion, and what it reads is changed
// only by the process's own handlers) need not be an event: the ticker keeps the
// next tick's instant and the process runs every tick due, each at its own
// instant, first in each of its handlers and when it settles (before it stops,
// a power loss or a disk fault on its host, or the end of a run). The grid, the
// sleep while idle and the wake on work are GridTicker's, driven through a clock
// that reads the tick's instant and records the re-arm instead of a timer.
import { GridTicker, type TickerClock } from './grid-ticker.js';
import type { Micros } from './time.js';

export class ComputedTicker {
  private readonly grid: GridTicker;
  /** The instant the grid reads as now: the tick being run, or the handler's now. */
  private atUs: Micros = 0;
  /** The next tick on the process clock (ctx.now()); -1 while asleep or stopped. */
  private nextUs: Micros = -1;
  private readonly clock: TickerClock = {
    now: () => this.atUs,
    setTimer: (_name: string, delayUs: Micros) => {
      this.nextUs = this.atUs + delayUs;
    },
  };

  constructor(readonly intervalUs: Micros) {
    this.grid = new GridTicker('computed', intervalUs);
  }

  /** The next tick's instant, -1 when none is due (asleep, or never started). */
  get dueUs(): Micros {
    return this.nextUs;
  }

  /** Starts ticking at nowUs: the first tick comes one interval later. */
  start(nowUs: Micros): void {
    this.atUs = nowUs;
    this.grid.start(this.clock);
  }

  /** After the tick at atUs ran: the next one an interval later while `busy`, else asleep until wake. */
  next(atUs: Micros, busy: boolean): void {
    this.nextUs = -1;
    this.atUs = atUs;
    this.grid.next(this.clock, busy);
  }

  /** Work appeared at nowUs (GridTicker.wake): returns the tick it went to sleep at, -1 when awake. */
  wake(nowUs: Micros): Micros {
    this.atUs = nowUs;
    return this.grid.wake(this.clock);
  }

  /** GridTicker.everyTickSince over this ticker's grid. */
  everyTickSince(lastUs: Micros, everyUs: Micros, fromUs: Micros, toUs: Micros): Micros {
    return this.grid.everyTickSince(lastUs, everyUs, fromUs, toUs);
  }

  /** After a pause: a tick due while the process stood still runs at the resume, late, as its timer would fire. */
  resumed(nowUs: Micros): void {
    if (this.nextUs >= 0 && this.nextUs < nowUs) this.nextUs = nowUs;
  }

  /** The process clock moved by deltaUs (a timer's delay is a duration, so its instant moves with the clock). */
  clockMoved(deltaUs: Micros): void {
    if (this.nextUs >= 0) this.nextUs += deltaUs;
  }
}
