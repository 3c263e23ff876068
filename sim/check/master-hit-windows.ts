// Faults that leave a group its members but cost the sends its master (or
// DLedger leader) answers: packet loss on the master's links (or, for a
// classic SYNC_MASTER, on its slave's: the replication ack), and a disk
// slowed under SYNC_FLUSH (FLUSH_DISK_TIMEOUT, docs/model.md §3.3). Pure;
// part of availability-needs.ts.
import type { NeedsGroup, NeedsInput, NodeOutage } from './needs-input.js';
import { outageText, type Span } from './needs-spans.js';

/** The group's master or DLedger leader hit by packet loss or a slowed SYNC_FLUSH disk; a SYNC_MASTER's slave links by packet loss. */
export function masterHitSpans(g: NeedsGroup, o: NodeOutage, input: NeedsInput): Span[] {
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
  return spans;
}
