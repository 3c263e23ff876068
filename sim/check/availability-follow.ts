// Availability that follows the faults (issue 13 part 3): records what the
// faults did to each process (crash, power loss, pause, from the kernel's
// lifecycle events) and who led each group when (broker.role), and at the
// end turns them, with the injected network and disk faults, into the
// excused windows of availability-needs.ts and a per-send verdict: is this
// send required to succeed?
import type { KernelEvent, Micros } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { isSettled, type History } from '../history/index.js';
import type { InjectedFault } from './injected-faults.js';
import { causeGraceUs, ElectionRecord } from './election-record.js';
import { excusedWindows } from './availability-needs.js';
import { faultOutages } from './fault-outages.js';
import {
  type ExcusedWindow,
  type FaultElection,
  type LeadershipTransfer,
  type NeedsGroup,
  type NeedsTimings,
  type NodeOutage,
} from './needs-input.js';
import { routeBoundWindows, routelessSpans, type ProducerRoute } from './availability-routes.js';

export interface AvailabilityNeeds {
  readonly groups: readonly NeedsGroup[];
  readonly namesrvs: readonly string[];
  readonly producers: readonly string[];
  readonly timings: NeedsTimings;
  /** The faults injected in the run, read at the end. */
  readonly faults: () => readonly InjectedFault[];
}

/** Lifecycle changes that take a process away, and the one that gives it back. */
const DOWN: Readonly<Record<string, { how: string; silent: boolean } | undefined>> = {
  // A crashed process's host answers RST (engine/lifecycle.ts); power loss and pause answer nothing.
  crash: { how: 'crash', silent: false },
  'power-loss': { how: 'power-loss', silent: true },
  pause: { how: 'pause', silent: true },
};
const UP: ReadonlySet<string> = new Set(['restart', 'resume']);

export class FaultFollower {
  private readonly open = new Map<string, { fromUs: Micros; how: string; silent: boolean }>();
  private readonly outages: NodeOutage[] = [];
  private readonly leaders: { atUs: Micros; group: string; node: string | undefined }[] = [];
  private readonly transfers = new TransferLog();
  private readonly routes = new ProducerRoutes();
  private readonly elections: ElectionRecord[];

  constructor(private readonly needs: AvailabilityNeeds) {
    this.elections = needs.groups.filter((g) => g.mode === 'dledger').map((g) => new ElectionRecord(g.name));
  }

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind !== 'lifecycle') return;
    // A producer process that dies or restarts loses its cached routes (they live in memory only).
    if (this.needs.producers.includes(e.node) && e.what !== 'pause' && e.what !== 'resume')
      this.routes.forget(t, e.node);
    const down = DOWN[e.what];
    // NB: a power loss names the host; every process lives on a host of its own name.
    if (down !== undefined && !this.open.has(e.node)) this.open.set(e.node, { fromUs: t, ...down });
    const was = this.open.get(e.node);
    if (UP.has(e.what) && was !== undefined) {
      this.open.delete(e.node);
      this.outages.push({ node: e.node, fromUs: was.fromUs, toUs: t, how: was.how, silent: was.silent });
    }
  }

  onEvent(t: Micros, e: ClusterEvent): void {
    for (const r of this.elections) r.onEvent(t, e);
    if (e.kind === 'client.route-changed' && this.needs.producers.includes(e.client))
      this.routes.onRoute(t, e.client, e.topic, e.writableBrokers);
    if (e.kind === 'raft.transfer') this.transfers.onTransfer(t, e.group, e.transferee, e.phase);
    if (e.kind !== 'broker.role') return;
    if (e.brokerId === 0) this.transfers.onMaster(t, e.brokerName);
    if (e.brokerId === 0) this.leaders.push({ atUs: t, group: e.brokerName, node: e.broker });
    else if (this.leaderAt(e.brokerName, t) === e.broker)
      this.leaders.push({ atUs: t, group: e.brokerName, node: undefined });
  }

  /** Times the producers' routes hold only groups whose sends `windows` excuse (availability-routes.ts). */
  routeBound(windows: readonly ExcusedWindow[], endUs: Micros): ExcusedWindow[] {
    return routeBoundWindows(windows, this.routes.log, this.needs.producers, endUs);
  }

  /** The elections an injected fault explains, by the rule leader-changes counts with (election-record.ts). */
  private faultElections(endUs: Micros): FaultElection[] {
    const graceUs = causeGraceUs(this.needs.timings.electionUs);
    const faults = this.needs.faults();
    return this.elections.flatMap((r) => {
      const members = this.needs.groups.find((g) => g.name === r.group)?.members ?? [];
      return r.explain({ members, faults, graceUs, endUs }).flatMap((x) => {
        if (x.cause?.fault === undefined || x.deposedUs === undefined) return [];
        // The group's next master (the new leader once its dispatch caught up, or whoever leads then), within the
        // election bound of the election: a leader that never becomes master is no longer the fault's doing.
        const bound = x.atUs + this.needs.timings.electionUs;
        const master = this.leaders.find((l) => l.group === r.group && l.node !== undefined && l.atUs >= x.atUs);
        const masterUs = Math.min(master?.atUs ?? bound, bound, endUs);
        return [{ group: r.group, node: x.node, term: x.term, fromUs: x.deposedUs, masterUs, cause: x.cause.text }];
      });
    });
  }

  private leaderAt(group: string, atUs: Micros): string | undefined {
    let who: string | undefined;
    for (const l of this.leaders) if (l.group === group && l.atUs <= atUs) who = l.node;
    return who;
  }

  /** The run's excused windows; `accept` decides whether a SYNC_MASTER needs its slave and a SYNC_FLUSH master a fast disk. */
  windows(endUs: Micros, accept: readonly string[]): ExcusedWindow[] {
    const n = this.needs;
    const closed = [...this.open].map(([node, o]): NodeOutage => ({
      node,
      fromUs: o.fromUs,
      toUs: endUs,
      how: o.how,
      silent: o.silent,
    }));
    return excusedWindows({
      groups: n.groups,
      namesrvs: n.namesrvs,
      producers: n.producers,
      timings: n.timings,
      endUs,
      outages: [...this.outages, ...closed, ...faultOutages(n.faults(), n.groups, n.producers, endUs)],
      transfers: this.transfers.all(endUs),
      elections: this.faultElections(endUs),
      leaderAt: (g, t) => this.leaderAt(g, t),
      routeless: routelessSpans(this.routes.log, n.producers, endUs),
      needsSlave: !accept.includes('SLAVE_NOT_AVAILABLE'),
      needsFastDisk: !accept.includes('FLUSH_DISK_TIMEOUT'),
    });
  }
}

/** Every producer instance's writable groups over time: the union over the topics it holds routes for. */
class ProducerRoutes {
  private readonly byClient = new Map<string, Map<string, readonly string[]>>();
  readonly log: ProducerRoute[] = [];

  onRoute(t: Micros, client: string, topic: string, writable: readonly string[]): void {
    const topics = this.byClient.get(client) ?? new Map<string, readonly string[]>();
    topics.set(topic, writable);
    this.byClient.set(client, topics);
    this.log.push({ atUs: t, client, writable: [...new Set([...topics.values()].flat())].sort() });
  }

  forget(t: Micros, client: string): void {
    this.byClient.delete(client);
    this.log.push({ atUs: t, client, writable: [] });
  }
}

/**
 * Leadership transfers from the members' raft.transfer events: open from the leader's 'start'; completed when,
 * after the transferee's 'take', the group announces a master; not completed when the leader gives up
 * ('abort', or 'end' with no 'take': it stepped down for another reason) or the run ends first.
 */
class TransferLog {
  private readonly open = new Map<string, { fromUs: Micros; transferee: string; taken: boolean }>();
  private readonly done: LeadershipTransfer[] = [];

  onTransfer(t: Micros, group: string, transferee: string, phase: string): void {
    if (phase === 'start') {
      this.close(t, group, false);
      this.open.set(group, { fromUs: t, transferee, taken: false });
      return;
    }
    const o = this.open.get(group);
    if (o !== undefined && phase === 'take') o.taken = true;
    else if (o !== undefined && (phase === 'abort' || (phase === 'end' && !o.taken))) this.close(t, group, false);
  }

  onMaster(t: Micros, group: string): void {
    if (this.open.get(group)?.taken === true) this.close(t, group, true);
  }

  all(endUs: Micros): LeadershipTransfer[] {
    return [
      ...this.done,
      ...[...this.open].map(([group, o]) => ({
        group,
        transferee: o.transferee,
        fromUs: o.fromUs,
        toUs: endUs,
        completed: false,
      })),
    ];
  }

  private close(t: Micros, group: string, completed: boolean): void {
    const o = this.open.get(group);
    if (o === undefined) return;
    this.open.delete(group);
    this.done.push({ group, transferee: o.transferee, fromUs: o.fromUs, toUs: t, completed });
  }
}

/**
 * Per send row: true when one of the windows excuses it (its life overlaps a window for every send, or one for
 * its group). Only settled sends are judged, so only they are excused: a PENDING or ONEWAY row stays 0.
 */
export function excusedSends(h: History, windows: readonly ExcusedWindow[], endUs: Micros): Uint8Array {
  const c = h.sends.col;
  const out = new Uint8Array(h.sends.length);
  const scoped = windows.map((w) => ({ w, broker: w.group === undefined ? -1 : h.names.peek(w.group) }));
  for (let i = 0; i < h.sends.length; i++) {
    if (!isSettled(c.outcome.get(i))) continue;
    const from = c.invokeUs.get(i);
    const to = Math.min(endUs, c.doneUs.get(i));
    for (const { w, broker } of scoped) {
      if (from > w.toUs || to < w.fromUs) continue;
      if (w.group === undefined || c.broker.get(i) === broker) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}
