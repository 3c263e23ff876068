// When DLedger's flush loop runs its rounds [DLedger DLedgerMmapFileStore
// FlushDataService: every flushFileInterval, fsync the log if it has
// unsynced data]. A round that only moves the durable index (the member acks
// before fsync, ackAfterFsync off: the default) acts on nothing outside its
// process: its fsync is polled (polled-fsync.ts) and the durable index is
// read by the next round. So its rounds are computed, not timed (issue 9;
// docs/architecture.md "Computed, not timed"): the schedule keeps the next
// round's instant and the process runs every round due, each at its own
// instant, when it next does anything or settles (before it stops, a power
// loss or a disk fault on its host, or the end of a run). The member writes
// its log only in its own handlers, after catching up, so a round computed
// late issues the fsync it would have issued then (polled-fsync.ts: agoUs).
// With ackAfterFsync a round's fsync completion commits entries and sends:
// the rounds are then a timer (T_FLUSH), as before.
import { T_FLUSH, type RaftTimer } from './timers.js';

/** What the schedule uses of the member's context. */
interface FlushClock {
  now(): number;
  hasTimer(name: RaftTimer): boolean;
  setTimer(name: RaftTimer, delayUs: number): void;
}

export class FlushSchedule {
  /** The next round on the process clock (ctx.now()), -1 while the loop sleeps; computed rounds only. */
  private dueUs = -1;

  constructor(
    private readonly intervalUs: number,
    /** The rounds are a timer (ackAfterFsync): see the file comment. */
    private readonly timed: boolean,
  ) {}

  /** The loop has work: a round comes flushIntervalUs after `fromUs` (the round that re-arms, or now), unless one is due already. */
  arm(ctx: FlushClock, fromUs: number = ctx.now()): void {
    if (this.timed) {
      if (!ctx.hasTimer(T_FLUSH)) ctx.setTimer(T_FLUSH, this.intervalUs);
    } else if (this.dueUs < 0) this.dueUs = fromUs + this.intervalUs;
  }

  /**
   * The next computed round due by `nowUs`, taken (its instant), or -1 when none is due. The caller runs
   * it and asks again (a round may re-arm): every handler asks, so no callback is allocated per call.
   */
  takeDue(nowUs: number): number {
    const at = this.dueUs;
    if (at < 0 || at > nowUs) return -1;
    this.dueUs = -1;
    return at;
  }

  /** After a pause: a round due while the process stood still runs at the resume, late, as its timer would fire. */
  resumed(nowUs: number): void {
    if (this.dueUs >= 0 && this.dueUs < nowUs) this.dueUs = nowUs;
  }

  /** The process clock moved by deltaUs (after settling): the interval is a duration, so the next round moves with it. */
  clockMoved(deltaUs: number): void {
    if (this.dueUs >= 0) this.dueUs += deltaUs;
  }
}
