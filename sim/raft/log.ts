// The in-memory view of a member's ledger: what the page cache holds (the
// core's truth about its own log). Entries are numbered from 0; columns are
// chunked typed arrays (bytes, flattened payload) so per-entry work allocates
// nothing and growth copies nothing; a driven member reads its written
// payloads from its DiskLog and its sizes from its payloads when the embedding
// node says them (log-payloads.ts, EntryBytes); term and kind change once per leader
// election at most, so they are kept as runs (sim/base/runs.ts). Models
// DLedgerMmapFileStore's index (ledgerBeginIndex, ledgerEndIndex,
// ledgerEndTerm) without the byte layout; the driver mirrors every change to
// a DiskLog.
import { assert, chunkedColumn, RunColumn, type ChunkedColumn } from '../base/index.js';
import { BackedPayloads, OwnPayloads, type PayloadBacking, type PayloadStore } from './log-payloads.js';
import { NO_TERM, type EntryBytes, type EntryData } from './types.js';

/** Recently built entries kept for reuse (a power of two; covers a push batch and its re-pushes). */
const BUILT_SLOTS = 64;
const BUILT_MASK = BUILT_SLOTS - 1;

export class RaftLog {
  private readonly terms = new RunColumn();
  private readonly kinds = new RunColumn();
  /** Entry sizes fit 32 bits (append checks it): 4 bytes per entry; none when entryBytes says them. */
  private readonly sizes: ChunkedColumn | undefined;
  private readonly payloads: PayloadStore;
  private count = 0;
  /** The entry hashAt reads through readHashRow (one reader, no closure per call). */
  private hashRow = 0;
  private readonly readHashRow = (field: number): number => this.payloads.get(this.hashRow, field);
  /**
   * The entries entry() built lately, by index modulo BUILT_SLOTS: a leader builds each new entry
   * once for its write and hands the same immutable object to every follower's push instead of
   * one copy (and one payload array) per push. append() and truncateFrom() clear what they replace.
   */
  private readonly built: (EntryData | undefined)[] = new Array<EntryData | undefined>(BUILT_SLOTS).fill(undefined);
  /**
   * hashAt's recent results by index modulo BUILT_SLOTS (-1: none): the Raft checkers hash each committed
   * entry of each member up to three times (the ledger, the leader's commit check, the member's own commit).
   * append() and truncateFrom() clear what they replace, as for `built`.
   */
  private readonly hashIndex = new Int32Array(BUILT_SLOTS).fill(-1);
  private readonly hashValue = new Float64Array(BUILT_SLOTS);

  /**
   * `payloadRefs`: payload numbers are integers in 0..2^32-1 (refs into the run's shared records), 4 bytes
   * each instead of 8. `entryBytes`: an entry's size follows from its kind and payload (no size column).
   * `backing`: the member's disk log, where written entries' payloads are read (see written()), from
   * its stored field `backing.first` on.
   */
  constructor(
    readonly payloadFields: number,
    payloadRefs = false,
    private readonly entryBytes?: EntryBytes,
    backing?: { readonly log: PayloadBacking; readonly first: number },
  ) {
    this.payloads =
      backing === undefined
        ? new OwnPayloads(payloadFields, payloadRefs)
        : new BackedPayloads(backing.log, backing.first, payloadFields, payloadRefs);
    this.sizes = entryBytes === undefined ? chunkedColumn(Uint32Array) : undefined;
  }

  /** The driver wrote the entries to the disk log backing this one (no-op without one): read them there. */
  written(): void {
    this.payloads.sync(this.count);
  }

  /** Index of the last entry, or -1 when empty (DLedger ledgerEndIndex). */
  get endIndex(): number {
    return this.count - 1;
  }

  /** Term of the last entry, or -1 when empty (DLedger ledgerEndTerm). */
  get endTerm(): number {
    return this.count === 0 ? NO_TERM : this.terms.get(this.count - 1);
  }

  get length(): number {
    return this.count;
  }

  /** Term at index i; -1 for i = -1 or out of range. */
  termAt(i: number): number {
    return i < 0 || i >= this.count ? NO_TERM : this.terms.get(i);
  }

  kindAt(i: number): number {
    return this.kinds.get(i);
  }

  bytesAt(i: number): number {
    return this.sizes === undefined ? this.sizeOf(i) : this.sizes.get(i);
  }

  /** The size entryBytes gives entry i (its kind and first payload number). */
  private sizeOf(i: number): number {
    return this.entryBytes === undefined ? 0 : this.entryBytes(this.kinds.get(i), this.payloads.get(i, 0));
  }

  payloadAt(i: number, field: number): number {
    return this.payloads.get(i, field);
  }

  payload(i: number): number[] {
    const out: number[] = [];
    for (let f = 0; f < this.payloadFields; f++) out.push(this.payloadAt(i, f));
    return out;
  }

  /** A numeric digest of entry i (term, kind, payload): equal entries have equal hashes. */
  hashAt(i: number): number {
    const slot = i & BUILT_MASK;
    if (i >= 0 && this.hashIndex[slot] === i) return this.hashValue[slot] as number;
    this.hashRow = i;
    const h = entryHash(this.termAt(i), this.kindAt(i), this.readHashRow, this.payloadFields);
    // Only entries the log holds are remembered (an index out of range hashes the empty entry).
    if (i >= 0 && i < this.count) {
      this.hashIndex[slot] = i;
      this.hashValue[slot] = h;
    }
    return h;
  }

  entry(i: number): EntryData {
    const slot = i & BUILT_MASK;
    const hit = this.built[slot];
    if (hit !== undefined && hit.index === i) return hit;
    const e: EntryData = {
      index: i,
      term: this.termAt(i),
      kind: this.kindAt(i),
      payload: this.payload(i),
      bytes: this.bytesAt(i),
    };
    this.built[slot] = e;
    return e;
  }

  /** True when index i holds an entry equal to e (index, term, kind and payload). */
  matches(e: EntryData): boolean {
    const i = e.index;
    if (i < 0 || i >= this.count || this.termAt(i) !== e.term || this.kindAt(i) !== e.kind) return false;
    for (let f = 0; f < this.payloadFields; f++) if (this.payloadAt(i, f) !== e.payload[f]) return false;
    return true;
  }

  append(term: number, kind: number, payload: readonly number[], bytes: number): number {
    const i = this.count++;
    this.built[i & BUILT_MASK] = undefined;
    this.hashIndex[i & BUILT_MASK] = -1;
    this.terms.push(term);
    this.kinds.push(kind);
    this.payloads.append(i, payload);
    this.sizes?.set(i, 0, bytes);
    if (this.bytesAt(i) !== bytes) assert(false, `entry ${i}: size ${bytes} is not what its column or payload says`);
    return i;
  }

  /** Drops every entry from index `from` on. */
  truncateFrom(from: number): number {
    const dropped = Math.max(0, this.count - from);
    if (from < this.count) this.count = Math.max(0, from);
    for (let s = 0; s < BUILT_SLOTS; s++) {
      if ((this.built[s]?.index ?? -1) >= this.count) this.built[s] = undefined;
      if ((this.hashIndex[s] as number) >= this.count) this.hashIndex[s] = -1;
    }
    this.terms.truncate(this.count);
    this.kinds.truncate(this.count);
    this.sizes?.shrinkTo(this.count);
    this.payloads.truncate(this.count);
    return dropped;
  }
}

/** Mixes an entry's numbers into one non-negative integer below 2^53 (FNV-style over 32-bit lanes). */
export function entryHash(term: number, kind: number, payload: (field: number) => number, fields: number): number {
  let h = Math.imul(term | 0, 0x9e3779b1) ^ (kind + 0x7f4a7c15);
  let g = (term / 0x100000000) | 0;
  for (let f = 0; f < fields; f++) {
    const v = payload(f);
    h = Math.imul(h ^ (v | 0), 0x01000193);
    g = Math.imul(g ^ ((v / 0x100000000) | 0) ^ (h >>> 7), 0x85ebca6b);
  }
  return (g >>> 0) * 0x200000 + (h >>> 11);
}
