// One immutable copy of every stored message, shared by every replica that
// holds it. A master's put adds the record's packed fields (record-codec.ts)
// here once; its commit log, and the commit logs of the DLedger followers
// that apply the same Raft entry, keep only the record's number (its ref).
// Each replica's DiskLog still accounts its own bytes and keeps its own
// crash, power-loss, torn-tail and truncation semantics: a record lost on one
// replica is gone from that replica's log, while the arena row (immutable,
// never read through that replica again) stays. A put at an offset reused
// after a loss is a new message and gets a new row. Fields that almost every
// message leaves at their default (origin uid and topic, tag code, real
// topic) are kept only for the records that differ.
// Simulator memory only (RocketMQ writes each replica's bytes); one arena per
// run, found through the run's shared Interner so that every broker that
// decodes the same strings also decodes the same refs.
import { assert, chunkedColumn, DeltaColumn, type Interner } from '../../engine/index.js';
import {
  F_BORN_US,
  F_KEYS_BODY,
  F_META,
  F_ORIGIN_TOPIC,
  F_ORIGIN_UID,
  F_QUEUE_OFFSET,
  F_REAL,
  F_STORE_US,
  F_TAGS_CODE,
  F_TOPIC,
  F_UID,
  RECORD_FIELDS,
} from './record-codec.js';

/** Arena-only fields after the packed record: where the storing master put it, and its size. */
export const F_PHY = RECORD_FIELDS;
export const F_SIZE = RECORD_FIELDS + 1;

/** Fields every record has its own value for, in column order: 64-bit numbers, then 32-bit ones. */
const DENSE = [F_META, F_UID, F_KEYS_BODY, F_PHY, F_QUEUE_OFFSET, F_TOPIC, F_SIZE];
/** The dense fields from this column on (queue offsets, interned topic ids, record sizes) fit 32 bits. */
const WIDE = 4;
/** Times, each in a DeltaColumn (4 bytes a record: stored as the run reaches them, born a little earlier). */
const TIMES = [F_BORN_US, F_STORE_US];
/**
 * Fields that hold a default for almost every message (a first send is its own origin, with no
 * tag code and no real topic; retries and delayed messages differ): kept per record only when
 * they differ from the default, in a side table.
 */
const SPARSE = [F_ORIGIN_UID, F_ORIGIN_TOPIC, F_TAGS_CODE, F_REAL];
/** Column of each field: its dense column, DENSE.length + its time column, or -1 - its slot in a sparse entry. */
const SLOT: readonly number[] = Array.from({ length: RECORD_FIELDS + 2 }, (_, f) =>
  DENSE.includes(f) ? DENSE.indexOf(f) : TIMES.includes(f) ? DENSE.length + TIMES.indexOf(f) : -1 - SPARSE.indexOf(f),
);
const PHY_SLOT = DENSE.indexOf(F_PHY);
const SIZE_SLOT = DENSE.indexOf(F_SIZE) - WIDE;
/** The default of sparse field `f` for a record whose dense fields are in `rows` at `ref`. */
function sparseDefault(arena: MessageArena, ref: number, f: number): number {
  if (f === F_ORIGIN_UID) return arena.get(ref, F_UID);
  if (f === F_ORIGIN_TOPIC) return arena.get(ref, F_TOPIC);
  return 0;
}

export class MessageArena {
  /** 8 bytes per field for the first WIDE dense fields, 4 for the rest and for each time: 52 bytes per record. */
  private readonly wide = chunkedColumn(Float64Array, WIDE);
  private readonly narrow = chunkedColumn(Uint32Array, DENSE.length - WIDE);
  private readonly times = TIMES.map(() => new DeltaColumn());
  /** Sparse fields of the few records that differ from the defaults. */
  private readonly rare = new Map<number, readonly number[]>();
  private count = 0;

  /** Adds a record (`packed`: RECORD_FIELDS numbers) stored at `phy` with `size` bytes; returns its ref. */
  add(packed: readonly number[], phy: number, size: number): number {
    const ref = this.count++;
    for (let c = 0; c < DENSE.length; c++) {
      const f = DENSE[c] as number;
      const v = f === F_PHY ? phy : f === F_SIZE ? size : (packed[f] as number);
      if (c < WIDE) this.wide.set(ref, c, v);
      else {
        this.narrow.set(ref, c - WIDE, v);
        if (this.narrow.get(ref, c - WIDE) !== v)
          assert(false, `message arena: field ${f} = ${v} does not fit 32 bits`);
      }
    }
    for (let t = 0; t < TIMES.length; t++)
      (this.times[t] as DeltaColumn).set(ref, 0, packed[TIMES[t] as number] as number);
    let rare = false;
    for (const f of SPARSE) if (packed[f] !== sparseDefault(this, ref, f)) rare = true;
    if (rare)
      this.rare.set(
        ref,
        SPARSE.map((f) => packed[f] as number),
      );
    return ref;
  }

  get(ref: number, field: number): number {
    const slot = SLOT[field] as number;
    if (slot >= DENSE.length) return (this.times[slot - DENSE.length] as DeltaColumn).get(ref);
    if (slot >= 0) return slot < WIDE ? this.wide.get(ref, slot) : this.narrow.get(ref, slot - WIDE);
    const extra = this.rare.size > 0 ? this.rare.get(ref) : undefined;
    return extra === undefined ? sparseDefault(this, ref, field) : (extra[-1 - slot] as number);
  }

  /** Physical offset just past the record, where its storing master put it. */
  endOf(ref: number): number {
    return this.wide.get(ref, PHY_SLOT) + this.narrow.get(ref, SIZE_SLOT);
  }

  /** The record's size in bytes. */
  sizeOf(ref: number): number {
    return this.narrow.get(ref, SIZE_SLOT);
  }

  /** Records whose sparse fields are kept (retries, delayed messages): for memory figures. */
  get rareRecords(): number {
    return this.rare.size;
  }

  get length(): number {
    return this.count;
  }

  /** Memory the arena's columns occupy (capacity), for memory figures. */
  get residentBytes(): number {
    return this.wide.byteLength + this.narrow.byteLength + this.times.reduce((n, t) => n + t.byteLength, 0);
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
