// Send availability, read from the client history and the event stream:
// the success ratio of sends over time windows, the longest window with no
// successful send per producer group, and for each injected broker fault the
// phases of the outage: fault -> NameServer removal of the broker -> the last
// producer route update that drops it -> the first acknowledged send stored
// on that group again (docs/model.md §7 timelines).
// A send succeeds when its status is one the expectation accepts (SEND_OK
// only by default: SLAVE_NOT_AVAILABLE is stored but not replicated, §3.5).
// An outage is judged only while the group is offering sends: from its first
// send to the last moment it had a send outstanding, never after it stopped.
// With `needs` (followFaults), availability is required only while the faults
// leave what the configuration needs (availability-needs.ts): sends in an
// excused window count neither way, and excused time is no outage.
import {
  formatDuration,
  formatTime,
  type KernelEvent,
  type Micros,
  type NodeId,
  type TraceSink,
} from '../engine/index.js';
import { statusCode, type ClusterEvent, type SendStatus } from '../protocol/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { phrase } from '../i18n/index.js';
import { isAcked, isSettled, SendOutcome, type History } from '../history/index.js';
import { excusedSends, FaultFollower, type AvailabilityNeeds } from './availability-follow.js';
import { describeTimings, describeWindow } from './needs-input.js';

/** Microseconds as seconds with millisecond precision, e.g. "12.345s". */
const seconds = (us: Micros): string => `${(us / 1_000_000).toFixed(3)}s`;

export interface BrokerFault {
  readonly atUs: Micros;
  /** The broker group hit (its master or leader died). */
  readonly brokerName: string;
  readonly label: string;
}

export interface AvailabilityOptions {
  readonly history: History;
  /** Only this producer group's sends count (default: every group). */
  readonly producerGroup?: string;
  /** Window of the success ratio series (default 10 s). */
  readonly windowUs?: Micros;
  /** Overall ratio of acked to finished sends below this is a violation (default: only reported). */
  readonly minSuccessRatio?: number;
  /** A producer group's longest window without an acked send above this is a violation. */
  readonly maxOutageUs?: Micros;
  /** Broker faults to break down; more are found on their own when kernelSink() is subscribed. */
  readonly faults?: readonly BrokerFault[];
  /** The statuses that count as a successful send (default: SEND_OK only). */
  readonly accept?: readonly SendStatus[];
  /** Require availability only while the faults leave what the configuration needs (followFaults). */
  readonly needs?: AvailabilityNeeds;
}

/** A predicate over outcome codes: is this send a success under `accept`? */
export function acceptedOutcomes(accept: readonly SendStatus[] = ['SEND_OK']): (outcome: number) => boolean {
  const codes = new Set<number>(accept.map(statusCode));
  return (o) => codes.has(o);
}

export interface GapQuery {
  readonly group?: string;
  readonly brokerName?: string;
  readonly fromUs: Micros;
  readonly toUs: Micros;
  /** What counts as a success (default: any stored status). */
  readonly success?: (outcome: number) => boolean;
  /** Time in these windows is not counted in a gap (excused: nothing was required then). */
  readonly skip?: readonly { readonly fromUs: Micros; readonly toUs: Micros }[];
}

/** How much of [from, to] the windows cover (windows may overlap). */
function covered(
  windows: readonly { readonly fromUs: Micros; readonly toUs: Micros }[],
  from: Micros,
  to: Micros,
): Micros {
  const parts = windows
    .map((w) => [Math.max(from, w.fromUs), Math.min(to, w.toUs)] as const)
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = from;
  for (const [a, b] of parts) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

/** Longest interval in [fromUs, toUs] with no successful send (by completion time) matching the query. */
export function longestGapUs(h: History, q: GapQuery): { readonly gapUs: Micros; readonly startUs: Micros } {
  const g = q.group === undefined ? -2 : h.names.peek(q.group);
  const b = q.brokerName === undefined ? -2 : h.names.peek(q.brokerName);
  const c = h.sends.col;
  // A typed array sorted natively: the gaps of an hour of sends without a copy of each time as a boxed list.
  const all = new Float64Array(h.sends.length);
  let n = 0;
  const success = q.success ?? isAcked;
  for (let i = 0; i < h.sends.length; i++) {
    if (!success(c.outcome.get(i)) || (g !== -2 && c.group.get(i) !== g) || (b !== -2 && c.broker.get(i) !== b))
      continue;
    const t = c.doneUs.get(i);
    if (t >= q.fromUs && t <= q.toUs) all[n++] = t;
  }
  const times = all.subarray(0, n).sort();
  let best = { gapUs: 0, startUs: q.fromUs };
  let prev = q.fromUs;
  for (let k = 0; k <= n; k++) {
    const t = k < n ? (times[k] as number) : q.toUs;
    const gap = t - prev - (q.skip === undefined ? 0 : covered(q.skip, prev, t));
    if (gap > best.gapUs) best = { gapUs: gap, startUs: prev };
    prev = t;
  }
  return best;
}

export class AvailabilityChecker implements Checker {
  readonly name = 'availability';
  private readonly removals: { t: Micros; brokerName: string }[] = [];
  private readonly routeChanges: { t: Micros; writable: readonly string[] }[] = [];
  /** The process acting as each group's master (brokerId 0), from broker.role events. */
  private readonly masters = new Map<string, string>();
  /** Deaths of acting masters, seen by kernelSink(). */
  private readonly masterDeaths: BrokerFault[] = [];

  private readonly success: (outcome: number) => boolean;
  private readonly follower: FaultFollower | undefined;

  constructor(private readonly opts: AvailabilityOptions) {
    this.success = acceptedOutcomes(opts.accept);
    this.follower = opts.needs === undefined ? undefined : new FaultFollower(opts.needs);
  }

  /** A kernel sink that turns the crash or power loss of a group's acting master into a broker fault. */
  kernelSink<E>(): TraceSink<E> {
    return {
      onKernel: (t: Micros, e: KernelEvent): void => {
        this.follower?.onKernel(t, e);
        if (e.kind !== 'lifecycle' || (e.what !== 'crash' && e.what !== 'power-loss')) return;
        for (const [brokerName, node] of this.masters) {
          // NB: a power loss names the host; brokers live on hosts of their own name.
          if (node !== e.node) continue;
          this.masters.delete(brokerName);
          this.masterDeaths.push({ atUs: t, brokerName, label: `${e.what}-${node}@${Math.round(t / 1000)}ms` });
        }
      },
    };
  }

  onEvent(t: Micros, _node: NodeId, e: ClusterEvent): void {
    this.follower?.onEvent(t, e);
    if (e.kind === 'broker.role') {
      if (e.brokerId === 0) this.masters.set(e.brokerName, e.broker);
      else if (this.masters.get(e.brokerName) === e.broker) this.masters.delete(e.brokerName);
    }
    if (e.kind === 'ns.broker-removed' && e.brokerId === 0) this.removals.push({ t, brokerName: e.brokerName });
    if (e.kind === 'client.route-changed') this.routeChanges.push({ t, writable: e.writableBrokers });
  }

  finish(endUs: Micros): CheckResult {
    const h = this.opts.history;
    const log = new ViolationLog();
    const notes: string[] = [];
    const figures: Record<string, number> = {};
    const c = h.sends.col;
    const only = this.groupFilter();
    const windows = this.follower?.windows(endUs, this.opts.accept ?? ['SEND_OK']) ?? [];
    const excused = excusedSends(h, windows, endUs);
    // Time the producers could send only to excused groups is no outage; their sends are judged as before.
    const routeBound = this.follower?.routeBound(windows, endUs) ?? [];
    let acked = 0;
    let finished = 0;
    let skipped = 0;
    for (let i = 0; i < h.sends.length; i++) {
      if (only !== -1 && c.group.get(i) !== only) continue;
      const o = c.outcome.get(i);
      if (!isSettled(o)) continue;
      if (excused[i] === 1) {
        skipped++;
        continue;
      }
      finished++;
      if (this.success(o)) acked++;
    }
    const who = this.opts.producerGroup ?? 'any producer group';
    if (finished === 0)
      return notJudged(
        this.name,
        skipped > 0
          ? `every finished send of ${who} fell in a window the faults excused`
          : `no send of ${who} finished in the run`,
        { sends: 0, excusedSends: skipped },
      );
    const ratio = acked / finished;
    figures.sends = finished;
    figures.acked = acked;
    figures.successRatio = ratio;
    figures.minWindowRatio = this.minWindowRatio(endUs, excused);
    if (this.follower !== undefined) {
      figures.excusedSends = skipped;
      figures.excusedWindows = windows.length;
      notes.push(
        windows.length === 0
          ? 'followFaults: no window excused; availability required for the whole run'
          : `followFaults: ${windows.length} window(s) excused (${describeTimings(this.opts.needs?.timings ?? { routeGraceUs: 0, registrationUs: 0, electionUs: 0, sendTimeoutUs: 0, haDetectUs: 0, haCatchUpUs: 0 })}); ${skipped} send(s) in them not judged`,
      );
      for (const w of windows) notes.push(`excused ${describeWindow(w)}`);
      for (const w of routeBound) notes.push(`no outage ${describeWindow(w).replace(', every send: ', ': ')}`);
    }
    if (this.opts.minSuccessRatio !== undefined && ratio < this.opts.minSuccessRatio) {
      log.add(
        endUs,
        phrase('avail.ratio', {
          ratio: ratio.toFixed(4),
          min: this.opts.minSuccessRatio,
          failed: finished - acked,
          finished,
          accepted: this.acceptText(),
        }),
        [],
      );
    }
    const skip = [...windows.filter((w) => w.group === undefined), ...routeBound];
    for (const [gid, span] of this.offeringSpans(endUs))
      if (only === -1 || gid === only) this.checkGroupGap(gid, span, skip, log, figures);
    for (const f of [...(this.opts.faults ?? []), ...this.masterDeaths]) notes.push(this.phases(f, endUs, figures));
    const judged =
      this.follower === undefined
        ? ''
        : ` over the ${finished} of ${finished + skipped} finished send(s) the faults did not excuse`;
    return {
      ...log.result(
        this.name,
        `success ratio ${ratio.toFixed(4)} (${this.acceptText()})${judged}, worst ${formatDuration(this.opts.windowUs ?? 10_000_000)} window ${figures.minWindowRatio.toFixed(4)}`,
        figures,
      ),
      notes,
    };
  }

  /** The interned id of the producer group under check; -1 for every group (-2 when the group never sent). */
  private groupFilter(): number {
    const g = this.opts.producerGroup;
    if (g === undefined) return -1;
    const id = this.opts.history.names.peek(g);
    return id < 0 ? -2 : id;
  }

  /** The worst window's ratio over the sends judged (an excused send counts in no window, as in the overall ratio). */
  private minWindowRatio(endUs: Micros, excused: Uint8Array): number {
    const w = this.opts.windowUs ?? 10_000_000;
    const n = Math.max(1, Math.ceil(endUs / w));
    const ok = new Float64Array(n);
    const all = new Float64Array(n);
    const c = this.opts.history.sends.col;
    const only = this.groupFilter();
    for (let i = 0; i < this.opts.history.sends.length; i++) {
      if (only !== -1 && c.group.get(i) !== only) continue;
      const o = c.outcome.get(i);
      if (!isSettled(o) || excused[i] === 1) continue;
      const b = Math.min(n - 1, Math.floor(c.invokeUs.get(i) / w));
      all[b] = (all[b] ?? 0) + 1;
      if (this.success(o)) ok[b] = (ok[b] ?? 0) + 1;
    }
    let min = 1;
    for (let b = 0; b < n; b++) if ((all[b] ?? 0) > 0) min = Math.min(min, (ok[b] ?? 0) / (all[b] ?? 1));
    return min;
  }

  private acceptText(): string {
    return (this.opts.accept ?? ['SEND_OK']).join(' or ');
  }

  /**
   * Producer group id -> when it offered sends: its first invocation, and the last moment a
   * send was outstanding (a send still pending at the end counts to the end), in group-id order.
   */
  private offeringSpans(endUs: Micros): Map<number, { fromUs: Micros; toUs: Micros }> {
    const c = this.opts.history.sends.col;
    const spans = new Map<number, { fromUs: Micros; toUs: Micros }>();
    for (let i = 0; i < this.opts.history.sends.length; i++) {
      const g = c.group.get(i);
      const done = c.outcome.get(i) === SendOutcome.PENDING ? endUs : Math.min(endUs, c.doneUs.get(i));
      const span = spans.get(g);
      if (span === undefined) spans.set(g, { fromUs: c.invokeUs.get(i), toUs: done });
      else span.toUs = Math.max(span.toUs, done);
    }
    return new Map([...spans].sort((a, b) => a[0] - b[0]));
  }

  /**
   * Times longer than maxOutage in which the group offered nothing (no send outstanding: a workload in bursts,
   * a producer stopped): no outage, as after its last send. Shorter pauses between sends count.
   */
  private idleSpans(gid: number, endUs: Micros): { fromUs: Micros; toUs: Micros }[] {
    const limit = this.opts.maxOutageUs;
    if (limit === undefined) return [];
    const c = this.opts.history.sends.col;
    const out: { fromUs: Micros; toUs: Micros }[] = [];
    let busyUntil = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.opts.history.sends.length; i++) {
      if (c.group.get(i) !== gid) continue;
      const invoke = c.invokeUs.get(i);
      if (invoke - busyUntil > limit && busyUntil > Number.NEGATIVE_INFINITY)
        out.push({ fromUs: busyUntil, toUs: invoke });
      // A send never answered (its producer died with it in flight) offers nothing after its invocation.
      const done = c.outcome.get(i) === SendOutcome.PENDING ? invoke : Math.min(endUs, c.doneUs.get(i));
      busyUntil = Math.max(busyUntil, done);
    }
    return out;
  }

  private checkGroupGap(
    gid: number,
    span: { fromUs: Micros; toUs: Micros },
    skip: readonly { readonly fromUs: Micros; readonly toUs: Micros }[],
    log: ViolationLog,
    figures: Record<string, number>,
  ): void {
    const h = this.opts.history;
    const group = h.names.nameOf(gid);
    const idle = this.idleSpans(gid, span.toUs);
    const gap = longestGapUs(h, {
      group,
      fromUs: span.fromUs,
      toUs: span.toUs,
      success: this.success,
      skip: idle.length === 0 ? skip : [...skip, ...idle],
    });
    figures[`${group}.longestOutageUs`] = gap.gapUs;
    if (this.opts.maxOutageUs !== undefined && gap.gapUs > this.opts.maxOutageUs) {
      log.add(
        gap.startUs,
        phrase('avail.outage', {
          group,
          gap: seconds(gap.gapUs),
          from: formatTime(gap.startUs),
          max: seconds(this.opts.maxOutageUs),
        }),
        [group],
      );
    }
  }

  private phases(f: BrokerFault, endUs: Micros, figures: Record<string, number>): string {
    const removed = this.removals.find((r) => r.t >= f.atUs && r.brokerName === f.brokerName)?.t;
    const h = this.opts.history;
    const b = h.names.peek(f.brokerName);
    const c = h.sends.col;
    let firstOk: number | undefined;
    for (let i = 0; i < h.sends.length; i++) {
      if (c.broker.get(i) !== b || !isAcked(c.outcome.get(i)) || c.invokeUs.get(i) < f.atUs) continue;
      const t = c.doneUs.get(i);
      if (firstOk === undefined || t < firstOk) firstOk = t;
    }
    // The last client route change that dropped the group before it took writes again.
    const drops = this.routeChanges.filter(
      (r) => r.t >= f.atUs && r.t <= (firstOk ?? endUs) && !r.writable.includes(f.brokerName),
    );
    const routeUpdated = drops.length === 0 ? undefined : Math.max(...drops.map((r) => r.t));
    const since = (t: number | undefined): string => (t === undefined ? 'never' : `+${seconds(t - f.atUs)}`);
    const set = (name: string, t: number | undefined): void => {
      figures[`${f.label}.${name}Us`] = t === undefined ? -1 : t - f.atUs;
    };
    set('nsRemoval', removed);
    set('routeUpdate', routeUpdated);
    set('firstOkSend', firstOk);
    const outage = longestGapUs(h, { brokerName: f.brokerName, fromUs: f.atUs, toUs: firstOk ?? endUs });
    figures[`${f.label}.groupWriteOutageUs`] = outage.gapUs;
    return `${f.label} (${f.brokerName} at ${formatTime(f.atUs)}): NameServer removal ${since(removed)}, last producer route update ${since(routeUpdated)}, first OK send to ${f.brokerName} ${since(firstOk)}; group write outage ${seconds(outage.gapUs)}`;
  }
}
