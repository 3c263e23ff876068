// A deterministic string <-> small-integer table. The store keeps topics and
// message keys as numbers in typed-array columns, so it needs one shared
// numbering: the cluster creates ONE Interner per run and hands it to every
// broker, which makes a number mean the same string on every broker (records
// replicated between brokers carry numbers that the receiver can decode).
// Numbering is first-come: the n-th distinct string interned gets id n. The
// empty string is pre-interned as id 0, so "no key" / "no real topic" is 0.
// The client history uses the same class for group, topic, broker and node names.
// Not modelled on a RocketMQ class (RocketMQ stores the bytes themselves).
import { assert } from './assert.js';

export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  /**
   * The last string looked up and its id. NB: hot path (every stored record interns its topic, keys,
   * origin and real topic; every pull finds its queue by topic name): most lookups repeat the one
   * topic of a run, and a string compare is cheaper than a Map lookup.
   */
  private lastString = '';
  private lastId = 0;
  /**
   * The one before it: lookups that alternate between two strings (a put's topic and keys, the
   * history's two broker names) hit one or the other.
   */
  private prevString = '';
  private prevId = 0;

  constructor() {
    this.strings.push('');
    this.ids.set('', 0);
  }

  /** The id of `s`, assigning the next free id on first sight. */
  id(s: string): number {
    if (s.length === 0) return 0; // pre-interned: "no key", "no real topic"
    if (s === this.lastString) return this.lastId;
    let known = s === this.prevString ? this.prevId : this.ids.get(s);
    if (known === undefined) {
      known = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, known);
    }
    this.prevString = this.lastString;
    this.prevId = this.lastId;
    this.lastString = s;
    this.lastId = known;
    return known;
  }

  /** The id of `s` if it was ever interned, else -1 (lookups must not grow the table). */
  peek(s: string): number {
    if (s === this.lastString) return this.lastId;
    if (s === this.prevString) return this.prevId;
    return this.ids.get(s) ?? -1;
  }

  /** The string of an id handed out earlier; asserts on an unknown id (a simulator bug). */
  str(id: number): string {
    const s = this.strings[id];
    if (s === undefined) assert(false, `interner: unknown id ${id}`); // hot path: no message string unless failing
    return s;
  }

  /** The string of an id, or '' for an id never handed out (for readers that tolerate absence). */
  nameOf(id: number): string {
    return id >= 0 && id < this.strings.length ? this.str(id) : '';
  }

  /** Number of distinct strings (including the pre-interned empty string). */
  get size(): number {
    return this.strings.length;
  }
}
