// Where a RaftLog keeps its entries' payload numbers. A log that owns them
// keeps them in a chunked typed column. A driven member's log is the
// in-memory view of its DiskLog (storage.ts), whose page cache holds the same
// numbers once the driver has written them (persist, right after each step):
// that log reads them from its disk and owns only the tail not written yet
// (entries of the step being taken, or beyond a failed write), so a member
// keeps each payload once instead of twice (issue 9 part 5: memory). The disk
// loses records only with the process (power loss, a torn tail found at
// recovery), and every truncation of it comes from the log's own, so the
// entries below what was written never differ; sync checks it.
import { assert, chunkedColumn, type ChunkedColumn } from '../base/index.js';

export interface PayloadStore {
  get(i: number, field: number): number;
  /** Stores the payload of entry i, the log's new last entry. */
  append(i: number, payload: readonly number[]): void;
  /** Drops entries from index n on. */
  truncate(n: number): void;
  /** The log's first `count` entries may now be on its disk (the driver wrote them). */
  sync(count: number): void;
}

/** What a log reads its written entries' payloads from: its DiskLog, whose stored fields from `first` on are the payload. */
export interface PayloadBacking {
  /** Records written (page cache). */
  readonly length: number;
  /** Stored field k of record i (unchecked: i below length). */
  storedAt(i: number, k: number): number;
}

function checkRef(refs: boolean, i: number, v: number): void {
  if (refs && v >>> 0 !== v) assert(false, `entry ${i}: payload ${v} is not a 32-bit ref`);
}

/** Payloads in the log's own column: 4 bytes a number for refs, 8 otherwise. */
export class OwnPayloads implements PayloadStore {
  private readonly column: ChunkedColumn;

  constructor(
    private readonly fields: number,
    private readonly refs: boolean,
  ) {
    this.column = chunkedColumn(refs ? Uint32Array : Float64Array, Math.max(1, fields));
  }

  get(i: number, field: number): number {
    return this.column.get(i, field);
  }

  append(i: number, payload: readonly number[]): void {
    for (let f = 0; f < this.fields; f++) {
      const v = payload[f] ?? 0;
      checkRef(this.refs, i, v);
      this.column.set(i, f, v);
    }
  }

  truncate(n: number): void {
    this.column.shrinkTo(n);
  }

  sync(): void {
    // Owned: nothing is read elsewhere.
  }
}

/** Payloads read from the disk below `written`, kept here (the tail) from there on. */
export class BackedPayloads implements PayloadStore {
  /** Entries [0, written) are read from the backing. */
  private written = 0;
  /**
   * Payloads of entries [written, the log's length), `fields` numbers each, in tail[0, tailLength).
   * The array is reused, not emptied: `length = 0` drops its store, and the next step's appends (one
   * sync per step) grew a new one each time.
   */
  private readonly tail: number[] = [];
  private tailLength = 0;

  /** `first`: the backing's stored field that holds payload number 0. */
  constructor(
    private readonly backing: PayloadBacking,
    private readonly first: number,
    private readonly fields: number,
    private readonly refs: boolean,
  ) {}

  get(i: number, field: number): number {
    if (i < this.written) return field < this.fields ? this.backing.storedAt(i, this.first + field) : 0;
    const k = (i - this.written) * this.fields + field;
    return k < this.tailLength ? (this.tail[k] ?? 0) : 0;
  }

  append(i: number, payload: readonly number[]): void {
    for (let f = 0; f < this.fields; f++) {
      const v = payload[f] ?? 0;
      checkRef(this.refs, i, v);
      if (this.tailLength < this.tail.length) this.tail[this.tailLength] = v;
      else this.tail.push(v);
      this.tailLength++;
    }
  }

  truncate(n: number): void {
    if (n < this.written) {
      this.written = n;
      this.tailLength = 0;
    } else this.tailLength = Math.min(this.tailLength, (n - this.written) * this.fields);
  }

  sync(count: number): void {
    const upTo = Math.min(count, this.backing.length);
    if (upTo <= this.written) return;
    // The disk holds what the log wrote (checked at both ends of what was written: a slip shows at the last).
    this.check(this.written);
    if (upTo - 1 > this.written) this.check(upTo - 1);
    const n = (upTo - this.written) * this.fields;
    // Usually everything was written: the tail empties. Else (a failed write) what is left moves down.
    if (n < this.tailLength) this.tail.copyWithin(0, n, this.tailLength);
    this.tailLength = Math.max(0, this.tailLength - n);
    this.written = upTo;
  }

  private check(i: number): void {
    const at = (i - this.written) * this.fields;
    for (let f = 0; f < this.fields; f++)
      if (at + f >= this.tailLength || this.backing.storedAt(i, this.first + f) !== this.tail[at + f])
        assert(false, `entry ${i}: its disk record holds another payload`);
  }
}
