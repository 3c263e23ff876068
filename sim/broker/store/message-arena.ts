// One immutable copy of every stored message, shared by every replica that
// holds it. A master's put adds the record's packed fields (record-codec.ts)
// here once; its commit log, and the commit logs of the DLedger followers
// that apply the same Raft entry, keep only the record's number (its ref).
// Each replica's DiskLog still accounts its own bytes and keeps its own
// crash, power-loss, torn-tail and truncation semantics: a record lost on one
// replica is gone from that replica's log, while the arena row (immutable,
// never read through that replica again) stays. A put at an offset reused
// after a loss is a new message and gets a new row.
// Simulator memory only (RocketMQ writes each replica's bytes); one arena per
// run, found through the run's shared Interner so that every broker that
// decodes the same strings also decodes the same refs.
import { ChunkedColumn, type Interner } from '../../engine/index.js';
import { RECORD_FIELDS } from './record-codec.js';

/** Arena-only fields after the packed record: where the storing master put it, and its size. */
export const F_PHY = RECORD_FIELDS;
export const F_SIZE = RECORD_FIELDS + 1;
const ARENA_FIELDS = RECORD_FIELDS + 2;

export class MessageArena {
  private readonly rows = new ChunkedColumn(Float64Array, ARENA_FIELDS);
  private count = 0;

  /** Adds a record (`packed`: RECORD_FIELDS numbers) stored at `phy` with `size` bytes; returns its ref. */
  add(packed: readonly number[], phy: number, size: number): number {
    const ref = this.count++;
    for (let f = 0; f < RECORD_FIELDS; f++) this.rows.set(ref, f, packed[f] as number);
    this.rows.set(ref, F_PHY, phy);
    this.rows.set(ref, F_SIZE, size);
    return ref;
  }

  get(ref: number, field: number): number {
    return this.rows.get(ref, field);
  }

  /** Physical offset just past the record, where its storing master put it. */
  endOf(ref: number): number {
    return this.rows.get(ref, F_PHY) + this.rows.get(ref, F_SIZE);
  }

  get length(): number {
    return this.count;
  }

  /** Memory the arena's columns occupy (capacity), for memory figures. */
  get residentBytes(): number {
    return this.rows.byteLength;
  }
}

const arenas = new WeakMap<Interner, MessageArena>();

/** The arena of the run that `interner` belongs to (created on first use). */
export function messageArenaOf(interner: Interner): MessageArena {
  let a = arenas.get(interner);
  if (a === undefined) {
    a = new MessageArena();
    arenas.set(interner, a);
  }
  return a;
}
