// What the producers need to send at all (docs/model.md §2, §5.1): a route.
// A NameServer that comes back has no routes until the brokers' next
// registration round; a group back after an outage is found again only at the
// clients' next route poll (pollNameServerInterval) plus one send budget; a
// producer (re)started or holding no route must find a NameServer with
// routes; a producer cut off or not running excuses its own sends. Pure; part
// of availability-needs.ts.
import { formatDuration, formatTime, type Micros } from '../engine/index.js';
import { CUT_VERBS } from './injected-faults.js';
import type { NeedsGroup, NeedsInput, NeedsTimings } from './needs-input.js';
import { allDown, merge, outageText, type Span } from './needs-spans.js';

/**
 * Intervals in which no NameServer reachable from the producers has routes: a NameServer that comes
 * back starts with an empty route table until the brokers' next registration round.
 */
export function noNamesrv(input: NeedsInput): Span[] {
  const reg = input.timings.registrationUs;
  const mine = input.outages
    .filter((o) => input.namesrvs.includes(o.node) && o.masterOnly !== true)
    .map((o) => ({ ...o, toUs: o.toUs + reg }));
  return merge(
    allDown(mine, input.namesrvs, input.endUs).map((seg) => ({
      fromUs: seg.fromUs,
      toUs: seg.toUs,
      silent: true,
      reason: `no NameServer with routes (${seg.active.map((o) => outageText({ ...o, toUs: o.toUs - reg })).join(', ')}, each + ${formatDuration(reg)} registration)`,
    })),
  );
}

/**
 * When the clients can use a group again after what it lacked came back at `backUs`: a new route
 * (and for DLedger a new leader) within the recovery grace; when no NameServer has routes at some
 * time in that grace, the group waits for one (and its registration round) and a route poll.
 */
export function recoveredAt(
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

/**
 * Windows in which the producers themselves cannot send, whatever the groups: a producer restarted with no
 * route while no NameServer has routes, a producer cut off, the producer group holding no route while no
 * NameServer has routes, and no producer instance running. `ns`: the times with no NameServer routes.
 */
export function producerSpans(input: NeedsInput, ns: readonly Span[]): Span[] {
  const t = input.timings;
  const out: Span[] = [];
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
      out.push({
        fromUs: o.toUs,
        toUs: blocked.toUs + t.routeGraceUs,
        silent: true,
        reason: `${o.node} restarted with no route cached while ${blocked.reason}`,
      });
    if (CUT_VERBS.has(o.how))
      out.push({
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
        out.push({
          fromUs,
          toUs: toUs + t.sendTimeoutUs,
          silent: true,
          reason: `no producer instance holds a route (${formatTime(r.fromUs)}-${formatTime(r.toUs)}) while ${n.reason}`,
        });
    }
  // No instance of the producer group running: nothing is offered, so nothing is required.
  for (const seg of allDown(
    input.outages.filter((o) => input.producers.includes(o.node)),
    input.producers,
    input.endUs,
  ))
    out.push({
      fromUs: seg.fromUs,
      toUs: seg.toUs,
      silent: true,
      reason: `no producer instance running (${seg.active.map(outageText).join(', ')})`,
    });
  return out;
}
