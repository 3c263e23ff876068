// What a DLedger group needs to take writes (docs/model.md §4): a majority
// of its members up and connected, with links that do not lose the pushes and
// acks a commit waits on, and a leader: when a fault took the leader, a new
// one is elected within the election bound. Pure; part of availability-needs.ts.
import { formatDuration } from '../engine/index.js';
import type { NeedsGroup, NeedsInput, NodeOutage } from './needs-input.js';
import { lostMember, outageText, type Lack, type Span } from './needs-spans.js';

/** What a DLedger group lacks in one segment, or undefined when it has what it needs. */
export function dledgerLacks(g: NeedsGroup, active: readonly NodeOutage[]): Lack | undefined {
  const down = g.members.filter((n) => lostMember(active, n).length > 0);
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

/** The DLedger leader lost (not merely slowed): the group has no leader until a new one is elected. */
export function leaderLostSpans(g: NeedsGroup, o: NodeOutage, input: NeedsInput): Span[] {
  if (g.mode !== 'dledger' || o.masterOnly === true || input.leaderAt(g.name, o.fromUs) !== o.node) return [];
  return [
    {
      fromUs: o.fromUs,
      toUs: Math.min(o.toUs, o.fromUs + input.timings.electionUs),
      silent: o.silent,
      reroute: true,
      reason: `${g.name} lost its leader (${outageText(o)}): a new one within ${formatDuration(input.timings.electionUs)}`,
    },
  ];
}
