// The trace: what happened, in order. Its digest, the trace hash, proves
// replay: same scenario + same seed + same code => same hash. Hot events
// (deliveries, timer firings) are mixed in as numbers; rare ones (faults,
// lifecycle, domain events) are mixed in as their canonical text line.
import type { Micros } from './time.js';
import type { NodeId } from './node.js';

export type DropReason = 'partition' | 'loss' | 'host-down' | 'refused' | 'stale' | 'late-reply';

/** Kernel-level trace events (domain events are the simulation's type parameter E). */
export type KernelEvent =
  | {
      readonly kind: 'deliver';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly type: string;
      readonly rpc: number;
    }
  | { readonly kind: 'timer'; readonly node: NodeId; readonly name: string }
  | {
      readonly kind: 'drop';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly type: string;
      readonly reason: DropReason;
    }
  | {
      readonly kind: 'rpc-failed';
      readonly node: NodeId;
      readonly to: NodeId;
      readonly type: string;
      readonly reason: string;
    }
  | { readonly kind: 'channel-closed'; readonly node: NodeId; readonly peer: NodeId }
  | { readonly kind: 'lifecycle'; readonly node: string; readonly what: LifecycleChange }
  | { readonly kind: 'fault'; readonly verb: string; readonly detail: string };

export type LifecycleChange = 'start' | 'crash' | 'restart' | 'pause' | 'resume' | 'power-loss' | 'power-on';

export function describeKernelEvent(e: KernelEvent): string {
  switch (e.kind) {
    case 'deliver':
      return `deliver ${e.from}->${e.to} ${e.type}${e.rpc !== 0 ? ` rpc=${e.rpc}` : ''}`;
    case 'timer':
      return `timer ${e.node} ${e.name}`;
    case 'drop':
      return `drop ${e.from}->${e.to} ${e.type} (${e.reason})`;
    case 'rpc-failed':
      return `rpc-failed ${e.node}->${e.to} ${e.type} (${e.reason})`;
    case 'channel-closed':
      return `channel-closed ${e.node} sees ${e.peer} close`;
    case 'lifecycle':
      return `${e.what} ${e.node}`;
    case 'fault':
      return `fault ${e.verb} ${e.detail}`;
  }
}

/** Receives trace events. Deliveries and timers reach onKernel only when the sink asks for them. */
export interface TraceSink<E> {
  /** When true, every delivery and timer firing is reported too (costly; for JSONL and teaching). */
  readonly wantsHotEvents?: boolean;
  onKernel?(t: Micros, e: KernelEvent): void;
  onEvent?(t: Micros, node: NodeId, e: E): void;
  /**
   * Whether onEvent reads events of this kind (SimulationOptions.eventKind); absent = every kind.
   * A sink that declares must be truthful: an event of a kind it denies never reaches it.
   */
  readsEvent?(kind: string): boolean;
}

/** Names remembered by mixName: a run names a few hundred at most; past this, digests are recomputed. */
const MAX_NAMES = 4096;

/** FNV-1a over the UTF-16 code units, with murmur3's finalizer: a name's digest for mixName. */
export function nameDigest(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16) ^ s.length;
}

/**
 * A 64-bit streaming digest built from two 32-bit lanes (murmur3-style
 * mixing with Math.imul), so it is identical on every platform and fast
 * enough to run on every event.
 */
export class TraceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private count = 0;
  private readonly names = new Map<string, number>();

  get events(): number {
    return this.count;
  }

  mixInt(x: number): void {
    let k = x | 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
    let g = this.h2 ^ Math.imul(k ^ (k >>> 16), 0x85ebca6b);
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 0x27d4eb2d) + this.h1) | 0;
  }

  mixString(s: string): void {
    this.mixInt(s.length);
    for (let i = 0; i < s.length; i++) this.mixInt(s.charCodeAt(i));
  }

  /**
   * A name (a node, a group, an address) by its own 32-bit digest, remembered per distinct string:
   * the periodic registrations name the same few brokers all day, and one mixing round per name
   * is a fifth of mixing its characters (issue 9, idle CPU). The digest depends on the text alone,
   * never on the order names first appear, so two traces that differ only in that order differ here too.
   */
  mixName(s: string): void {
    let d = this.names.get(s);
    if (d === undefined) {
      d = nameDigest(s);
      if (this.names.size < MAX_NAMES) this.names.set(s, d);
    }
    this.mixInt(d);
  }

  /** Marks the start of one trace record: its time and kind. */
  record(t: Micros, tag: number): void {
    this.count++;
    // t % 2^32 without the floating-point remainder (a library call per event): the same
    // number for every time the clock takes (non-negative, below 2^53).
    const high = Math.floor(t / 0x100000000);
    this.mixInt(t - high * 0x100000000);
    this.mixInt(high * 256 + tag);
  }

  digest(): string {
    const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
    return hex(this.h1) + hex(this.h2);
  }
}
