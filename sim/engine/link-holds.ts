// Held links (turmoil's `hold` / `release`): while a hold is in force over the
// directed link from -> to, whatever is sent over it (messages, requests,
// replies, and the close of the connection) waits in the network instead of
// travelling or being dropped. When the last hold over the link ends, what
// waited is put on the link again in the order it was sent, so it arrives
// after what was already on the wire and before what is sent later (the
// channel stays FIFO). What was already travelling when the hold began still
// arrives. Holds are counted per link, like partitions: a link another hold
// covers stays held.
import { assert } from '../base/index.js';

/** What waits on a held link: a message for a given incarnation of its receiver, or the sender's close of the connection. */
export type Parked<M> =
  | {
      readonly kind: 'message';
      readonly msg: M;
      readonly rpc: number;
      readonly toIncarnation: number;
      /** False for an answer nobody reads (NodeContext.sendUnread): it travels on release, undelivered. */
      readonly heard: boolean;
    }
  | { readonly kind: 'close'; readonly observerIncarnation: number };

/** Node indexes stay below this (a link's key is from * LINK_STRIDE + to). */
const LINK_STRIDE = 2 ** 20;

function linkKey(from: number, to: number): number {
  assert(
    from >= 0 && from < LINK_STRIDE && to >= 0 && to < LINK_STRIDE,
    `link ${from} -> ${to}: node index out of range`,
  );
  return from * LINK_STRIDE + to;
}

export class LinkHolds<M> {
  /** Holds in force per held link. */
  private readonly counts = new Map<number, number>();
  /** What waits on each held link, in the order it was sent. */
  private readonly waiting = new Map<number, Parked<M>[]>();

  /** How many links are held now (the send path looks no further when none is). */
  get active(): number {
    return this.counts.size;
  }

  isHeld(from: number, to: number): boolean {
    return this.counts.has(linkKey(from, to));
  }

  /** One more hold over from -> to. */
  hold(from: number, to: number): void {
    const key = linkKey(from, to);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Queues `item` behind what already waits on the held link from -> to. */
  park(from: number, to: number, item: Parked<M>): void {
    const key = linkKey(from, to);
    assert(this.counts.has(key), `link ${from} -> ${to} is not held`);
    const queue = this.waiting.get(key);
    if (queue === undefined) this.waiting.set(key, [item]);
    else queue.push(item);
  }

  /** One hold over from -> to ends; when it was the last one, returns what waited on the link, in order (else nothing). */
  release(from: number, to: number): readonly Parked<M>[] {
    const key = linkKey(from, to);
    const n = this.counts.get(key) ?? 0;
    assert(n > 0, `link ${from} -> ${to}: released more often than held`);
    if (n > 1) {
      this.counts.set(key, n - 1);
      return [];
    }
    this.counts.delete(key);
    const queue = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    return queue;
  }
}
