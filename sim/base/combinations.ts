// A table of small numeric tuples that repeat (a history row's group, instance,
// topic, broker and queue; a stored message's meta, topic and producer): each
// distinct combination is kept once and named by a dense id, in order of first
// sight, so a row stores one id instead of its fields. Found through nested
// maps of exact numeric keys (the fields in order, each in its declared number
// of bits, packed greedily into keys of at most 53 bits: one map level per
// key), with recently used combinations cached by a hash of their fields: rows
// alternate among a few combinations (a pull batch from one queue, a
// producer's run of puts).
// Simulator bookkeeping (issue 9: memory), not a RocketMQ structure.
import { assert, fail } from './assert.js';

/** Slots of the recent-combination cache (a power of two): a run's tables hold a few hundred combinations (8 KiB each). */
const RECENT = 2048;
/** Bits an exact numeric key can take. */
const KEY_BITS = 53;

/** One level of the index: a key's next level, or at the last level the id. */
type Level = Map<number, Level | number>;

/** Where each key's fields start, packing fields of `bits` in order into keys of at most KEY_BITS; ends with the width. */
function keyBounds(bits: readonly number[], what: string): number[] {
  const bounds = [0];
  let used = 0;
  bits.forEach((b, k) => {
    assert(b > 0 && b <= KEY_BITS, `${what}: field ${k} of ${b} bits cannot make an exact key`);
    if (used + b > KEY_BITS) {
      bounds.push(k);
      used = 0;
    }
    used += b;
  });
  bounds.push(bits.length);
  return bounds;
}

export class Combinations {
  /** Field values of each combination, side by side: id * width + field. */
  private readonly values: number[] = [];
  private readonly index: Level = new Map();
  /** Field index where each key of the index starts, then the width. */
  private readonly bounds: readonly number[];
  /** Recently used ids (-1: none), by a hash of their fields. */
  private readonly recent = new Int32Array(RECENT).fill(-1);
  readonly width: number;
  /** 2 ** fieldBits[k], computed once: `**` on a variable is a Math.pow call (hot: every cache miss). */
  private readonly spans: readonly number[];

  /** `fieldBits[k]`: how many bits field k may take (at most 53; a field that does not fit fails with `what`'s message). */
  constructor(
    private readonly fieldBits: readonly number[],
    private readonly what: string,
  ) {
    this.width = fieldBits.length;
    assert(this.width > 0, `${what}: no fields`);
    this.bounds = keyBounds(fieldBits, what);
    this.spans = fieldBits.map((b) => 2 ** b);
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
    const last = this.bounds.length - 2;
    let level = this.index;
    for (let l = 0; l < last; l++) {
      const key = this.keyOf(values, this.bounds[l] as number, this.bounds[l + 1] as number);
      let next = level.get(key);
      if (next === undefined) {
        next = new Map();
        level.set(key, next);
      }
      if (typeof next === 'number') return fail(`${this.what}: index level ${l} holds an id`);
      level = next;
    }
    const key = this.keyOf(values, this.bounds[last] as number, this.bounds[last + 1] as number);
    const found = level.get(key);
    if (typeof found === 'number') return found;
    assert(found === undefined, `${this.what}: the last index level holds a map`);
    const id = this.size;
    for (let k = 0; k < this.width; k++) this.values.push(values[k] as number);
    level.set(key, id);
    return id;
  }
}
