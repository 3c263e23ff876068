// The RPCs awaiting an answer, by id. Ids are handed out in order and almost
// every RPC is answered within a few thousand newer ones, so they live in a
// ring indexed by the id's low bits: adding, finding and removing one is an
// array access, where a Map allocated an entry per RPC and rehashed as it
// grew and shrank (issue 9: the idle cluster's allocation went largely to
// that churn). An RPC still pending when a newer id needs its slot (a long
// poll, a paused peer) moves aside into a Map. Kernel bookkeeping, not a
// RocketMQ structure.
import type { PendingRpc } from './node-state.js';

const RING_BITS = 12;
const RING = 1 << RING_BITS;
const RING_MASK = RING - 1;

export class PendingRpcs<M> {
  private readonly ring: (PendingRpc<M> | undefined)[] = new Array<PendingRpc<M> | undefined>(RING).fill(undefined);
  /** Pending RPCs whose ring slot a newer id took. */
  private readonly aside = new Map<number, PendingRpc<M>>();

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): PendingRpc<M> | undefined {
    const p = this.ring[id & RING_MASK];
    if (p !== undefined && p.id === id) return p;
    return this.aside.size > 0 ? this.aside.get(id) : undefined;
  }

  add(p: PendingRpc<M>): void {
    const slot = p.id & RING_MASK;
    const older = this.ring[slot];
    if (older !== undefined) this.aside.set(older.id, older);
    this.ring[slot] = p;
  }

  delete(id: number): void {
    const slot = id & RING_MASK;
    const p = this.ring[slot];
    if (p !== undefined && p.id === id) this.ring[slot] = undefined;
    else if (this.aside.size > 0) this.aside.delete(id);
  }

  /** Every pending RPC in id order (the order they were started): a copy, safe to change the table while walking it. */
  inIdOrder(): PendingRpc<M>[] {
    const all: PendingRpc<M>[] = [...this.aside.values()];
    for (const p of this.ring) if (p !== undefined) all.push(p);
    return all.sort((a, b) => a.id - b.id);
  }
}
