// DLedger leadership transfers to a group's preferred leader (docs/model.md
// §4.3) as the availability judge sees them: a handover that completes, or
// one given up because the transferee was lost, excuses the sends it refused;
// a retry of a transfer to a member whose disk is known full excuses nothing,
// and is cut out of every other window. Pure; part of availability-needs.ts.
import { formatTime } from '../engine/index.js';
import type { ExcusedWindow, LeadershipTransfer, NeedsGroup, NeedsInput } from './needs-input.js';
import type { Span } from './needs-spans.js';

/** A member lost (not merely slowed or full) at some time in [fromUs, toUs]. */
const LOST_HOW: ReadonlySet<string> = new Set(['crash', 'power-loss', 'pause', 'partition', 'partition-one-way']);

/**
 * Leadership handed to the group's preferred leader (DLedger checkPreferredLeader, §4.3): the leader refuses
 * appends (LEADER_TRANSFERRING) until the transferee holds its log and takes over, and the producers find the
 * new master at their next route poll. A planned handover that completes is excused; one the leader gives up
 * is excused only when the transferee was lost meanwhile (a full disk is no excuse: since
 * openmessaging/dledger#287 a member that refuses entries is no transfer target).
 */
export function transferSpans(g: NeedsGroup, input: NeedsInput): Span[] {
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
 * Handovers no fault excuses, whatever other windows say: a leader that gave up a transfer to a member whose
 * disk was full and then tries it again, during the same full disk. While the first attempt ran, the leader
 * kept pushing to the transferee and was answered DISK_FULL, so since openmessaging/dledger#287 it knows the
 * member cannot lead; each further attempt refuses appends (LEADER_TRANSFERRING) for nothing
 * (raft.transfer-to-full-disk). The first attempt stays excusable (the leader may not have heard yet).
 */
export function retriedToFullDisk(input: NeedsInput): LeadershipTransfer[] {
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
export function carve(
  windows: ExcusedWindow[],
  cut: readonly LeadershipTransfer[],
  oneGroup: boolean,
): ExcusedWindow[] {
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
