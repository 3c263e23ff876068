// Sends and events that must wait for persistence (Ready.sendAfterPersist /
// eventsAfterPersist), released in order once the fsyncs they depend on are
// done: the currterm file's (one fsync at a time, covering the latest write,
// so an early completion can never make an older content look durable) and
// the log's (ackAfterFsync). Part of the RaftDriver.
import type { DiskCompletion } from '../engine/index.js';
import type { RaftEvent } from './events.js';
import type { Outbound } from './ready.js';

interface Gate {
  /** currterm write generation that must be durable first (0 = none). */
  readonly termGen: number;
  /** Log fsyncs that must complete first. */
  readonly ops: Set<number>;
  readonly sends: readonly Outbound[];
  readonly events: readonly RaftEvent[];
}

export class PersistGates {
  private readonly gates: Gate[] = [];
  private termWriteGen = 0;
  private termDurableGen = 0;
  private termSync: { readonly op: number; readonly gen: number } | undefined = undefined;

  constructor(
    private readonly fsyncTerm: () => number,
    private readonly release: (sends: readonly Outbound[], events: readonly RaftEvent[]) => void,
  ) {}

  /** currterm was written to the page cache: make sure an fsync will cover it. */
  termWritten(): void {
    this.termWriteGen++;
    if (this.termSync === undefined) this.termSync = { op: this.fsyncTerm(), gen: this.termWriteGen };
  }

  add(
    afterTermWrite: boolean,
    logOps: readonly number[],
    sends: readonly Outbound[],
    events: readonly RaftEvent[],
  ): void {
    const termGen = afterTermWrite ? this.termWriteGen : 0;
    // Nothing to wait for and nothing queued ahead (a push ack after a page-cache write, the common
    // case): released at once, as flush() would, without building a gate.
    if (this.gates.length === 0 && logOps.length === 0 && termGen <= this.termDurableGen) {
      this.release(sends, events);
      return;
    }
    this.gates.push({ termGen, ops: new Set(logOps), sends, events });
    this.flush();
  }

  /** A log fsync completed (replacement: the fsync re-issued after a failure, which the gates wait for instead). */
  logOpDone(op: number, replacement: number | undefined): void {
    for (const g of this.gates) {
      if (g.ops.delete(op) && replacement !== undefined) g.ops.add(replacement);
    }
    this.flush();
  }

  /** True when `done` was the currterm fsync. */
  termSynced(done: DiskCompletion): boolean {
    const s = this.termSync;
    if (s === undefined || s.op !== done.opId) return false;
    this.termSync = undefined;
    if (done.ok) this.termDurableGen = s.gen;
    // A failed fsync proves nothing; newer writes need their own fsync either way.
    if (this.termWriteGen > this.termDurableGen) this.termSync = { op: this.fsyncTerm(), gen: this.termWriteGen };
    this.flush();
    return true;
  }

  private flush(): void {
    while (this.gates.length > 0) {
      const g = this.gates[0];
      if (g === undefined || g.ops.size > 0 || g.termGen > this.termDurableGen) return;
      this.gates.shift();
      this.release(g.sends, g.events);
    }
  }
}
