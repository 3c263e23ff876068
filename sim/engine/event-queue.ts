// The event queue: a binary min-heap ordered by (timeUs, seq), over parallel
// typed arrays, with the events themselves in a structure-of-arrays pool.
// seq is a global counter, so two events at the same instant always pop in
// the order they were scheduled; there is no other tie-breaker.
//
// Why this shape (engine-performance.md): SoA typed arrays beat object events
// by 1.3-2.4x; an exact two-key compare costs 15-35% against a packed key, but
// a packed key time*2^25+seq overflows after 2^28 us (268 s) of virtual time,
// far short of an hour-long scenario, so we keep the exact compare.
import { assert } from '../base/index.js';
import type { Micros } from './time.js';

const INITIAL_CAPACITY = 1024;

export class EventQueue<P> {
  // Heap, parallel arrays indexed by heap position.
  private hTime = new Float64Array(INITIAL_CAPACITY);
  private hSeq = new Float64Array(INITIAL_CAPACITY);
  private hSlot = new Int32Array(INITIAL_CAPACITY);
  private count = 0;
  private nextSeq = 0;

  // Event pool, parallel arrays indexed by slot.
  kind = new Uint8Array(INITIAL_CAPACITY);
  node = new Int32Array(INITIAL_CAPACITY);
  a = new Float64Array(INITIAL_CAPACITY);
  b = new Float64Array(INITIAL_CAPACITY);
  c = new Float64Array(INITIAL_CAPACITY);
  payload: (P | undefined)[] = new Array<P | undefined>(INITIAL_CAPACITY).fill(undefined);
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private slotsUsed = 0;

  get size(): number {
    return this.count;
  }

  /** Sequence numbers handed out so far (the total number of events ever scheduled). */
  get scheduled(): number {
    return this.nextSeq;
  }

  peekTime(): Micros {
    assert(this.count > 0, 'peekTime on an empty queue');
    return this.hTime[0] as number;
  }

  /** The sequence number of the earliest event. */
  peekSeq(): number {
    assert(this.count > 0, 'peekSeq on an empty queue');
    return this.hSeq[0] as number;
  }

  /** Takes a sequence number for something ordered with the events but kept outside the queue (inputs.ts). */
  reserveSeq(): number {
    return this.nextSeq++;
  }

  /** The slot of the earliest event, without removing it. */
  peekSlot(): number {
    assert(this.count > 0, 'peekSlot on an empty queue');
    return this.hSlot[0] as number;
  }

  push(time: Micros, kind: number, node: number, a: number, b: number, c: number, payload: P | undefined): void {
    const slot = this.allocSlot();
    this.kind[slot] = kind;
    this.node[slot] = node;
    this.a[slot] = a;
    this.b[slot] = b;
    this.c[slot] = c;
    this.payload[slot] = payload;
    this.pushSlot(time, slot);
  }

  /** Schedules an already-filled slot again (a paused node's deferred events on resume). */
  pushSlot(time: Micros, slot: number): void {
    if (this.count === this.hTime.length) this.growHeap();
    const seq = this.nextSeq++;
    // Sift up.
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = hTime[parent] as number;
      if (pt < time || (pt === time && (hSeq[parent] as number) < seq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[parent] as number;
      hSlot[i] = hSlot[parent] as number;
      i = parent;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;
  }

  /** Removes the earliest event and returns its slot; the caller reads the pool and then calls release(slot). */
  pop(): number {
    assert(this.count > 0, 'pop on an empty queue');
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const top = hSlot[0] as number;
    const last = --this.count;
    if (last > 0) {
      const t = hTime[last] as number;
      const s = hSeq[last] as number;
      const sl = hSlot[last] as number;
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        let ct = hTime[child] as number;
        let cs = hSeq[child] as number;
        const right = child + 1;
        if (right < last) {
          const rt = hTime[right] as number;
          const rs = hSeq[right] as number;
          if (rt < ct || (rt === ct && rs < cs)) {
            child = right;
            ct = rt;
            cs = rs;
          }
        }
        if (t < ct || (t === ct && s < cs)) break;
        hTime[i] = ct;
        hSeq[i] = cs;
        hSlot[i] = hSlot[child] as number;
        i = child;
      }
      hTime[i] = t;
      hSeq[i] = s;
      hSlot[i] = sl;
    }
    return top;
  }

  release(slot: number): void {
    this.payload[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount] as number;
    if (this.slotsUsed === this.kind.length) this.growPool();
    return this.slotsUsed++;
  }

  private growHeap(): void {
    const n = this.hTime.length * 2;
    this.hTime = grow(this.hTime, new Float64Array(n));
    this.hSeq = grow(this.hSeq, new Float64Array(n));
    this.hSlot = grow(this.hSlot, new Int32Array(n));
  }

  private growPool(): void {
    const n = this.kind.length * 2;
    this.kind = grow(this.kind, new Uint8Array(n));
    this.node = grow(this.node, new Int32Array(n));
    this.a = grow(this.a, new Float64Array(n));
    this.b = grow(this.b, new Float64Array(n));
    this.c = grow(this.c, new Float64Array(n));
    this.free = grow(this.free, new Int32Array(n));
    const payload = this.payload;
    for (let i = payload.length; i < n; i++) payload.push(undefined);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
