// What a classic master/slave group needs to take writes (docs/model.md
// §3.3, §3.4): its configured master (brokerId 0; classic groups never fail
// over) and, for a SYNC_MASTER whose SLAVE_NOT_AVAILABLE answers are not
// accepted, its slave; and what a SYNC_MASTER's slave lost or back costs the
// sends waiting on its replication ack. Pure; part of availability-needs.ts.
import { formatDuration } from '../engine/index.js';
import type { NeedsGroup, NeedsInput, NodeOutage } from './needs-input.js';
import { lostMember, outageText, type Lack, type Span } from './needs-spans.js';

/** What a classic group lacks in one segment, or undefined when it has what it needs. */
export function classicLacks(g: NeedsGroup, active: readonly NodeOutage[], input: NeedsInput): Lack | undefined {
  const master = lostMember(active, g.members[0]);
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
    const slave = g.members.slice(1).flatMap((n) => lostMember(active, n));
    if (slave.length > 0)
      return {
        silent: true,
        reason: `${g.name} SYNC_MASTER lacks its slave (${slave.map(outageText).join(', ')}): sends answered SLAVE_NOT_AVAILABLE (§3.4)`,
      };
  }
  return undefined;
}

/** A classic SYNC_MASTER's slave lost silently or coming back: sends wait on its replication ack (§3.4). */
export function syncSlaveSpans(g: NeedsGroup, o: NodeOutage, input: NeedsInput): Span[] {
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
