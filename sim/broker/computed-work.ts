// What a broker computes instead of timing (issue 9; docs/architecture.md
// "Computed, not timed"): DLedger's flush rounds (sim/raft/flush-loop.ts) and
// the store's FlushRealTimeService and FlushConsumeQueueService ticks
// (store/flush-service.ts, store/queue-flusher.ts). Each fsyncs the host's disk
// with a latency drawn from the host's one disk stream, so they run in the
// order their timers would have fired: in time order, a DLedger round before a
// store tick of the same instant (as when the tick was a timer, whose handler
// caught up DLedger's rounds first). Called first in every broker handler and
// when the process settles.
import type { StorePort } from './store/types.js';

/** What catchUpComputed uses of the store (MessageStore). */
export interface TickingStore {
  readonly nextTickUs: number;
  runTicks(port: StorePort, untilUs: number): void;
}

/** What catchUpComputed uses of the DLedger member (DLedgerBroker). */
export interface FlushRounds {
  catchUp(untilUs: number): void;
}

export function catchUpComputed(ctx: StorePort, store: TickingStore, dledger: FlushRounds | undefined): void {
  const now = ctx.now();
  for (let t = store.nextTickUs; t >= 0 && t <= now; t = store.nextTickUs) {
    dledger?.catchUp(t);
    store.runTicks(ctx, t);
  }
  dledger?.catchUp(now);
}
