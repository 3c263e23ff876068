// An append-only numeric column stored as runs of equal values: one run per
// change, so a column that rarely changes (a Raft log's term, the kind of
// its entries) costs a few numbers per run instead of bytes per row. Reads
// binary-search the runs, with a one-run cache for the sequential and
// tail reads that dominate. Rows are truncated from the end like the logs
// that hold them. Simulator bookkeeping, not a RocketMQ structure.
import { assert } from './assert.js';

export class RunColumn {
  /** First row of each run, ascending. */
  private readonly starts: number[] = [];
  private readonly values: number[] = [];
  private rows = 0;
  /** The run the last read fell in. */
  private cached = 0;

  get length(): number {
    return this.rows;
  }

  /** Number of runs held (for memory figures). */
  get runs(): number {
    return this.starts.length;
  }

  /** Appends `value` as row `length`. */
  push(value: number): void {
    const last = this.values.length - 1;
    if (last < 0 || this.values[last] !== value) {
      this.starts.push(this.rows);
      this.values.push(value);
    }
    this.rows++;
  }

  /** The value of row i (0 <= i < length). */
  get(i: number): number {
    if (!(i >= 0 && i < this.rows)) assert(false, `run column: row ${i} out of range [0, ${this.rows})`);
    const c = this.cached;
    if (
      c < this.starts.length &&
      (this.starts[c] as number) <= i &&
      (c + 1 === this.starts.length || (this.starts[c + 1] as number) > i)
    ) {
      return this.values[c] as number;
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    this.cached = lo;
    return this.values[lo] as number;
  }

  /** Keeps the first `rows` rows. */
  truncate(rows: number): void {
    if (rows >= this.rows) return;
    this.rows = Math.max(0, rows);
    while (this.starts.length > 0 && (this.starts[this.starts.length - 1] as number) >= this.rows) {
      this.starts.pop();
      this.values.pop();
    }
    this.cached = 0;
  }
}
