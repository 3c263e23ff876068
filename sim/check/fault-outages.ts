// The node outages the injected network and disk faults cause, for the
// availability judge (availability-needs.ts). Pure.
import type { Micros } from '../engine/index.js';
import { CUT_VERBS, faultEndUs, type InjectedFault } from './injected-faults.js';
import type { NeedsGroup, NodeOutage } from './needs-input.js';

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
