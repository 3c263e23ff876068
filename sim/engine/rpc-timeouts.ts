// RPC deadlines without one queue event per RPC. Almost every RPC is answered
// long before its timeout, so a timeout event per RPC is an event that
// nearly always finds nothing to do (issue 9: it was 4 of 22 events per
// message). Instead the deadlines wait here in a few sorted FIFO lists (a
// deadline goes to the list whose last deadline is the latest one not after
// it; RPCs with the same timeout thus share a list and only append), and the
// kernel keeps a single scan event at the earliest deadline of an RPC still
// pending. Answered RPCs are dropped lazily from the heads. Expiry is exact:
// a timeout fires at its deadline, as with one event per RPC.
import type { Micros } from './time.js';

class DeadlineList {
  ids: number[] = [];
  deadlines: Micros[] = [];
  head = 0;

  get last(): Micros {
    return this.deadlines.length > this.head ? (this.deadlines[this.deadlines.length - 1] as Micros) : -Infinity;
  }

  push(id: number, deadline: Micros): void {
    this.ids.push(id);
    this.deadlines.push(deadline);
  }

  /** Drops answered RPCs from the head; returns the first live deadline, or Infinity. */
  firstLive(isPending: (id: number) => boolean): Micros {
    while (this.head < this.ids.length && !isPending(this.ids[this.head] as number)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
    return this.head < this.ids.length ? (this.deadlines[this.head] as Micros) : Infinity;
  }
}

export class RpcDeadlines {
  private readonly lists: DeadlineList[] = [];
  /** Time of the earliest scan event in the kernel queue, Infinity when none. */
  scanAt: Micros = Infinity;

  /** Records an RPC's deadline; true when the caller must schedule a scan at `deadline` (earlier than any scheduled). */
  add(id: number, deadline: Micros): boolean {
    this.listFor(deadline).push(id, deadline);
    if (deadline >= this.scanAt) return false;
    this.scanAt = deadline;
    return true;
  }

  /**
   * Runs a scan at `now`: hands every pending RPC whose deadline has come to
   * `expire`, in (deadline, issue) order, and returns when the next scan is
   * due (Infinity when nothing is pending) or -1 when one is already scheduled.
   */
  scan(now: Micros, isPending: (id: number) => boolean, expire: (id: number) => void): Micros {
    if (now >= this.scanAt) this.scanAt = Infinity;
    for (;;) {
      let best: DeadlineList | undefined;
      let bestDeadline = Infinity;
      let bestId = 0;
      for (let i = this.lists.length - 1; i >= 0; i--) {
        const list = this.lists[i] as DeadlineList;
        const d = list.firstLive(isPending);
        // An emptied list stays: the next RPC with that timeout appends to it (most scans find every RPC answered).
        if (d === Infinity) continue;
        const id = list.ids[list.head] as number;
        if (d < bestDeadline || (d === bestDeadline && id < bestId)) {
          best = list;
          bestDeadline = d;
          bestId = id;
        }
      }
      if (best === undefined) return Infinity;
      if (bestDeadline > now) {
        if (bestDeadline >= this.scanAt) return -1;
        this.scanAt = bestDeadline;
        return bestDeadline;
      }
      best.head++;
      expire(bestId);
    }
  }

  /** The list whose last deadline is the latest one not after `deadline` (a new list when none). */
  private listFor(deadline: Micros): DeadlineList {
    let best: DeadlineList | undefined;
    let bestLast = -Infinity;
    for (const list of this.lists) {
      const last = list.last;
      if (last <= deadline && (best === undefined || last > bestLast)) {
        best = list;
        bestLast = last;
      }
    }
    if (best !== undefined) return best;
    const list = new DeadlineList();
    this.lists.push(list);
    return list;
  }
}
