// Read-only probes of a built cluster for tests.
import { BrokerNode } from '../../sim/broker/broker-node.js';
import type { BuiltCluster } from '../../sim/cluster/build.js';
import { isAcked, type History } from '../../sim/history/history.js';
import type { Message, Simulation } from '../../sim/engine/index.js';

/** Every up broker of the group that acts as brokerId 0 right now (one, in a healthy group). */
export function mastersOf<M extends Message, E>(sim: Simulation<M, E>, built: BuiltCluster, group: string): string[] {
  return built.view.brokersOf(group).filter((id) => {
    const inst = sim.instance(id);
    return inst instanceof BrokerNode && inst.core?.isMaster === true;
  });
}

/** Sends acknowledged (SEND_OK or a stored status) that were invoked at or after `fromUs`. */
export function ackedSince(h: History, fromUs: number): number {
  const c = h.sends.col;
  let n = 0;
  for (let i = 0; i < h.sends.length; i++) if (c.invokeUs.get(i) >= fromUs && isAcked(c.outcome.get(i))) n++;
  return n;
}
