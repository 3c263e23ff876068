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
// decodes the same strings also decodes the same refs. Fields that repeat
// together (meta, topic, the uid's client index) are kept once per
// combination, with a 32-bit combination id per record.
import { assert, chunkedColumn, Combinations, DeltaColumn, type Interner } from '../../engine/index.js';
import { uidClient, uidSeq } from '../../protocol/index.js';
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

/** Columns of `wide` (8 bytes each). */
const W_KEYS_BODY = 0;
const WIDE = 1;
/** Columns of `narrow` (4 bytes each): the queue offset, the size, the uid's sequence, the combination id. */
const N_QUEUE_OFFSET = 0;
const N_SIZE = 1;
const N_UID_SEQ = 2;
const N_COMBO = 3;
const NARROW = 4;
/** Fields of a combination: meta (queue id, reconsume times, delay level, sys flag), topic, the uid's client index. */
const C_META = 0;
const C_TOPIC = 1;
const C_CLIENT = 2;
const P32 = 0x1_0000_0000;
/**
 * Fields that hold a default for almost every message (a first send is its own origin, with no
 * tag code and no real topic; retries and delayed messages differ): kept per record only when
 * they differ from the default, in a side table.
 */
const SPARSE = [F_ORIGIN_UID, F_ORIGIN_TOPIC, F_TAGS_CODE, F_REAL];
/** The field whose value sparse field `f` defaults to (a first send is its own origin), or -1: it defaults to 0. */
function defaultSource(f: number): number {
  return f === F_ORIGIN_UID ? F_UID : f === F_ORIGIN_TOPIC ? F_TOPIC : -1;
}

/** The default of sparse field `f` for the record at `ref`. */
function sparseDefault(arena: MessageArena, ref: number, f: number): number {
  const source = defaultSource(f);
  return source < 0 ? 0 : arena.get(ref, source);
}

/** Whether a packed record's sparse fields all hold their defaults (read from the record itself). */
function allDefault(packed: readonly number[]): boolean {
  for (const f of SPARSE) {
    const source = defaultSource(f);
    if (packed[f] !== (source < 0 ? 0 : packed[source])) return false;
  }
  return true;
}

const fits32 = (v: number, what: string): number => {
  if (v >>> 0 !== v) assert(false, `message arena: ${what} = ${v} does not fit 32 bits`);
  return v;
};

export class MessageArena {
  /** Keys and body size: 8 bytes. */
  private readonly wide = chunkedColumn(Float64Array, WIDE);
  /**
   * Physical offsets in a DeltaColumn (4 bytes a record instead of 8): a chunk's rows are puts of
   * the same minutes, whose offsets on each broker lie within 2 GiB of the chunk's first; one that
   * does not (brokers whose logs drifted further apart) is kept exactly in the column's side map.
   */
  private readonly phy = new DeltaColumn();
  /** Queue offset, size, uid sequence, combination id: 4 bytes each. With the times and offset, 36 bytes per record. */
  private readonly narrow = chunkedColumn(Uint32Array, NARROW);
  /** Born and store times, each in a DeltaColumn (4 bytes a record: stored as the run reaches them, born a little earlier). */
  private readonly born = new DeltaColumn();
  private readonly stored = new DeltaColumn();
  /**
   * The combinations of meta, topic and uid client index (a few hundred in a run: queues, retry
   * topics and producers); found through meta, then topic and client (a 53-bit meta, a 32-bit
   * topic id, a 21-bit client index).
   */
  private readonly combos = new Combinations([53, 32, 21], 'message arena combination');
  /** Reused by add. */
  private readonly comboScratch = [0, 0, 0];
  /** Sparse fields of the few records that differ from the defaults. */
  private readonly rare = new Map<number, readonly number[]>();
  private count = 0;

  /** Adds a record (`packed`: RECORD_FIELDS numbers) stored at `phy` with `size` bytes; returns its ref. */
  add(packed: readonly number[], phy: number, size: number): number {
    const ref = this.count++;
    const uid = packed[F_UID] as number;
    this.wide.set(ref, W_KEYS_BODY, packed[F_KEYS_BODY] as number);
    this.phy.set(ref, 0, phy);
    this.narrow.set(ref, N_QUEUE_OFFSET, fits32(packed[F_QUEUE_OFFSET] as number, 'queue offset'));
    this.narrow.set(ref, N_SIZE, fits32(size, 'size'));
    this.narrow.set(ref, N_UID_SEQ, uidSeq(uid));
    const topic = fits32(packed[F_TOPIC] as number, 'topic');
    const combo = this.comboScratch;
    combo[C_META] = packed[F_META] as number;
    combo[C_TOPIC] = topic;
    combo[C_CLIENT] = uidClient(uid) | 0;
    this.narrow.set(ref, N_COMBO, this.combos.idOf(combo));
    this.born.set(ref, 0, packed[F_BORN_US] as number);
    this.stored.set(ref, 0, packed[F_STORE_US] as number);
    // The packed uid and topic are what get() decodes (both checked to fit above).
    if (!allDefault(packed))
      this.rare.set(
        ref,
        SPARSE.map((f) => packed[f] as number),
      );
    return ref;
  }

  get(ref: number, field: number): number {
    switch (field) {
      case F_KEYS_BODY:
        return this.wide.get(ref, W_KEYS_BODY);
      case F_PHY:
        return this.phy.get(ref);
      case F_QUEUE_OFFSET:
        return this.narrow.get(ref, N_QUEUE_OFFSET);
      case F_SIZE:
        return this.narrow.get(ref, N_SIZE);
      case F_UID:
        return this.comboField(ref, C_CLIENT) * P32 + this.narrow.get(ref, N_UID_SEQ);
      case F_META:
        return this.comboField(ref, C_META);
      case F_TOPIC:
        return this.comboField(ref, C_TOPIC);
      case F_BORN_US:
        return this.born.get(ref);
      case F_STORE_US:
        return this.stored.get(ref);
      default: {
        const slot = SPARSE.indexOf(field);
        if (slot < 0) assert(false, `message arena: no field ${field}`);
        const extra = this.rare.size > 0 ? this.rare.get(ref) : undefined;
        return extra === undefined ? sparseDefault(this, ref, field) : (extra[slot] as number);
      }
    }
  }

  /**
   * Every packed field of the record at `ref` into `out` (RECORD_FIELDS numbers), as get() reads each:
   * its combination and sparse fields read once (a pull decodes every field of each fresh record).
   */
  unpack(ref: number, out: number[]): void {
    const combo = this.narrow.get(ref, N_COMBO);
    out[F_TOPIC] = this.combos.field(combo, C_TOPIC);
    out[F_META] = this.combos.field(combo, C_META);
    out[F_UID] = this.combos.field(combo, C_CLIENT) * P32 + this.narrow.get(ref, N_UID_SEQ);
    out[F_QUEUE_OFFSET] = this.narrow.get(ref, N_QUEUE_OFFSET);
    out[F_KEYS_BODY] = this.wide.get(ref, W_KEYS_BODY);
    out[F_BORN_US] = this.born.get(ref);
    out[F_STORE_US] = this.stored.get(ref);
    const extra = this.rare.size > 0 ? this.rare.get(ref) : undefined;
    for (let slot = 0; slot < SPARSE.length; slot++) {
      const f = SPARSE[slot] as number;
      const source = defaultSource(f);
      out[f] = extra !== undefined ? (extra[slot] as number) : source < 0 ? 0 : (out[source] as number);
    }
  }

  /** The id of the record's combination of meta, topic and uid client: records with one id share topic and queue. */
  combinationOf(ref: number): number {
    return this.narrow.get(ref, N_COMBO);
  }

  /** The record's size in bytes. */
  sizeOf(ref: number): number {
    return this.narrow.get(ref, N_SIZE);
  }

  /** Physical offset just past the record, where its storing master put it. */
  endOf(ref: number): number {
    return this.phy.get(ref) + this.narrow.get(ref, N_SIZE);
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
    return (
      this.wide.byteLength +
      this.phy.byteLength +
      this.narrow.byteLength +
      this.born.byteLength +
      this.stored.byteLength
    );
  }

  /** Combinations of meta, topic and uid client index stored (for tests and memory figures). */
  get combinations(): number {
    return this.combos.size;
  }

  private comboField(ref: number, k: number): number {
    return this.combos.field(this.narrow.get(ref, N_COMBO), k);
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
