// ProcessQueue of a push consumer [R4 PQ]: the messages pulled from one queue
// and not yet consumed. Offsets arrive in increasing order; completions come in
// any order. The consumer's offset is the smallest offset still in flight (or
// one past the highest pulled when nothing is in flight), so it advances only
// past contiguous completions and a crash re-delivers, never skips.
import { fail } from '../engine/index.js';

const INITIAL = 64;

export class ProcessQueue {
  private offsets = new Float64Array(INITIAL);
  private done = new Uint8Array(INITIAL);
  private head = 0;
  private tail = 0;
  private inFlight = 0;
  /** One past the highest offset ever added (-1 before any). */
  private maxNext = -1;
  /** Set when the queue is no longer assigned to this instance. */
  dropped = false;
  /** Orderly consumption: the broker lock is held until this time (client view). */
  lockedUntilUs = 0;
  /** Orderly consumption: a message of this queue is being consumed now. */
  consuming = false;

  get count(): number {
    return this.inFlight;
  }

  /** Adds pulled messages' offsets (strictly increasing). */
  add(offset: number): void {
    // Hot path (every pulled message): the message is built only on failure.
    if (!(offset >= this.maxNext)) fail(`process queue: offset ${offset} added after ${this.maxNext - 1}`);
    if (this.tail === this.offsets.length) this.compactOrGrow();
    this.offsets[this.tail] = offset;
    this.done[this.tail] = 0;
    this.tail++;
    this.inFlight++;
    this.maxNext = offset + 1;
  }

  /** Marks an offset consumed; returns false when it was not in flight (e.g. already removed). */
  remove(offset: number): boolean {
    const i = this.find(offset);
    if (i < 0 || this.done[i] === 1) return false;
    this.done[i] = 1;
    this.inFlight--;
    while (this.head < this.tail && this.done[this.head] === 1) this.head++;
    return true;
  }

  /** The offset to commit: the smallest in flight, else one past the highest pulled; -1 if nothing yet. */
  commitOffset(): number {
    if (this.head < this.tail) return this.offsets[this.head] as number;
    return this.maxNext;
  }

  /** The highest offset pulled plus one (commit-before-consume bug switch), -1 before any. */
  pulledNext(): number {
    return this.maxNext;
  }

  /** Smallest offset in flight, for orderly consumption (the next to consume). */
  firstInFlight(): number | undefined {
    return this.head < this.tail ? this.offsets[this.head] : undefined;
  }

  private find(offset: number): number {
    let lo = this.head;
    let hi = this.tail - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.offsets[mid] as number;
      if (v === offset) return mid;
      if (v < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private compactOrGrow(): void {
    const live = this.tail - this.head;
    const size = live * 2 > this.offsets.length ? this.offsets.length * 2 : this.offsets.length;
    const offsets = new Float64Array(size);
    const done = new Uint8Array(size);
    offsets.set(this.offsets.subarray(this.head, this.tail));
    done.set(this.done.subarray(this.head, this.tail));
    this.offsets = offsets;
    this.done = done;
    this.tail = live;
    this.head = 0;
  }
}
