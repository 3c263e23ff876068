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
//
// The needs are in one file each: classic-needs.ts, dledger-quorum-needs.ts,
// master-hit-windows.ts, transfer-windows.ts, election-windows.ts and
// route-needs.ts; needs-input.ts holds the shapes in and out, needs-spans.ts
// the interval arithmetic, fault-outages.ts the outages network and disk
// faults cause. This file joins them into the excused windows.
import { classicLacks, syncSlaveSpans } from './classic-needs.js';
import { dledgerLacks, leaderLostSpans } from './dledger-quorum-needs.js';
import { electionSpans } from './election-windows.js';
import { masterHitSpans } from './master-hit-windows.js';
import type { ExcusedWindow, NeedsGroup, NeedsInput } from './needs-input.js';
import { intersect, merge, segments, type Span } from './needs-spans.js';
import { noNamesrv, producerSpans, recoveredAt } from './route-needs.js';
import { carve, retriedToFullDisk, transferSpans } from './transfer-windows.js';

function groupSpans(g: NeedsGroup, input: NeedsInput): Span[] {
  const mine = input.outages.filter((o) => g.members.includes(o.node));
  const spans: Span[] = [];
  for (const seg of segments(mine, input.endUs)) {
    const lack = g.mode === 'classic' ? classicLacks(g, seg.active, input) : dledgerLacks(g, seg.active);
    if (lack !== undefined) spans.push({ fromUs: seg.fromUs, toUs: seg.toUs, ...lack, reroute: lack.reroute ?? true });
  }
  // A master/leader hit: packet loss on its links to the producers, a SYNC_FLUSH disk that is slowed,
  // or a DLedger leader lost (a new one is elected within electionUs); a SYNC_MASTER's slave lost or back.
  for (const o of mine)
    spans.push(...syncSlaveSpans(g, o, input), ...masterHitSpans(g, o, input), ...leaderLostSpans(g, o, input));
  spans.push(...transferSpans(g, input), ...electionSpans(g, input));
  return spans;
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
  everySend.push(...producerSpans(input, ns));
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
