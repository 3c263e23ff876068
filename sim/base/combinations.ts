// A table of small numeric tuples that repeat (a history row's group, instance,
// topic, broker and queue; a stored message's meta, topic and producer): each
// distinct combination is kept once and named by a dense id, in order of first
// sight, so a row stores one 32-bit id instead of its fields. Found through two
// maps of exact numeric keys (the fields before `split` make the outer key, the
// rest the inner one, each field in its declared number of bits), with recently
// used combinations cached by a hash of their fields: rows alternate among a
// few combinations (a pull batch from one queue, a producer's run of puts).
// Simulator bookkeeping (issue 9: memory), not a RocketMQ structure.
import { assert } from './assert.js';

/** Slots of the recent-combination cache (a power of two): a run's tables hold a few hundred combinations (8 KiB each). */
const RECENT = 2048;

export class Combinations {
  /** Field values of each combination, side by side: id * width + field. */
  private readonly values: number[] = [];
  private readonly index = new Map<number, Map<number, number>>();
  /** Recently used ids (-1: none), by a hash of their fields. */
  private readonly recent = new Int32Array(RECENT).fill(-1);
  readonly width: number;
  /** 2 ** fieldBits[k], computed once: `**` on a variable is a Math.pow call (hot: every cache miss). */
  private readonly spans: readonly number[];

  /**
   * `fieldBits[k]`: how many bits field k may take (a field that does not fit fails with `what`'s
   * message); the fields before `split` key the outer map, the rest the inner one, each key at most
   * 53 bits so it stays an exact number.
   */
  constructor(
    private readonly fieldBits: readonly number[],
    private readonly split: number,
    private readonly what: string,
  ) {
    this.width = fieldBits.length;
    this.spans = fieldBits.map((b) => 2 ** b);
    const bits = (from: number, to: number): number => fieldBits.slice(from, to).reduce((a, b) => a + b, 0);
    assert(
      split > 0 && split <= this.width && bits(0, split) <= 53 && bits(split, this.width) <= 53,
      `${what}: fields ${fieldBits.join(',')} split at ${split} do not make exact keys`,
    );
  }

  /** The id of `values` (one per field), added on first sight. */
  idOf(values: readonly number[]): number {
    // A multiplicative hash of every field's low and high 32 bits (fields reach 53 bits), folded so
    // the slot bits depend on all of them: `h * 31 + v` kept only the low bits, missed 70-98%.
    let h = 0;
    for (let k = 0; k < this.width; k++) {
      const v = values[k] as number;
      h = Math.imul(h ^ (v | 0), 0x9e3779b1);
      h = Math.imul(h ^ ((v / 0x1_0000_0000) | 0), 0x85ebca6b);
    }
    const slot = (h ^ (h >>> 16)) & (RECENT - 1);
    let id = this.recent[slot] as number;
    if (id < 0 || !this.holds(id, values)) {
      id = this.intern(values);
      this.recent[slot] = id;
    }
    return id;
  }

  /** Field `k` of combination `id`. */
  field(id: number, k: number): number {
    return this.values[id * this.width + k] as number;
  }

  /** Whether `id` names a combination of the table. */
  has(id: number): boolean {
    return id >= 0 && id * this.width < this.values.length;
  }

  /** Number of distinct combinations. */
  get size(): number {
    return this.values.length / this.width;
  }

  private holds(id: number, values: readonly number[]): boolean {
    const base = id * this.width;
    for (let k = 0; k < this.width; k++) if (values[k] !== this.values[base + k]) return false;
    return true;
  }

  private keyOf(values: readonly number[], from: number, to: number): number {
    let key = 0;
    for (let k = from; k < to; k++) {
      const v = values[k] as number;
      const span = this.spans[k] as number;
      if (!(Number.isInteger(v) && v >= 0 && v < span))
        assert(false, `${this.what}: field ${k} = ${v} does not fit ${this.fieldBits[k]} bits`);
      key = key * span + v;
    }
    return key;
  }

  private intern(values: readonly number[]): number {
    const outer = this.keyOf(values, 0, this.split);
    const inner = this.keyOf(values, this.split, this.width);
    let level = this.index.get(outer);
    if (level === undefined) {
      level = new Map();
      this.index.set(outer, level);
    }
    let id = level.get(inner);
    if (id === undefined) {
      id = this.size;
      for (let k = 0; k < this.width; k++) this.values.push(values[k] as number);
      level.set(inner, id);
    }
    return id;
  }
}
