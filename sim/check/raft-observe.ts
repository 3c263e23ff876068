// What the Raft checkers share: how they see a DLedger group (its members
// and their logs, live or on disk), the ledger of committed entries built
// from raft.commit events, and power-loss bookkeeping that decides whether
// a lost committed entry was "allowed by page-cache acks" (DLedger acks from
// the page cache unless ackAfterFsync is on). Reusable by any scenario with
// DLedger groups: the cluster builder supplies one probe per group.
import { assert, chunkedColumn, DeltaColumn, RunColumn } from '../base/index.js';
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

export const isRaftEvent = (e: ClusterEvent | RaftEvent): e is RaftEvent => isRaftKind(e.kind);

/** The kinds isRaftEvent accepts: a sink that reads Raft events only declares it with this (TraceSink.readsEvent). */
export const isRaftKind = (kind: string): boolean => kind.startsWith('raft.');

/** The event the commit-driven checkers judge (about once per message and member). */
export type RaftCommit = Extract<RaftEvent, { kind: 'raft.commit' }>;

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

/** Committer ids take the low 16 bits of a ledger's packed term and committer. */
const NODE_SPAN = 0x1_0000;

export interface CommittedEntry {
  readonly hash: number;
  readonly term: number;
  readonly atUs: Micros;
  readonly node: string;
}

/**
 * Committed entries of one group indexed by log index (entries are numbered from 0): hash in a
 * chunked Float64 column, commit time in a DeltaColumn (4 bytes; commits are recorded as the run
 * reaches them), term and committer as runs (they change once per leader, not per entry). About
 * 12 bytes per committed entry. An index recorded below the highest one (a gap some member fills
 * later, rare) keeps its term and committer in a side map.
 */
class GroupLedger {
  readonly hash = chunkedColumn(Float64Array);
  readonly atUs = new DeltaColumn();
  /** term * 2^16 + committer + 1 per index (0 = not recorded), as runs. */
  private readonly who = new RunColumn();
  /** `who` of the indexes recorded after a higher one was. */
  private readonly late = new Map<number, number>();

  /** Highest recorded index + 1. */
  get size(): number {
    return this.who.length;
  }

  private whoAt(i: number): number {
    const late = this.late.size > 0 ? this.late.get(i) : undefined;
    return late ?? (i < this.who.length ? this.who.get(i) : 0);
  }

  /** The committer's id of entry i, or -1 when no member reported it committed. */
  nodeAt(i: number): number {
    return (this.whoAt(i) % NODE_SPAN) - 1;
  }

  entryAt(i: number, names: readonly string[]): CommittedEntry {
    return {
      hash: this.hash.get(i),
      term: Math.floor(this.whoAt(i) / NODE_SPAN),
      atUs: this.atUs.get(i),
      node: names[this.nodeAt(i)] ?? '?',
    };
  }

  set(i: number, hash: number, term: number, atUs: Micros, node: number): void {
    if (!(Number.isInteger(term) && term >= 0 && term <= 0xffff_ffff && node >= 0 && node < NODE_SPAN - 1))
      assert(false, `committed entry ${i}: term ${term} or node ${node} out of range`);
    this.hash.set(i, 0, hash);
    this.atUs.set(i, 0, atUs);
    const who = term * NODE_SPAN + node + 1;
    if (i < this.who.length) {
      this.late.set(i, who);
      return;
    }
    // Entries between the old size and i (never reported) read as unrecorded.
    while (this.who.length < i) this.who.push(0);
    this.who.push(who);
  }
}

/** An index reported committed with an entry other than the one first reported. */
export interface LedgerConflict {
  readonly index: number;
  readonly before: CommittedEntry;
  readonly now: CommittedEntry;
}

const NO_CONFLICTS: LedgerConflict[] = [];

/**
 * Every entry some member reported committed, per group and index, first report wins. One
 * ledger serves every commit-driven checker of a suite (RaftCheckSuite records each
 * raft.commit once, before the checkers see the event).
 */
export class CommittedLedger {
  private conflicts: LedgerConflict[] = NO_CONFLICTS;
  private reporter: RaftLogReader | undefined = undefined;
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

  /**
   * Calls `stop` with the index and hash of each committed entry of a group, in index order, until it
   * returns true; returns that index, or -1 when it never did. No object per entry (NB: every committed
   * entry of the run, at each election and at the end).
   */
  scanHashes(group: string, stop: (index: number, hash: number) => boolean): number {
    const l = this.byGroup.get(group);
    if (l === undefined) return -1;
    for (let i = 0; i < l.size; i++) if (l.nodeAt(i) >= 0 && stop(i, l.hash.get(i))) return i;
    return -1;
  }

  /** Committed entry `i` of a group (one scanHashes visited). */
  entryAt(group: string, i: number): CommittedEntry {
    const l = this.byGroup.get(group);
    assert(l !== undefined, `no committed entry in group ${group}`);
    return l.entryAt(i, this.names);
  }

  /**
   * Records entries (previous, index] as `node`'s log holds them now (nothing when it has no log); an
   * index already committed with another entry is a conflict, kept in lastConflicts until the next call.
   */
  record(
    t: Micros,
    node: string,
    group: string,
    previous: number,
    index: number,
    log: RaftLogReader | undefined,
  ): void {
    this.conflicts = NO_CONFLICTS;
    this.reporter = log;
    if (log === undefined) return;
    const l = this.group(group);
    const id = this.nameId(node);
    const last = Math.min(index, log.endIndex);
    for (let i = Math.max(0, previous + 1); i <= last; i++) {
      const hash = log.hashAt(i);
      if (l.nodeAt(i) < 0) l.set(i, hash, log.termAt(i), t, id);
      else if (l.hash.get(i) !== hash) {
        if (this.conflicts === NO_CONFLICTS) this.conflicts = [];
        this.conflicts.push({
          index: i,
          before: l.entryAt(i, this.names),
          now: { hash, term: log.termAt(i), atUs: t, node },
        });
      }
    }
  }

  /**
   * The reporting member's log at the last record() call (undefined when the member has none), so the
   * checkers judging the same raft.commit do not look it up again (NB: about once per message per member).
   */
  get lastLog(): RaftLogReader | undefined {
    return this.reporter;
  }

  /** The conflicts the last record() call found (every checker sharing this ledger judges the same event). */
  get lastConflicts(): readonly LedgerConflict[] {
    return this.conflicts;
  }
}
