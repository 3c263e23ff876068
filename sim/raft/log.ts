// The in-memory view of a member's ledger: what the page cache holds (the
// core's truth about its own log). Entries are numbered from 0; columns are
// typed arrays (term, kind, bytes, flattened payload) so per-entry work
// allocates nothing. Models DLedgerMmapFileStore's index (ledgerBeginIndex,
// ledgerEndIndex, ledgerEndTerm) without the byte layout; the driver mirrors
// every change to a DiskLog.
import { NO_TERM, type EntryData } from './types.js';

const INITIAL = 64;

export class RaftLog {
  private terms = new Float64Array(INITIAL);
  private kinds = new Uint8Array(INITIAL);
  private sizes = new Float64Array(INITIAL);
  private payloads: Float64Array;
  private count = 0;

  constructor(readonly payloadFields: number) {
    this.payloads = new Float64Array(INITIAL * Math.max(1, payloadFields));
  }

  /** Index of the last entry, or -1 when empty (DLedger ledgerEndIndex). */
  get endIndex(): number {
    return this.count - 1;
  }

  /** Term of the last entry, or -1 when empty (DLedger ledgerEndTerm). */
  get endTerm(): number {
    return this.count === 0 ? NO_TERM : (this.terms[this.count - 1] as number);
  }

  get length(): number {
    return this.count;
  }

  /** Term at index i; -1 for i = -1 or out of range. */
  termAt(i: number): number {
    return i < 0 || i >= this.count ? NO_TERM : (this.terms[i] as number);
  }

  kindAt(i: number): number {
    return this.kinds[i] as number;
  }

  bytesAt(i: number): number {
    return this.sizes[i] as number;
  }

  payloadAt(i: number, field: number): number {
    return this.payloads[i * this.payloadFields + field] as number;
  }

  payload(i: number): number[] {
    const out: number[] = [];
    for (let f = 0; f < this.payloadFields; f++) out.push(this.payloadAt(i, f));
    return out;
  }

  /** A numeric digest of entry i (term, kind, payload): equal entries have equal hashes. */
  hashAt(i: number): number {
    return entryHash(this.termAt(i), this.kindAt(i), this.payloads, i * this.payloadFields, this.payloadFields);
  }

  entry(i: number): EntryData {
    return { index: i, term: this.termAt(i), kind: this.kindAt(i), payload: this.payload(i), bytes: this.bytesAt(i) };
  }

  /** True when index i holds an entry equal to e (index, term, kind and payload). */
  matches(e: EntryData): boolean {
    const i = e.index;
    if (i < 0 || i >= this.count || this.termAt(i) !== e.term || this.kindAt(i) !== e.kind) return false;
    for (let f = 0; f < this.payloadFields; f++) if (this.payloadAt(i, f) !== e.payload[f]) return false;
    return true;
  }

  append(term: number, kind: number, payload: readonly number[], bytes: number): number {
    if (this.count === this.terms.length) this.grow();
    const i = this.count++;
    this.terms[i] = term;
    this.kinds[i] = kind;
    this.sizes[i] = bytes;
    const base = i * this.payloadFields;
    for (let f = 0; f < this.payloadFields; f++) this.payloads[base + f] = payload[f] ?? 0;
    return i;
  }

  /** Drops every entry from index `from` on. */
  truncateFrom(from: number): number {
    const dropped = Math.max(0, this.count - from);
    if (from < this.count) this.count = Math.max(0, from);
    return dropped;
  }

  private grow(): void {
    const n = this.terms.length * 2;
    const t = new Float64Array(n);
    t.set(this.terms);
    this.terms = t;
    const k = new Uint8Array(n);
    k.set(this.kinds);
    this.kinds = k;
    const s = new Float64Array(n);
    s.set(this.sizes);
    this.sizes = s;
    const p = new Float64Array(n * Math.max(1, this.payloadFields));
    p.set(this.payloads);
    this.payloads = p;
  }
}


/** Mixes an entry's numbers into one non-negative integer below 2^53 (FNV-style over 32-bit lanes). */
export function entryHash(term: number, kind: number, payload: ArrayLike<number>, offset: number, fields: number): number {
  let h = Math.imul(term | 0, 0x9e3779b1) ^ (kind + 0x7f4a7c15);
  let g = (term / 0x100000000) | 0;
  for (let f = 0; f < fields; f++) {
    const v = payload[offset + f] as number;
    h = Math.imul(h ^ (v | 0), 0x01000193);
    g = Math.imul(g ^ ((v / 0x100000000) | 0) ^ (h >>> 7), 0x85ebca6b);
  }
  return (g >>> 0) * 0x200000 + (h >>> 11);
}
