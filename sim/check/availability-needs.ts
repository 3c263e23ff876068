// When may a producer's sends fail? The windows in which the faults actually
// injected left a broker group without what its configuration needs to take
// writes, or left the producers without a route (issue 13 part 3: expectations
// that follow the drawn configuration and faults). Pure: from the cluster's
// shape, its constants, the node outages the faults caused and who led each
// group when a fault hit, to a list of excused windows, each with its reason.
//
// What a group needs to take writes (docs/model.md §3.4, §4, §2, §5.1):
// - classic: its master (brokerId 0, the configured one; classic groups never
//   fail over) up and reachable from the producers; a SYNC_MASTER whose
//   SLAVE_NOT_AVAILABLE answers are not accepted also needs its slave (§3.4);
//   a SYNC_FLUSH master whose FLUSH_DISK_TIMEOUT answers are not accepted needs
//   a disk that is not slowed (§3.3);
// - DLedger: a majority of its members up and connected, and a leader: when
//   the fault hit the leader, a new one is elected within electionUs;
// and the producers need a route: a NameServer they reach, or a cached route.
// After what was missing comes back, the clients need a grace to use it again:
// one route poll (pollNameServerInterval, 30 s) plus one send budget
// (sendMsgTimeout, 3 s); a NameServer that was down also needs one broker
// registration round (registerNameServerPeriod, 30 s) before it has routes.
//
// A window excuses either every send (no group could take the write, no
// route, or the producer itself was cut off) or only the sends that went to
// its group: when the group is lost silently (pause, power loss, partition:
// no RST, so the first attempt eats the whole sendMsgTimeout and no retry can
// go elsewhere, [R4 DPI sendDefaultImpl]) or answers an unaccepted status.
// A group lost by a process crash answers RST: a correct producer retries on
// another broker (last-broker avoidance), so its sends are not excused while
// another group can take them.
import { formatDuration, formatTime, type Micros } from '../engine/index.js';
import { CUT_VERBS, faultEndUs, type InjectedFault } from './injected-faults.js';

/** One group as the configuration drew it; members in brokerId / DLedger order (a classic master first). */
export interface NeedsGroup {
  readonly name: string;
  readonly mode: 'classic' | 'dledger';
  readonly brokerRole: 'ASYNC_MASTER' | 'SYNC_MASTER';
  readonly flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH';
  readonly members: readonly string[];
}

/** How a node was lost; `silent` when a send to it gets no answer (no RST) or an unaccepted one. */
export interface NodeOutage {
  readonly node: string;
  readonly fromUs: Micros;
  readonly toUs: Micros;
  /** "crash", "power-loss", "pause", "partition", "disk-full", "slow-disk". */
  readonly how: string;
  readonly silent: boolean;
  /** Only what a group's leader/master needs (slow disk under SYNC_FLUSH): does not cost a quorum member. */
  readonly masterOnly?: boolean;
}

export interface NeedsTimings {
  /** ClientConfig.pollNameServerInterval + DefaultMQProducer.sendMsgTimeout. */
  readonly routeGraceUs: Micros;
  /** The broker's registration period (a restarted NameServer has no routes until then). */
  readonly registrationUs: Micros;
  /** Bound on a DLedger election after its leader is lost: follower timeout plus two vote rounds. */
  readonly electionUs: Micros;
  /** DefaultMQProducer.sendMsgTimeout: a send started just before a recovery still fails within it. */
  readonly sendTimeoutUs: Micros;
  /** How long a master keeps waiting on a slave lost with no RST (HA housekeeping interval). */
  readonly haDetectUs: Micros;
  /** How long a slave back takes to reconnect and catch up (HA reconnect interval). */
  readonly haCatchUpUs: Micros;
}

/**
 * A DLedger leadership transfer to the group's preferred leader (§4.3): from the leader's start to the
 * transferee's taking over as master (completed) or the leader's giving up (not completed).
 */
export interface LeadershipTransfer {
  readonly group: string;
  readonly transferee: string;
  readonly fromUs: Micros;
  readonly toUs: Micros;
  readonly completed: boolean;
}

/**
 * A DLedger election an injected fault explains (election-causes.ts, the rule leader-changes counts by): from
 * the old leader's deposition (a member left its term, so it refuses the old leader's pushes) to the new
 * leader's taking writes as master.
 */
export interface FaultElection {
  readonly group: string;
  readonly node: string;
  readonly term: number;
  readonly fromUs: Micros;
  /** When the group had a master again (brokerId 0), at most the election bound after the election. */
  readonly masterUs: Micros;
  /** The fault, in words. */
  readonly cause: string;
}

export interface NeedsInput {
  readonly groups: readonly NeedsGroup[];
  readonly namesrvs: readonly string[];
  /** The instances of the producer group under check. */
  readonly producers: readonly string[];
  readonly outages: readonly NodeOutage[];
  /** Leadership transfers to preferred leaders the run made (none when no group has one). */
  readonly transfers?: readonly LeadershipTransfer[];
  /** Elections an injected fault explains (none when no group is DLedger). */
  readonly elections?: readonly FaultElection[];
  /** The group's acting master / DLedger leader at an instant (from its broker.role announcements). */
  readonly leaderAt: (group: string, atUs: Micros) => string | undefined;
  /** Times no instance of the producer group held a route with a writable group (availability-routes.ts). */
  readonly routeless?: readonly { readonly fromUs: Micros; readonly toUs: Micros }[];
  readonly needsSlave: boolean;
  readonly needsFastDisk: boolean;
  readonly timings: NeedsTimings;
  readonly endUs: Micros;
}

export interface ExcusedWindow {
  readonly fromUs: Micros;
  readonly toUs: Micros;
  /** Undefined: every send is excused; a group name: only sends that went to that group. */
  readonly group: string | undefined;
  readonly reason: string;
}

interface Span {
  fromUs: Micros;
  toUs: Micros;
  silent: boolean;
  reason: string;
  /** The clients must find the group again (a route poll, a new leader) once it is back; else one send budget is enough. */
  reroute?: boolean;
  /** With reroute: the group already has its new leader when the span ends, only the route is left to find. */
  elected?: boolean;
}

const span = (w: ExcusedWindow): string => `${formatTime(w.fromUs)}-${formatTime(w.toUs)}`;

/** "1m05.000s-1m38.000s, sends to broker-a: broker-a ...". */
export function describeWindow(w: ExcusedWindow): string {
  return `${span(w)}, ${w.group === undefined ? 'every send' : `sends to ${w.group}`}: ${w.reason}`;
}

function outageText(o: NodeOutage): string {
  return `${o.how} ${o.node} ${formatTime(o.fromUs)}-${formatTime(o.toUs)}`;
}

/** Elementary segments of [0, end) between every outage boundary, with the outages active in each. */
function segments(
  outages: readonly NodeOutage[],
  endUs: Micros,
): { fromUs: Micros; toUs: Micros; active: NodeOutage[] }[] {
  const cuts = [...new Set([0, endUs, ...outages.flatMap((o) => [o.fromUs, o.toUs])])]
    .filter((t) => t >= 0 && t <= endUs)
    .sort((a, b) => a - b);
  const out: { fromUs: Micros; toUs: Micros; active: NodeOutage[] }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const fromUs = cuts[i] as number;
    const toUs = cuts[i + 1] as number;
    out.push({ fromUs, toUs, active: outages.filter((o) => o.fromUs <= fromUs && o.toUs >= toUs) });
  }
  return out;
}

/** Adjacent or overlapping spans joined (reasons kept once each, silent if any was). */
function merge(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.fromUs - b.fromUs || a.toUs - b.toUs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.fromUs <= last.toUs) {
      last.toUs = Math.max(last.toUs, s.toUs);
      last.silent ||= s.silent;
      if (!last.reason.includes(s.reason)) last.reason = `${last.reason}; ${s.reason}`;
    } else out.push({ ...s });
  }
  return out;
}

/** What the group lacks in one segment, or undefined when it has what it needs. */
function lacks(
  g: NeedsGroup,
  active: readonly NodeOutage[],
  input: NeedsInput,
): { silent: boolean; reason: string; reroute?: boolean } | undefined {
  const lost = (node: string | undefined, masterRole: boolean): NodeOutage[] =>
    active.filter((o) => o.node === node && (masterRole || o.masterOnly !== true));
  if (g.mode === 'classic') {
    const master = lost(g.members[0], false);
    if (master.length > 0)
      return {
        silent: master.some((o) => o.silent),
        reason: `${g.name} lacks its master (${master.map(outageText).join(', ')}; a classic group does not fail over)`,
      };
    if (input.needsSlave && g.brokerRole === 'SYNC_MASTER') {
      if (g.members.length < 2)
        return {
          silent: true,
          reason: `${g.name} is a SYNC_MASTER with no slave: every send is answered SLAVE_NOT_AVAILABLE (§3.4)`,
        };
      const slave = g.members.slice(1).flatMap((n) => lost(n, false));
      if (slave.length > 0)
        return {
          silent: true,
          reason: `${g.name} SYNC_MASTER lacks its slave (${slave.map(outageText).join(', ')}): sends answered SLAVE_NOT_AVAILABLE (§3.4)`,
        };
    }
    return undefined;
  }
  const down = g.members.filter((n) => lost(n, false).length > 0);
  const majority = Math.floor(g.members.length / 2) + 1;
  if (g.members.length - down.length < majority) {
    const why = active.filter((o) => down.includes(o.node));
    return {
      silent: why.some((o) => o.silent),
      reason: `${g.name} lacks a quorum (${g.members.length - down.length} of ${g.members.length} members, ${majority} needed: ${why.map(outageText).join(', ')})`,
    };
  }
  // A quorum that needs a member whose links lose packets: a lost push or ack holds a commit until the re-push
  // (1 s), which with a lost retry passes sendMsgTimeout (§4.3). The leader stays: no new route to find.
  const lossy = active.filter((o) => o.how === 'packet-loss' && g.members.includes(o.node) && !down.includes(o.node));
  if (lossy.length > 0 && g.members.length - down.length - new Set(lossy.map((o) => o.node)).size < majority)
    return {
      silent: true,
      reroute: false,
      reason: `${g.name}'s quorum needs a member whose links lose packets (${[...active.filter((o) => down.includes(o.node)), ...lossy].map(outageText).join(', ')}): a lost push or ack holds a commit past sendMsgTimeout`,
    };
  return undefined;
}

/** A classic SYNC_MASTER's slave lost silently or coming back: sends wait on its replication ack (§3.4). */
function syncSlaveSpans(g: NeedsGroup, o: NodeOutage, input: NeedsInput): Span[] {
  if (g.mode !== 'classic' || g.brokerRole !== 'SYNC_MASTER' || o.masterOnly === true || o.node === g.members[0])
    return [];
  const t = input.timings;
  const spans: Span[] = [];
  if (!input.needsSlave && o.silent) {
    // A slave lost with no RST: the master waits for its ack (syncFlushTimeout 5 s > sendMsgTimeout 3 s) until HA
    // housekeeping drops the connection; only then are sends answered SLAVE_NOT_AVAILABLE at once (§3.4).
    spans.push({
      fromUs: o.fromUs,
      toUs: Math.min(o.toUs, o.fromUs + t.haDetectUs),
      silent: true,
      reason: `${g.name} SYNC_MASTER's slave lost silently (${outageText(o)}): the master waits for its ack past sendMsgTimeout until HA housekeeping (${formatDuration(t.haDetectUs)}) drops it`,
    });
  }
  if (o.toUs < input.endUs) {
    // A slave back: a send waits until the slave has caught up on what it missed (it reconnects within the HA reconnect interval).
    spans.push({
      fromUs: o.toUs,
      toUs: o.toUs + t.haCatchUpUs,
      silent: true,
      reason: `${g.name} SYNC_MASTER's slave back (${outageText(o)}): sends wait while it reconnects and catches up (${formatDuration(t.haCatchUpUs)})`,
    });
  }
  return spans;
}

/** The group's master or DLedger leader hit by packet loss, a slowed SYNC_FLUSH disk or a loss (re-election). */
function masterSpans(g: NeedsGroup, o: NodeOutage, input: NeedsInput): Span[] {
  const leader = input.leaderAt(g.name, o.fromUs) === o.node;
  const master = leader || (g.mode === 'classic' && o.node === g.members[0]);
  const syncMasterClassic = g.mode === 'classic' && g.brokerRole === 'SYNC_MASTER';
  const spans: Span[] = [];
  if (o.masterOnly === true && master && o.how === 'packet-loss') {
    spans.push({
      fromUs: o.fromUs,
      toUs: o.toUs,
      silent: true,
      reason: `${g.name} master's links lose packets (${outageText(o)}): a lost request, response or replication ack eats the whole sendMsgTimeout`,
    });
  }
  if (o.masterOnly === true && !master && o.how === 'packet-loss' && syncMasterClassic) {
    spans.push({
      fromUs: o.fromUs,
      toUs: o.toUs,
      silent: true,
      reason: `${g.name} SYNC_MASTER's slave links lose packets (${outageText(o)}): a send waits for a replication ack that may be lost, past sendMsgTimeout (§3.4)`,
    });
  }
  if (
    o.masterOnly === true &&
    master &&
    o.how === 'slow-disk' &&
    input.needsFastDisk &&
    g.flushDiskType === 'SYNC_FLUSH'
  ) {
    spans.push({
      fromUs: o.fromUs,
      toUs: o.toUs,
      silent: true,
      reason: `${g.name} master's disk slowed under SYNC_FLUSH (${outageText(o)}): sends may be answered FLUSH_DISK_TIMEOUT (§3.3)`,
    });
  }
  if (g.mode === 'dledger' && o.masterOnly !== true && leader) {
    spans.push({
      fromUs: o.fromUs,
      toUs: Math.min(o.toUs, o.fromUs + input.timings.electionUs),
      silent: o.silent,
      reroute: true,
      reason: `${g.name} lost its leader (${outageText(o)}): a new one within ${formatDuration(input.timings.electionUs)}`,
    });
  }
  return spans;
}

/** A member lost (not merely slowed or full) at some time in [fromUs, toUs]. */
const LOST_HOW: ReadonlySet<string> = new Set(['crash', 'power-loss', 'pause', 'partition', 'partition-one-way']);

/**
 * Leadership handed to the group's preferred leader (DLedger checkPreferredLeader, §4.3): the leader refuses
 * appends (LEADER_TRANSFERRING) until the transferee holds its log and takes over, and the producers find the
 * new master at their next route poll. A planned handover that completes is excused; one the leader gives up
 * is excused only when the transferee was lost meanwhile (a full disk is no excuse: since
 * openmessaging/dledger#287 a member that refuses entries is no transfer target).
 */
function transferSpans(g: NeedsGroup, input: NeedsInput): Span[] {
  const lost = (x: LeadershipTransfer): boolean =>
    input.outages.some(
      (o) => o.node === x.transferee && LOST_HOW.has(o.how) && o.fromUs <= x.toUs && o.toUs >= x.fromUs,
    );
  return (input.transfers ?? [])
    .filter((x) => x.group === g.name && (x.completed || lost(x)))
    .map((x) => ({
      fromUs: x.fromUs,
      toUs: x.toUs,
      // After a handover the producers' cached route names the old master, which answers SERVICE_NOT_AVAILABLE
      // until their next route poll; a producer whose route holds no other writable group (one fetched before
      // the others registered) retries on the same group. Only failed sends to this group are excused.
      silent: x.completed,
      reroute: x.completed,
      reason: x.completed
        ? `${g.name} handed leadership to its preferred leader ${x.transferee} (${formatTime(x.fromUs)}-${formatTime(x.toUs)}): appends refused during the handover, then a new master to find (§4.3)`
        : `${g.name}'s leadership transfer to ${x.transferee} (${formatTime(x.fromUs)}-${formatTime(x.toUs)}) gave up: the transferee was lost meanwhile`,
    }));
}

/**
 * An election a fault explains when the fault did not take the leader (a follower cut off that raised its term
 * and disturbs the group, or one that reached a member with no vote in the term: seeds 550, 311). From the
 * deposition the old leader cannot commit, and after its step-down it refuses sends (SERVICE_NOT_AVAILABLE)
 * while the producers' routes still name it: until their next route poll after the new master registered.
 * Counted silent throughout, generously: while the deposed leader still believes it leads, sends to it hang.
 */
function electionSpans(g: NeedsGroup, input: NeedsInput): Span[] {
  return (input.elections ?? [])
    .filter((x) => x.group === g.name)
    .map((x) => ({
      fromUs: x.fromUs,
      toUs: x.masterUs,
      silent: true,
      reroute: true,
      elected: true,
      reason: `${g.name} elected ${x.node} in term ${x.term} (deposed at ${formatTime(x.fromUs)}, master at ${formatTime(x.masterUs)}) after ${x.cause}: the producers' routes name the old leader until their next poll`,
    }));
}

function groupSpans(g: NeedsGroup, input: NeedsInput): Span[] {
  const mine = input.outages.filter((o) => g.members.includes(o.node));
  const spans: Span[] = [];
  for (const seg of segments(mine, input.endUs)) {
    const lack = lacks(g, seg.active, input);
    if (lack !== undefined) spans.push({ fromUs: seg.fromUs, toUs: seg.toUs, ...lack, reroute: lack.reroute ?? true });
  }
  // A master/leader hit: packet loss on its links to the producers, a SYNC_FLUSH disk that is slowed,
  // or a DLedger leader lost (a new one is elected within electionUs); a SYNC_MASTER's slave lost or back.
  for (const o of mine) spans.push(...syncSlaveSpans(g, o, input), ...masterSpans(g, o, input));
  spans.push(...transferSpans(g, input), ...electionSpans(g, input));
  return spans;
}

/**
 * Intervals in which no NameServer reachable from the producers has routes: a NameServer that comes
 * back starts with an empty route table until the brokers' next registration round.
 */
function noNamesrv(input: NeedsInput): Span[] {
  const reg = input.timings.registrationUs;
  const mine = input.outages
    .filter((o) => input.namesrvs.includes(o.node) && o.masterOnly !== true)
    .map((o) => ({ ...o, toUs: o.toUs + reg }));
  const spans: Span[] = [];
  for (const seg of segments(mine, input.endUs)) {
    const down = new Set(seg.active.map((o) => o.node));
    if (input.namesrvs.length > 0 && input.namesrvs.every((n) => down.has(n))) {
      spans.push({
        fromUs: seg.fromUs,
        toUs: seg.toUs,
        silent: true,
        reason: `no NameServer with routes (${seg.active.map((o) => outageText({ ...o, toUs: o.toUs - reg })).join(', ')}, each + ${formatDuration(reg)} registration)`,
      });
    }
  }
  return merge(spans);
}

/**
 * When the clients can use a group again after what it lacked came back at `backUs`: a new route
 * (and for DLedger a new leader) within the recovery grace; when no NameServer has routes at some
 * time in that grace, the group waits for one (and its registration round) and a route poll.
 */
function recoveredAt(
  g: NeedsGroup,
  s: Span,
  ns: readonly Span[],
  t: NeedsTimings,
): { readonly toUs: Micros; readonly why: string } {
  const backUs = s.toUs;
  if (s.reroute !== true) return { toUs: backUs + t.sendTimeoutUs, why: '' };
  const own = backUs + t.routeGraceUs + (g.mode === 'dledger' && s.elected !== true ? t.electionUs : 0);
  // The route poll that would find the group again may fall in a time with no NameServer routes.
  const blocked = ns.find((n) => n.fromUs < own && backUs < n.toUs);
  if (blocked === undefined || blocked.toUs + t.routeGraceUs <= own) return { toUs: own, why: '' };
  return { toUs: blocked.toUs + t.routeGraceUs, why: ` (came back while ${blocked.reason}: no new route until then)` };
}

/** Intersection of per-group span lists: the times no group can take a write. */
function intersect(lists: readonly Span[][]): Span[] {
  let acc: Span[] | undefined;
  for (const list of lists) {
    if (acc === undefined) {
      acc = list.map((s) => ({ ...s }));
      continue;
    }
    const next: Span[] = [];
    for (const a of acc) {
      for (const b of list) {
        const fromUs = Math.max(a.fromUs, b.fromUs);
        const toUs = Math.min(a.toUs, b.toUs);
        if (fromUs < toUs) next.push({ fromUs, toUs, silent: true, reason: `${a.reason}; ${b.reason}` });
      }
    }
    acc = next;
  }
  return acc ?? [];
}

/** Every excused window of a run, in time order; the whole reasoning is in each reason. */
export function excusedWindows(input: NeedsInput): ExcusedWindow[] {
  const t = input.timings;
  const ns = noNamesrv(input);
  const perGroup = input.groups.map((g) =>
    merge(
      groupSpans(g, input).map((s) => {
        const r = recoveredAt(g, s, ns, t);
        return { ...s, toUs: r.toUs, reason: `${s.reason}${r.why}` };
      }),
    ),
  );
  const everySend: Span[] = [];
  const only =
    input.groups.length === 1
      ? []
      : input.groups.flatMap((g, i) => (perGroup[i] ?? []).filter((s) => s.silent).map((s) => ({ s, group: g.name })));
  const all = intersect(perGroup);
  everySend.push(
    ...all.map((s) => ({
      ...s,
      reason: input.groups.length === 1 ? s.reason : `no group can take writes: ${s.reason}`,
    })),
  );
  // A producer (re)started has no cached route: the NameServer it asks may be one that came back with an
  // empty table (TOPIC_NOT_EXIST until the brokers' next registration, apache/rocketmq#5322; the client
  // does not ask another), or there may be none at all.
  const emptyNs = input.outages.filter((o) => input.namesrvs.includes(o.node) && o.masterOnly !== true);
  for (const o of input.outages) {
    if (!input.producers.includes(o.node)) continue;
    const blocked = [
      ...ns,
      ...emptyNs.map((n) => ({
        fromUs: n.fromUs,
        toUs: n.toUs + t.registrationUs,
        reason: `${outageText(n)} (no routes until + ${formatDuration(t.registrationUs)} registration)`,
      })),
    ]
      .filter((s) => s.fromUs <= o.toUs && o.toUs < s.toUs)
      .sort((a, b) => b.toUs - a.toUs)[0];
    if (blocked !== undefined)
      everySend.push({
        fromUs: o.toUs,
        toUs: blocked.toUs + t.routeGraceUs,
        silent: true,
        reason: `${o.node} restarted with no route cached while ${blocked.reason}`,
      });
    if (CUT_VERBS.has(o.how))
      everySend.push({
        fromUs: o.fromUs,
        toUs: o.toUs + t.routeGraceUs,
        silent: true,
        reason: `producer ${outageText(o)}: cut off from the cluster`,
      });
  }
  // A producer holding no route asks a NameServer at each send ([R4 DPI tryToFindTopicPublishInfo]); when its
  // queries found none (TOPIC_NOT_EXIST before the brokers registered) and no NameServer has routes since, no
  // send can find a broker until one has them again, plus one send budget.
  for (const r of input.routeless ?? [])
    for (const n of ns) {
      const fromUs = Math.max(r.fromUs, n.fromUs);
      const toUs = Math.min(r.toUs, n.toUs);
      if (fromUs < toUs)
        everySend.push({
          fromUs,
          toUs: toUs + t.sendTimeoutUs,
          silent: true,
          reason: `no producer instance holds a route (${formatTime(r.fromUs)}-${formatTime(r.toUs)}) while ${n.reason}`,
        });
    }
  // No instance of the producer group running: nothing is offered, so nothing is required.
  for (const seg of segments(
    input.outages.filter((o) => input.producers.includes(o.node)),
    input.endUs,
  )) {
    const down = new Set(seg.active.map((o) => o.node));
    if (input.producers.length > 0 && input.producers.every((p) => down.has(p))) {
      everySend.push({
        fromUs: seg.fromUs,
        toUs: seg.toUs,
        silent: true,
        reason: `no producer instance running (${seg.active.map(outageText).join(', ')})`,
      });
    }
  }
  const cap = (s: Span): Span => ({ ...s, toUs: Math.min(s.toUs, input.endUs) });
  const windows: ExcusedWindow[] = [
    ...merge(everySend)
      .map(cap)
      .map((s) => ({ fromUs: s.fromUs, toUs: s.toUs, group: undefined, reason: s.reason })),
    ...only.map(({ s, group }) => ({
      fromUs: s.fromUs,
      toUs: Math.min(s.toUs, input.endUs),
      group,
      reason: `${s.reason} (no answer or an unaccepted one: the send cannot retry elsewhere)`,
    })),
  ];
  return carve(windows, retriedToFullDisk(input), input.groups.length === 1).sort(
    (a, b) => a.fromUs - b.fromUs || (a.group ?? '').localeCompare(b.group ?? ''),
  );
}

/**
 * Handovers no fault excuses, whatever other windows say: a leader that gave up a transfer to a member whose
 * disk was full and then tries it again, during the same full disk. While the first attempt ran, the leader
 * kept pushing to the transferee and was answered DISK_FULL, so since openmessaging/dledger#287 it knows the
 * member cannot lead; each further attempt refuses appends (LEADER_TRANSFERRING) for nothing
 * (raft.transfer-to-full-disk). The first attempt stays excusable (the leader may not have heard yet).
 */
function retriedToFullDisk(input: NeedsInput): LeadershipTransfer[] {
  const full = input.outages.filter((o) => o.how === 'disk-full');
  const fullAt = (x: LeadershipTransfer) =>
    full.find((o) => o.node === x.transferee && o.fromUs <= x.fromUs && x.fromUs < o.toUs);
  const given = (input.transfers ?? []).filter((x) => !x.completed);
  return given.filter((x) => {
    const o = fullAt(x);
    return (
      o !== undefined &&
      given.some(
        (y) =>
          y !== x && y.group === x.group && y.transferee === x.transferee && y.fromUs >= o.fromUs && y.toUs <= x.fromUs,
      )
    );
  });
}

/** Cuts the retried transfers out of the windows of their group (and, with one group, of every send's). */
function carve(windows: ExcusedWindow[], cut: readonly LeadershipTransfer[], oneGroup: boolean): ExcusedWindow[] {
  let out = windows;
  for (const x of cut) {
    out = out.flatMap((w) => {
      if (!(w.group === x.group || (w.group === undefined && oneGroup)) || x.toUs <= w.fromUs || w.toUs <= x.fromUs)
        return [w];
      const parts = [
        { ...w, toUs: x.fromUs },
        { ...w, fromUs: x.toUs },
      ];
      return parts.filter((p) => p.fromUs < p.toUs);
    });
  }
  return out;
}

/** Grace after each recovery, stated for reports. */
export function describeTimings(t: NeedsTimings): string {
  return `send budget ${formatDuration(t.sendTimeoutUs)}, route grace ${formatDuration(t.routeGraceUs)} (pollNameServerInterval + sendMsgTimeout), registration ${formatDuration(t.registrationUs)}, DLedger election bound ${formatDuration(t.electionUs)}, HA housekeeping ${formatDuration(t.haDetectUs)}`;
}

/**
 * The outages network and disk faults cause (process faults come from lifecycle events), each ended when
 * its fault was undone or healed. A cut (partition, one-way partition, hold) costs its target side: a
 * broker cut from the producers or from a fellow member, a NameServer cut from the producers, a producer
 * cut from anyone. A hold drops nothing, but what it holds arrives only when it is released, long after
 * the producer's sendMsgTimeout and the master's wait for its slave: a send meets it as silence, as it
 * meets a partition. A full disk refuses writes (answered: not silent); a slowed disk costs only a
 * SYNC_FLUSH master's answers, packet loss (to the producers or a fellow member) only a master's or a
 * SYNC_MASTER slave's.
 */
export function faultOutages(
  faults: readonly InjectedFault[],
  groups: readonly NeedsGroup[],
  producers: readonly string[],
  endUs: Micros,
): NodeOutage[] {
  const fellows = (n: string): readonly string[] =>
    groups.find((g) => g.members.includes(n))?.members.filter((m) => m !== n) ?? [];
  const out: NodeOutage[] = [];
  faults.forEach((f, index) => {
    const toUs = faultEndUs(faults, index, endUs);
    for (const node of f.nodes) {
      const base = { node, fromUs: f.startUs, toUs };
      const reaches = f.peers.some((p) => producers.includes(p) || fellows(node).includes(p));
      if (CUT_VERBS.has(f.verb)) {
        if (producers.includes(node) || reaches) out.push({ ...base, how: f.verb, silent: true });
      } else if (f.verb === 'disk-full') out.push({ ...base, how: f.verb, silent: false });
      else if (f.verb === 'slow-disk') out.push({ ...base, how: f.verb, silent: true, masterOnly: true });
      else if (f.verb === 'packet-loss' && reaches) out.push({ ...base, how: f.verb, silent: true, masterOnly: true });
    }
  });
  return out;
}
