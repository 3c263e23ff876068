// Simulated disk of one host: append-only logs of fixed-width numeric records
// (commit logs, Raft logs, consume queues) and small whole-file values
// (consumerOffset.json, DLedger's currterm). A write lands in the page cache
// at once; fsync makes it durable after a sampled latency. The page cache
// survives a process crash and is lost on power loss, which may also tear
// the first unsynced record (found by its checksum, i.e. the corrupt flag, on
// recovery). Bytes are accounted; payload bytes are not stored (the design: docs/architecture.md).
import { assert, chunkedColumn, DeltaColumn, RunColumn, type ChunkedColumn } from '../base/index.js';
import { toPerMillion, type PerMillion, type RandomStream } from './rng.js';
import type { DiskCompletion } from './node.js';
import type { Micros } from './time.js';

/**
 * An fsync in flight: what it makes durable when it completes (records of a
 * log, or a file's content at issue time). A log truncated while the fsync is
 * in flight lowers `upTo`, so records appended after the truncation are never
 * taken for durable by an fsync that was issued before them.
 */
export interface FsyncToken {
  readonly path: string;
  upTo: number;
  readonly fileText: string | undefined;
}

/**
 * Where a record ends, read from its first field, for a log whose records say it themselves
 * (a commit log whose first field is a ref into the run's shared message arena, which keeps
 * each record's offset and size once for every replica).
 */
export type RecordEnd = (firstField: number) => number;

/**
 * The size of record `i` of `log`, read from its own fields (a DLedger log whose entries point into
 * the run's shared message arena, which keeps each message's size once for every replica).
 */
export type RecordSize = (log: DiskLog, i: number) => number;

/** How a log stores its records (all optional: variable-size records, every field in typed columns). */
export interface LogLayout {
  /** > 0: every record has exactly this size (no per-record end is kept). */
  readonly recordBytes?: number;
  /** Records say where they end (no per-record end is kept; checked on append). */
  readonly recordEnd?: RecordEnd;
  /**
   * Records say how long they are (no per-record end is kept). NB: not checked on append (it is on
   * the hot path): the writer appends what its records say (a Raft log checks its entries' sizes
   * against what their payloads say, RaftLog.append, and writes those). NB: a record's
   * offsets are then found by walking back from the log's end: cheap for the tail (truncation,
   * recovery reads sizes), linear for the head.
   */
  readonly recordSize?: RecordSize;
  /** The first `runFields` fields change rarely (a Raft log's term): kept as runs of equal values. */
  readonly runFields?: number;
  /**
   * Every other field is an integer in 0..2^32-1 (refs into the run's shared records): 4 bytes
   * each instead of 8, checked on every append. A run holds far fewer records than 2^32: at
   * 100k messages/s that is 12 simulated hours, whose history alone would not fit in memory.
   */
  readonly uint32?: boolean;
}

/**
 * An append-only log whose records are `fields` numbers plus a byte size, stored in chunked
 * typed columns (never copied on growth). A log of fixed-size records (consume queues) keeps
 * no per-record size: record i ends at (i + 1) * recordBytes; neither does a log given a
 * RecordEnd (checked on every append) or a RecordSize. Corrupt records (a torn tail, a corruption fault) are
 * rare, so they are kept as a set of indexes rather than a column.
 */
export class DiskLog {
  readonly recordBytes: number;
  readonly runFields: number;
  readonly uint32: boolean;
  private readonly recordEnd: RecordEnd | undefined;
  readonly recordSize: RecordSize | undefined;
  /** Fields from runFields on, side by side. */
  private readonly values: ChunkedColumn;
  /** The first runFields fields. */
  private readonly runs: readonly RunColumn[];
  /** End offset of each record; undefined for a log of fixed-size records or one given a RecordEnd. */
  /** Record ends (byte offsets, increasing): 4 bytes a record in a DeltaColumn. */
  private readonly ends: DeltaColumn | undefined;
  private readonly corrupt = new Set<number>();
  private count = 0;
  /** End offset of the last record (0 when empty): read on every put and pull, so kept rather than looked up. */
  private endBytes = 0;
  private syncedCount = 0;
  /** fsyncs in flight on this log. */
  private readonly inflight = new Set<FsyncToken>();

  constructor(
    readonly path: string,
    readonly fields: number,
    private readonly disk: HostDisk,
    layout: LogLayout = {},
  ) {
    const { recordBytes = 0, recordEnd, recordSize, runFields = 0, uint32 = false } = layout;
    assert(Number.isInteger(fields) && fields >= 0, `log ${path}: fields must be a non-negative integer`);
    assert(
      Number.isInteger(recordBytes) && recordBytes >= 0,
      `log ${path}: recordBytes must be a non-negative integer`,
    );
    assert(
      recordEnd === undefined || (recordBytes === 0 && fields > 0),
      `log ${path}: a RecordEnd needs variable-size records with a first field`,
    );
    assert(
      recordSize === undefined || (recordBytes === 0 && recordEnd === undefined),
      `log ${path}: a RecordSize needs variable-size records that keep no RecordEnd`,
    );
    assert(
      Number.isInteger(runFields) && runFields >= 0 && runFields <= fields,
      `log ${path}: runFields must be within 0..${fields}`,
    );
    this.recordBytes = recordBytes;
    this.recordEnd = recordEnd;
    this.recordSize = recordSize;
    this.runFields = runFields;
    this.uint32 = uint32;
    this.values = chunkedColumn(uint32 ? Uint32Array : Float64Array, Math.max(1, fields - runFields));
    this.runs = Array.from({ length: runFields }, () => new RunColumn());
    this.ends = recordBytes > 0 || recordEnd !== undefined || recordSize !== undefined ? undefined : new DeltaColumn();
  }

  /** Records in the page cache (durable or not). */
  get length(): number {
    return this.count;
  }

  /** Records that survive power loss (reading it is observing the disk: the polled fsyncs due by now complete first). */
  get durableLength(): number {
    this.disk.onDurableRead?.();
    return this.syncedCount;
  }

  get bytes(): number {
    return this.endBytes;
  }

  /** Memory this log's columns occupy in the simulator (capacity, not payload bytes): for memory figures. */
  get residentBytes(): number {
    let runs = 0;
    for (const r of this.runs) runs += r.runs * 16;
    return this.values.byteLength + (this.ends?.byteLength ?? 0) + runs;
  }

  /** Byte offset at which record i starts. */
  startOffset(i: number): number {
    return i === 0 ? 0 : this.endAt(i - 1);
  }

  endOffset(i: number): number {
    // NB: hot path (every read of a record): the message string is built only on failure.
    if (!(i >= 0 && i < this.count)) assert(false, `log ${this.path}: record ${i} out of range [0, ${this.count})`);
    return this.endAt(i);
  }

  /** Bytes record i occupies. */
  sizeAt(i: number): number {
    if (this.recordSize !== undefined) {
      if (!(i >= 0 && i < this.count)) assert(false, `log ${this.path}: record ${i} out of range [0, ${this.count})`);
      return this.recordSize(this, i);
    }
    return this.endOffset(i) - this.startOffset(i);
  }

  /** Appends one record; returns its index, or -1 when the disk is full (the caller decides what that means). */
  append(bytes: number, values: readonly number[]): number {
    if (values.length !== this.fields)
      assert(false, `log ${this.path}: expected ${this.fields} fields, got ${values.length}`);
    if (this.recordBytes > 0 && bytes !== this.recordBytes)
      assert(false, `log ${this.path}: records are ${this.recordBytes} bytes, got ${bytes}`);
    if (this.recordEnd !== undefined && this.recordEnd(values[0] as number) !== this.bytes + bytes) {
      assert(
        false,
        `log ${this.path}: a record of ${bytes} bytes appended at ${this.bytes} says it ends at ${this.recordEnd(values[0] as number)}`,
      );
    }
    if (!this.disk.reserve(bytes)) return -1;
    const i = this.count++;
    for (let f = 0; f < this.runFields; f++) (this.runs[f] as RunColumn).push(values[f] as number);
    for (let f = this.runFields; f < this.fields; f++) {
      const v = values[f] as number;
      this.values.set(i, f - this.runFields, v);
      if (this.uint32 && this.values.get(i, f - this.runFields) !== v)
        assert(false, `log ${this.path}: field ${f} = ${v} does not fit 32 bits`);
    }
    this.endBytes += bytes;
    this.ends?.set(i, 0, this.endBytes);
    if (this.corrupt.size > 0) this.corrupt.delete(i);
    return i;
  }

  get(i: number, field: number): number {
    if (!(i >= 0 && i < this.count)) assert(false, `log ${this.path}: record ${i} out of range [0, ${this.count})`);
    if (!(field >= 0 && field < this.fields)) assert(false, `log ${this.path}: field ${field} out of range`);
    return field < this.runFields ? (this.runs[field] as RunColumn).get(i) : this.values.get(i, field - this.runFields);
  }

  /**
   * Field `runFields + k` of record i, unchecked: for hot readers that keep i below length and k
   * within the stored fields (a Raft log reading its written payloads, raft/log-payloads.ts).
   */
  storedAt(i: number, k: number): number {
    return this.values.get(i, k);
  }

  isCorrupt(i: number): boolean {
    return this.corrupt.size > 0 && this.corrupt.has(i);
  }

  /** Drops records from index n on (Raft suffix truncation, recovery). */
  truncate(n: number): void {
    assert(n >= 0 && n <= this.count, `log ${this.path}: cannot truncate to ${n} of ${this.count}`);
    const end = n === 0 ? 0 : this.endAt(n - 1);
    this.disk.release(this.endBytes - end);
    this.endBytes = end;
    this.count = n;
    if (this.syncedCount > n) this.syncedCount = n;
    for (const t of this.inflight) if (t.upTo > n) t.upTo = n;
    for (const c of this.corrupt) if (c >= n) this.corrupt.delete(c);
    this.values.shrinkTo(n);
    for (const r of this.runs) r.truncate(n);
    this.ends?.shrinkTo(n);
  }

  /**
   * Recovery scan: validates records in order and truncates at the first one
   * whose checksum fails (a torn or corrupted tail). Returns how many went.
   */
  recover(): number {
    if (this.corrupt.size === 0) return 0;
    const first = Math.min(...this.corrupt);
    const dropped = this.count - first;
    this.truncate(first);
    return dropped;
  }

  /** @internal An fsync was issued now: it will cover the records written so far. */
  beginFsync(): FsyncToken {
    const token: FsyncToken = { path: this.path, upTo: this.count, fileText: undefined };
    this.inflight.add(token);
    return token;
  }

  /** @internal The fsync ended; if it succeeded, its records (as lowered by truncations since) are durable. */
  endFsync(token: FsyncToken, ok: boolean): void {
    this.inflight.delete(token);
    if (ok) this.syncedCount = Math.max(this.syncedCount, Math.min(token.upTo, this.count));
  }

  /** @internal fault: the last record's checksum no longer matches. */
  corruptLast(): boolean {
    if (this.count === 0) return false;
    this.corrupt.add(this.count - 1);
    return true;
  }

  /** @internal power loss: unsynced records vanish; with `tear`, the first of them stays half-written. */
  loseUnsynced(tear: boolean): void {
    if (this.count === this.syncedCount) return;
    const keep = tear ? this.syncedCount + 1 : this.syncedCount;
    this.truncate(keep);
    if (tear) this.corrupt.add(keep - 1);
  }

  private endAt(i: number): number {
    if (this.ends !== undefined) return this.ends.get(i);
    if (this.recordSize !== undefined) {
      let end = this.endBytes;
      for (let j = this.count - 1; j > i; j--) end -= this.recordSize(this, j);
      return end;
    }
    return this.recordEnd === undefined ? (i + 1) * this.recordBytes : this.recordEnd(this.get(i, 0));
  }
}

interface FileState {
  text: string;
  /** The last fsynced content; undefined if never synced (the file vanishes on power loss). */
  durable: string | undefined;
}

export interface DiskConfig {
  /** Bytes the disk can hold; writes beyond fail (DISK_FULL). */
  readonly capacityBytes: number;
  /** fsync latency bounds in microseconds (uniform). */
  readonly fsyncMinUs: number;
  readonly fsyncMaxUs: number;
  /** Chance per million that power loss leaves a torn record at the tail of a log with unsynced data. */
  readonly tornTailProbability: PerMillion;
}

export const DEFAULT_DISK: DiskConfig = {
  capacityBytes: 2 ** 50,
  // NB: an SSD fsync takes ~0.2-2 ms; DLedger flushes every 10 ms anyway.
  fsyncMinUs: 200,
  fsyncMaxUs: 2_000,
  tornTailProbability: toPerMillion(0.5),
};

/** The disk of one host: its logs, its files, its faults. Owned by the kernel; nodes see a DiskView. */
export class HostDisk {
  private readonly logs = new Map<string, DiskLog>();
  private readonly files = new Map<string, FileState>();
  private used = 0;
  /** Multiplier on fsync latency (slow-disk fault); 1 when healthy. */
  slowFactor = 1;
  /** While true, every fsync completes with ok = false (failed-fsync fault). */
  failFsync = false;
  capacityBytes: number;
  /** Set by the kernel: completes the polled fsyncs due by now (polled-fsync.ts) before a durable length is read. */
  onDurableRead: (() => void) | undefined = undefined;

  constructor(readonly config: DiskConfig) {
    this.capacityBytes = config.capacityBytes;
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Bytes a write may still take before it fails (DISK_FULL). */
  get freeBytes(): number {
    return Math.max(0, this.capacityBytes - this.used);
  }

  /** The log at `path`, created on first use with `layout` (the first opening's RecordEnd is kept). */
  log(path: string, fields: number, layout: LogLayout = {}): DiskLog {
    let l = this.logs.get(path);
    if (l === undefined) {
      l = new DiskLog(path, fields, this, layout);
      this.logs.set(path, l);
    }
    assert(l.fields === fields, `log ${path} has ${l.fields} fields, opened with ${fields}`);
    assert(
      l.recordBytes === (layout.recordBytes ?? 0),
      `log ${path} has ${l.recordBytes}-byte records, opened with ${layout.recordBytes ?? 0}`,
    );
    assert(
      l.runFields === (layout.runFields ?? 0),
      `log ${path} has ${l.runFields} run fields, opened with ${layout.runFields ?? 0}`,
    );
    assert(l.uint32 === (layout.uint32 ?? false), `log ${path}: opened with another field width`);
    assert(
      (l.recordSize === undefined) === (layout.recordSize === undefined),
      `log ${path}: opened with and without a RecordSize`,
    );
    return l;
  }

  hasLog(path: string): boolean {
    return this.logs.has(path);
  }

  /** The log at `path` as it was first opened (its layout with it), or undefined if never opened. */
  openedLog(path: string): DiskLog | undefined {
    return this.logs.get(path);
  }

  readFile(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  /** Replaces a file's content in the page cache; false when the disk is full. */
  writeFile(path: string, text: string): boolean {
    const old = this.files.get(path);
    const delta = text.length - (old?.text.length ?? 0);
    if (delta > 0 && !this.reserve(delta)) return false;
    if (delta < 0) this.release(-delta);
    if (old === undefined) this.files.set(path, { text, durable: undefined });
    else old.text = text;
    return true;
  }

  /** Latency of the next fsync, drawn from the host's disk stream. */
  sampleFsyncUs(rng: RandomStream): number {
    return Math.round(rng.int(this.config.fsyncMinUs, this.config.fsyncMaxUs) * this.slowFactor);
  }

  /** An fsync of `path` is issued now: the token says what it will make durable if it succeeds. */
  beginFsync(path: string): FsyncToken {
    const l = this.logs.get(path);
    if (l !== undefined) return l.beginFsync();
    const text = this.readFile(path);
    return { path, upTo: text === undefined ? 0 : 1, fileText: text };
  }

  /** The fsync ended (ok = it reached the platter; false on a failed fsync or a power loss meanwhile). */
  endFsync(token: FsyncToken, ok: boolean): void {
    const l = this.logs.get(token.path);
    if (l !== undefined) {
      l.endFsync(token, ok);
      return;
    }
    const f = this.files.get(token.path);
    if (ok && f !== undefined && token.fileText !== undefined) f.durable = token.fileText;
  }

  /** Power loss: the page cache is gone; logs keep their durable prefix (maybe torn), files their synced content. */
  powerLoss(rng: RandomStream): void {
    for (const path of [...this.logs.keys()].sort()) {
      const l = this.logs.get(path);
      if (l !== undefined) l.loseUnsynced(rng.chance(this.config.tornTailProbability));
    }
    for (const [path, f] of [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (f.durable === undefined) {
        this.release(f.text.length);
        this.files.delete(path);
      } else {
        this.release(f.text.length - f.durable.length);
        f.text = f.durable;
      }
    }
  }

  corruptTail(path: string): boolean {
    return this.logs.get(path)?.corruptLast() ?? false;
  }

  /** Memory all logs of this disk occupy in the simulator (see DiskLog.residentBytes). */
  residentBytes(): number {
    let total = 0;
    for (const l of this.logs.values()) total += l.residentBytes;
    return total;
  }

  paths(): string[] {
    return [...this.logs.keys(), ...this.files.keys()].sort();
  }

  /** @internal */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.capacityBytes) return false;
    this.used += bytes;
    return true;
  }

  /** @internal */
  release(bytes: number): void {
    this.used -= bytes;
  }
}

/** What a node sees of its host's disk. fsync is asynchronous: its completion arrives via SimNode.onDiskDone. */
export interface DiskView {
  log(path: string, fields: number, layout?: LogLayout): DiskLog;
  hasLog(path: string): boolean;
  readFile(path: string): string | undefined;
  writeFile(path: string, text: string): boolean;
  fsync(path: string): number;
  /**
   * An fsync whose completion is not delivered (no onDiskDone unless the disk fails fsyncs): the
   * caller reads it with pollFsync, e.g. on its next round (polled-fsync.ts). Returns its op id.
   * agoUs > 0: issued that long ago, by a round the process computes late (nothing it wrote since).
   */
  fsyncPolled(path: string, agoUs?: Micros): number;
  /** The completion of an fsyncPolled op once it completed (returned once), else undefined; as of agoUs ago. */
  pollFsync(opId: number, agoUs?: Micros): DiskCompletion | undefined;
  /**
   * An fsync whose completion nobody reads (a small file rewritten whole, e.g. consumerOffset.json):
   * it completes on the disk at its instant with no event and nothing to poll (polled-fsync.ts);
   * only while the disk fails fsyncs is its completion delivered (onDiskDone), as any other's.
   */
  fsyncDetached(path: string): void;
  /** Bytes a write may still take (DLedger and the store check this before they append). */
  freeBytes(): number;
}
