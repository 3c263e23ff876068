// What at-least-once could not judge: messages acknowledged in the last `graceUs`
// of the run that no listener had consumed successfully by its end. A consumer
// pulls within seconds (model §5: a held pull answers on arrival), so a message
// that young may be on its way; one already consumed is judged whatever its age.
// The verdict says how many were judged and how many were not, and it is no
// PASS (a partial verdict, not judged) when the unjudged are most of the acked
// messages, or when the group lags so far that the grace no longer covers it:
// the oldest message it has not even started consuming (no listener call: still
// in the broker or a process queue) was acked more than half the grace before
// the end. A failed delivery waiting for its retry (delay level 3+, 10 s and
// more) is reached, not lagging, so it does not count towards the lag.
import { formatDuration, formatTime, type Micros } from '../engine/index.js';

export class GraceTail {
  /** Acknowledged messages of the group's topics. */
  acked = 0;
  /** Of those, consumed successfully (the rest are judged lost, allowed, or not judged). */
  consumed = 0;
  /** Acked in the grace window and not consumed successfully by the end. */
  notJudged = 0;
  /** Ack time of the oldest unjudged message no listener was ever called with; Infinity when none. */
  private oldestUnreachedUs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly group: string,
    private readonly graceUs: Micros,
  ) {}

  get judged(): number {
    return this.acked - this.notJudged;
  }

  /** One unjudged message, acked at `ackUs`; `reached` when its group's listener was called with it. */
  add(ackUs: Micros, reached: boolean): void {
    this.notJudged++;
    if (!reached && ackUs < this.oldestUnreachedUs) this.oldestUnreachedUs = ackUs;
  }

  /** How long before the end the oldest message the group has not reached was acked; 0 when none. */
  lagAtEndUs(endUs: Micros): Micros {
    return this.oldestUnreachedUs === Number.POSITIVE_INFINITY ? 0 : endUs - this.oldestUnreachedUs;
  }

  figures(endUs: Micros): Record<string, number> {
    const g = this.group;
    return {
      [`${g}.acked`]: this.acked,
      [`${g}.judged`]: this.judged,
      [`${g}.notJudged`]: this.notJudged,
      [`${g}.lagAtEndUs`]: this.lagAtEndUs(endUs),
    };
  }

  /** Why the group's part of the verdict is partial (not a PASS), or undefined when what was judged stands for the run. */
  partial(endUs: Micros): string | undefined {
    if (this.notJudged > this.judged) return 'most of them';
    const lag = this.lagAtEndUs(endUs);
    return lag * 2 > this.graceUs
      ? `the oldest acked ${formatTime(lag)} before the end, the group lags more than half the grace`
      : undefined;
  }

  /** The group's part of the verdict's detail (no "; ": reports split parts on it). */
  describe(endUs: Micros): string {
    const grace = formatDuration(this.graceUs);
    const why = this.partial(endUs);
    if (why !== undefined)
      return `${this.group}: only ${this.judged} of ${this.acked} acknowledged message(s) judged (${this.outcome()}), ${this.notJudged} acked in the last ${grace} not consumed by the end (grace): ${why}`;
    const tail = this.notJudged === 0 ? '' : `, ${this.notJudged} acked in the last ${grace} not judged (grace)`;
    return `${this.group}: ${this.judged} of ${this.acked} acknowledged message(s) judged, ${this.outcome()}${tail}`;
  }

  /** What became of the judged messages when no violation was found: consumed, or lost as the notes allow. */
  private outcome(): string {
    const allowed = this.judged - this.consumed;
    return allowed === 0
      ? 'all consumed successfully'
      : `${this.consumed} consumed successfully, ${allowed} allowed not to be (notes)`;
  }
}
