// Records a run for humans: a capped timeline of faults, process lifecycle
// and the cluster's decisions (each with its describe() line and reason),
// and per-node tracks of up/down/paused state and announced role, which the
// HTML report draws. A trace sink: it never feeds back into the simulation.
// An event's two lines (English and Chinese) are written when the timeline is
// first read, not as it happens: a bench case or a sweep seed that never reads
// it skips them (events are immutable records, so the lines come out the same).
import { compareNodeNames } from '../base/index.js';
import type { KernelEvent, Micros, NodeId, TraceSink } from '../engine/index.js';
import { describeClusterEvent, type ClusterEvent } from '../protocol/index.js';
import { describeClusterEventZh, faultText, lifecycleText } from '../i18n/index.js';
import type { NodeSegment, NodeState, NodeTrack, TimelineEntry } from './result.js';

/** Event kinds that are decisions worth a line in the default timeline. */
const MAJOR_KINDS: ReadonlySet<string> = new Set([
  'ns.broker-removed',
  'ns.group-removed',
  'broker.role',
  'broker.truncated',
  'broker.ha-mid-record',
  'client.route-changed',
  'client.rebalanced',
  'raft.role',
  'raft.truncate',
  'raft.recovered',
  'raft.transfer',
]);

/** Routine progress that would drown the timeline (one per committed entry); counted as left out, never listed. */
const ROUTINE_KINDS: ReadonlySet<string> = new Set(['raft.commit']);

/**
 * A registration is a decision when it changes the route: a new broker, an address that
 * replaced another in its id slot (last writer wins, model §2.2 step 4), or an address that
 * moved to another id and left its old slot empty (issue 10 row 12: the cause of an outage
 * belongs in the default timeline). A periodic heartbeat that changes nothing is routine.
 * `firstRoute`: a client's first route of a topic is how it starts, not a change.
 */
function isMajor(e: ClusterEvent, firstRoute: boolean): boolean {
  if (e.kind === 'ns.broker-registered') return e.first || e.overwrote !== '' || e.movedFromIds.length > 0;
  if (e.kind === 'client.route-changed') return !firstRoute;
  return MAJOR_KINDS.has(e.kind);
}

/** The role a node announces through an event, if any. */
function announcedRole(e: ClusterEvent): string | undefined {
  if (e.kind === 'raft.role') return e.role;
  // A DLedger member starts (and restarts) as a candidate (MemberState's initial role).
  if (e.kind === 'raft.recovered') return 'CANDIDATE';
  if (e.kind === 'broker.role') return e.role;
  return undefined;
}

/** An event's entry whose lines are not written yet. */
interface UnwrittenEntry {
  readonly atUs: Micros;
  readonly node: string;
  readonly kind: string;
  readonly major: boolean;
  readonly event: ClusterEvent;
}

type Line = TimelineEntry | UnwrittenEntry;

/** The entries with every event's lines written, each once: in place, so a second read only copies. */
function written(lines: Line[]): TimelineEntry[] {
  return lines.map((line, i) => {
    if (!('event' in line)) return line;
    const e = line.event;
    // The Chinese line is a second rendering of the same event; the English one stays canonical.
    const entry: TimelineEntry = {
      atUs: line.atUs,
      node: line.node,
      source: 'event',
      kind: line.kind,
      text: describeClusterEvent(e),
      zh: describeClusterEventZh(e),
      major: line.major,
    };
    lines[i] = entry;
    return entry;
  });
}

interface OpenTrack {
  readonly node: string;
  readonly kind: string;
  readonly segments: NodeSegment[];
  state: NodeState;
  role: string;
  sinceUs: Micros;
}

export interface TimelineOptions {
  /** Node name -> kind (namesrv, broker, producer, consumer). */
  readonly kindOf: (node: string) => string;
  /** The processes living on a host, for power loss. */
  readonly nodesOnHost: (host: string) => readonly string[];
  /** Cap on minor entries; major entries have their own, larger cap. */
  readonly maxMinor?: number;
  readonly maxMajor?: number;
}

export class TimelineRecorder implements TraceSink<ClusterEvent> {
  private readonly lines: Line[] = [];
  dropped = 0;
  private minor = 0;
  private major = 0;
  private readonly tracks = new Map<string, OpenTrack>();
  /** client + topic pairs whose first route was seen. */
  private readonly routed = new Set<string>();

  constructor(private readonly options: TimelineOptions) {}

  /** The entries so far, every line written. */
  get entries(): readonly TimelineEntry[] {
    return written(this.lines);
  }

  /**
   * Gives `result` its timeline as an accessor in the place of its placeholder (so key order, JSON
   * and structured clones are unchanged), written on the first read. Defined here, not in the run's
   * scope: the result then holds the entries, not the recorder or the run (whose simulation they reach).
   */
  readLazilyInto<R extends { readonly timeline: readonly TimelineEntry[] }>(result: R): R {
    const lines = this.lines;
    let entries: readonly TimelineEntry[] | undefined;
    return Object.defineProperty(result, 'timeline', {
      get: () => (entries ??= written(lines)),
      enumerable: true,
      configurable: true,
    });
  }

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind === 'fault') {
      this.add({
        atUs: t,
        node: '-',
        source: 'fault',
        kind: e.verb,
        text: faultText(`${e.verb}: ${e.detail}`, 'en'),
        zh: faultText(`${e.verb}: ${e.detail}`, 'zh'),
        major: true,
      });
      return;
    }
    if (e.kind !== 'lifecycle') return;
    if (e.what === 'start' && t === 0) {
      this.setState(t, e.node, 'up');
      return;
    }
    // A process's first start is how the run begins, not an event of it (a scenario with startSpread starts
    // each node at its own instant: scale-out's 80 producers filled the default timeline with them).
    this.add({
      atUs: t,
      node: e.node,
      source: 'lifecycle',
      kind: e.what,
      text: lifecycleText(e.node, e.what, 'en'),
      zh: lifecycleText(e.node, e.what, 'zh'),
      major: e.what !== 'start',
    });
    switch (e.what) {
      case 'start':
      case 'restart':
      case 'resume':
        this.setState(t, e.node, 'up');
        return;
      case 'crash':
        this.setState(t, e.node, 'down');
        return;
      case 'pause':
        this.setState(t, e.node, 'paused');
        return;
      case 'power-loss':
        for (const n of this.options.nodesOnHost(e.node)) this.setState(t, n, 'down');
        return;
      case 'power-on':
        return; // its processes each report their own restart
    }
  }

  onEvent(t: Micros, node: NodeId, e: ClusterEvent): void {
    if (ROUTINE_KINDS.has(e.kind)) {
      this.dropped++;
      return;
    }
    const major = isMajor(e, e.kind === 'client.route-changed' && this.firstRoute(e.client, e.topic));
    // Past its cap the entry would be dropped: no record of it is made for the routine events of a long run.
    if (this.isFull(major)) this.dropped++;
    else this.add({ atUs: t, node, kind: e.kind, major, event: e });
    const role = announcedRole(e);
    if (role !== undefined) this.setRole(t, node, role);
  }

  /**
   * A fault the injector applied to processes (crash, restart, power loss, pause, resume):
   * the kernel reports only its effect, so this line says which selector chose whom.
   */
  recordFault(t: Micros, verb: string, detail: string, nodes: readonly string[]): void {
    const before = this.lines.length;
    this.add({
      atUs: t,
      node: '-',
      source: 'fault',
      kind: verb,
      text: faultText(detail, 'en'),
      zh: faultText(detail, 'zh'),
      major: true,
    });
    if (this.lines.length === before) return;
    // It is recorded after its effects at the same instant (lifecycle, recovery): move it before them.
    let i = before;
    while (i > 0) {
      const prev = this.lines[i - 1];
      if (prev === undefined || prev.atUs !== t || !nodes.includes(prev.node)) break;
      i--;
    }
    const entry = this.lines.pop();
    if (entry !== undefined) this.lines.splice(i, 0, entry);
  }

  /** Closes every open segment at `endUs` and returns the tracks, sorted by kind then name (broker-a-2 before broker-a-10). */
  tracksAt(endUs: Micros): NodeTrack[] {
    const out: NodeTrack[] = [];
    for (const tr of this.tracks.values()) {
      const segments = [...tr.segments];
      if (endUs > tr.sinceUs) segments.push({ fromUs: tr.sinceUs, toUs: endUs, state: tr.state, role: tr.role });
      out.push({ node: tr.node, kind: tr.kind, segments });
    }
    const rank = (k: string): number => ['namesrv', 'broker', 'producer', 'consumer'].indexOf(k) >>> 0;
    return out.sort((a, b) => rank(a.kind) - rank(b.kind) || compareNodeNames(a.node, b.node));
  }

  /** Whether this is the first route `client` learned for `topic` (and remembers that it was seen). */
  private firstRoute(client: string, topic: string): boolean {
    const key = `${client}\u0000${topic}`;
    if (this.routed.has(key)) return false;
    this.routed.add(key);
    return true;
  }

  private isFull(major: boolean): boolean {
    return major ? this.major >= (this.options.maxMajor ?? 5000) : this.minor >= (this.options.maxMinor ?? 5000);
  }

  private add(entry: Line): void {
    if (this.isFull(entry.major)) {
      this.dropped++;
      return;
    }
    if (entry.major) this.major++;
    else this.minor++;
    this.lines.push(entry);
  }

  private track(t: Micros, node: string): OpenTrack {
    let tr = this.tracks.get(node);
    if (tr === undefined) {
      tr = { node, kind: this.options.kindOf(node), segments: [], state: 'down', role: '', sinceUs: t };
      this.tracks.set(node, tr);
    }
    return tr;
  }

  private cut(t: Micros, tr: OpenTrack): void {
    if (t > tr.sinceUs) tr.segments.push({ fromUs: tr.sinceUs, toUs: t, state: tr.state, role: tr.role });
    tr.sinceUs = t;
  }

  private setState(t: Micros, node: string, state: NodeState): void {
    const tr = this.track(t, node);
    if (tr.state === state) return;
    this.cut(t, tr);
    tr.state = state;
    // A process that dies forgets its role; the next one announces its own.
    if (state === 'down') tr.role = '';
  }

  private setRole(t: Micros, node: string, role: string): void {
    const tr = this.track(t, node);
    if (tr.role === role) return;
    this.cut(t, tr);
    tr.role = role;
  }
}
