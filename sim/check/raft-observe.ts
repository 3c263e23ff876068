// What the Raft checkers share: how they see a DLedger group (its members
// and their logs, live or on disk), the ledger of committed entries built
// from raft.commit events, and power-loss bookkeeping that decides whether
// a lost committed entry was "allowed by page-cache acks" (DLedger acks from
// the page cache unless ackAfterFsync is on). Reusable by any scenario with
// DLedger groups: the cluster builder supplies one probe per group.
import { formatTime, type KernelEvent, type Micros, type Seed } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import type { RaftLogReader } from '../raft/index.js';

export interface RaftGroupProbe {
  readonly group: string;
  readonly members: readonly string[];
  /** A member's log: live when up, else as its disk holds it (undefined if it never wrote one). */
  logOf(member: string): RaftLogReader | undefined;
  /** Whether members ack only after fsync (then any lost committed entry is a violation). */
  readonly ackAfterFsync: boolean;
  /** The member's host (power loss is per host); defaults to the member id. */
  hostOf?(member: string): string;
}

export interface RaftCheckOptions {
  readonly seed: Seed;
  readonly groups: readonly RaftGroupProbe[];
}

export const isRaftEvent = (e: ClusterEvent | RaftEvent): e is RaftEvent => e.kind.startsWith('raft.');

/** "[seed=7 t=12.346s]": every violation names the seed and the simulated time, in the one time format (formatTime). */
export const stamp = (seed: Seed, t: Micros): string => `[seed=${String(seed)} t=${formatTime(t)}]`;

/** How long before an observation a power loss can explain a lost page-cache write (generous: a flush window is 10 ms). */
export const POWER_LOSS_WINDOW_US = 10_000_000;

export class WatchedRaftGroups {
  private readonly byGroup = new Map<string, RaftGroupProbe>();
  private readonly hostToGroups = new Map<string, RaftGroupProbe[]>();
  /** group -> times of power losses of its members' hosts. */
  private readonly powerLosses = new Map<string, Micros[]>();

  constructor(readonly options: RaftCheckOptions) {
    for (const g of options.groups) {
      this.byGroup.set(g.group, g);
      this.powerLosses.set(g.group, []);
      for (const m of g.members) {
        const host = g.hostOf?.(m) ?? m;
        const list = this.hostToGroups.get(host) ?? [];
        list.push(g);
        this.hostToGroups.set(host, list);
      }
    }
  }

  get seed(): Seed {
    return this.options.seed;
  }

  probe(group: string): RaftGroupProbe | undefined {
    return this.byGroup.get(group);
  }

  all(): readonly RaftGroupProbe[] {
    return this.options.groups;
  }

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind !== 'lifecycle' || e.what !== 'power-loss') return;
    for (const g of this.hostToGroups.get(e.node) ?? []) this.powerLosses.get(g.group)?.push(t);
  }

  /** A loss observed at `t` of an entry committed at `committedAt` is explainable by page-cache acks. */
  lossAllowed(group: string, committedAt: Micros, t: Micros): boolean {
    const g = this.byGroup.get(group);
    if (g === undefined || g.ackAfterFsync) return false;
    return (this.powerLosses.get(group) ?? []).some((p) => p >= committedAt - POWER_LOSS_WINDOW_US && p <= t);
  }
}

export interface CommittedEntry {
  readonly hash: number;
  readonly term: number;
  readonly atUs: Micros;
  readonly node: string;
}

/** Committed entries of one group in dense typed columns indexed by log index (entries are numbered from 0). */
class GroupLedger {
  hash = new Float64Array(1024);
  term = new Float64Array(1024);
  atUs = new Float64Array(1024);
  node = new Int32Array(1024).fill(-1);
  /** Highest recorded index + 1. */
  size = 0;

  ensure(i: number): void {
    if (i < this.hash.length) return;
    let n = this.hash.length;
    while (n <= i) n *= 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.hash = grow(this.hash, (k) => new Float64Array(k));
    this.term = grow(this.term, (k) => new Float64Array(k));
    this.atUs = grow(this.atUs, (k) => new Float64Array(k));
    const node = new Int32Array(n).fill(-1);
    node.set(this.node);
    this.node = node;
  }
}

/** Every entry some member reported committed, per group and index, first report wins. */
export class CommittedLedger {
  private readonly byGroup = new Map<string, GroupLedger>();
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();

  private group(g: string): GroupLedger {
    let l = this.byGroup.get(g);
    if (l === undefined) {
      l = new GroupLedger();
      this.byGroup.set(g, l);
    }
    return l;
  }

  private nameId(node: string): number {
    let id = this.nameIds.get(node);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(node);
      this.nameIds.set(node, id);
    }
    return id;
  }

  /** The committed entries of a group, in index order. */
  *entries(group: string): Generator<[number, CommittedEntry]> {
    const l = this.byGroup.get(group);
    if (l === undefined) return;
    for (let i = 0; i < l.size; i++) {
      const n = l.node[i] as number;
      if (n >= 0) yield [i, { hash: l.hash[i] as number, term: l.term[i] as number, atUs: l.atUs[i] as number, node: this.names[n] ?? '?' }];
    }
  }

  /**
   * Records entries (previous, index] as `node`'s log holds them now and
   * calls onConflict for an index already committed with another entry.
   */
  record(t: Micros, node: string, group: string, previous: number, index: number, log: RaftLogReader,
    onConflict: (i: number, before: CommittedEntry, now: CommittedEntry) => void): void {
    const l = this.group(group);
    const id = this.nameId(node);
    const last = Math.min(index, log.endIndex);
    l.ensure(Math.max(0, last));
    for (let i = Math.max(0, previous + 1); i <= last; i++) {
      const hash = log.hashAt(i);
      const before = l.node[i] as number;
      if (before < 0) {
        l.hash[i] = hash;
        l.term[i] = log.termAt(i);
        l.atUs[i] = t;
        l.node[i] = id;
        if (i >= l.size) l.size = i + 1;
      } else if (l.hash[i] !== hash) {
        onConflict(i, { hash: l.hash[i] as number, term: l.term[i] as number, atUs: l.atUs[i] as number, node: this.names[before] ?? '?' },
          { hash, term: log.termAt(i), atUs: t, node });
      }
    }
  }
}
