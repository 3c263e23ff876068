// DLedger elections an injected fault explains (election-record.ts, by the
// rule leader-changes counts with) as the availability judge sees them: the
// sends a group refused from the old leader's deposition until the producers
// found the new master. Pure; part of availability-needs.ts.
import { formatTime } from '../engine/index.js';
import type { NeedsGroup, NeedsInput } from './needs-input.js';
import type { Span } from './needs-spans.js';

/**
 * An election a fault explains when the fault did not take the leader (a follower cut off that raised its term
 * and disturbs the group, or one that reached a member with no vote in the term: seeds 550, 311). From the
 * deposition the old leader cannot commit, and after its step-down it refuses sends (SERVICE_NOT_AVAILABLE)
 * while the producers' routes still name it: until their next route poll after the new master registered.
 * Counted silent throughout, generously: while the deposed leader still believes it leads, sends to it hang.
 */
export function electionSpans(g: NeedsGroup, input: NeedsInput): Span[] {
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
