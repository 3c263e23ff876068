// What the Raft checkers share: how they see a DLedger group (its members
// and their logs, live or on disk), the ledger of committed entries built
// from raft.commit events, and power-loss bookkeeping that decides whether
// a lost committed entry was "allowed by page-cache acks" (DLedger acks from
// the page cache unless ackAfterFsync is on). Reusable by any scenario with
// DLedger groups: the cluster builder supplies one probe per group.
import type { KernelEvent, Micros, Seed } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/events.js';
import type { RaftLogReader } from '../raft/storage.js';
import type { Violation } from './checker.js';

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

/** "[seed=7 t=12.345678s]": every violation names the seed and the simulated time. */
export const stamp = (seed: Seed, t: Micros): string => `[seed=${String(seed)} t=${(t / 1e6).toFixed(6)}s]`;

/** How long before an observation a power loss can explain a lost page-cache write (generous: a flush window is 10 ms). */
export const POWER_LOSS_WINDOW_US = 10_000_000;

export class RaftGroups {
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

/** Every entry some member reported committed, per group and index, first report wins. */
export class CommittedLedger {
  private readonly byGroup = new Map<string, Map<number, CommittedEntry>>();

  entries(group: string): Map<number, CommittedEntry> {
    let m = this.byGroup.get(group);
    if (m === undefined) {
      m = new Map();
      this.byGroup.set(group, m);
    }
    return m;
  }

  /**
   * Records entries (previous, index] as `node`'s log holds them now and
   * calls onConflict for an index already committed with another entry.
   */
  record(t: Micros, node: string, group: string, previous: number, index: number, log: RaftLogReader,
    onConflict: (i: number, before: CommittedEntry, now: CommittedEntry) => void): void {
    const m = this.entries(group);
    for (let i = Math.max(0, previous + 1); i <= index && i <= log.endIndex; i++) {
      const hash = log.hashAt(i);
      const before = m.get(i);
      if (before === undefined) m.set(i, { hash, term: log.termAt(i), atUs: t, node });
      else if (before.hash !== hash) onConflict(i, before, { hash, term: log.termAt(i), atUs: t, node });
    }
  }
}

export const violation = (atUs: Micros, message: string, nodes: readonly string[]): Violation => ({ atUs, message, nodes });
