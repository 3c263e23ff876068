// The cluster's visible state over time, for the replay viewer: each
// NameServer's broker table (which brokerName/id/address it lists, §2.2-§2.4)
// after every change, and the queues each consumer instance owns after every
// rebalance (§8). Built from the structured events, so it is exact at every
// instant (the mqadmin samples are periodic). A trace sink: it never feeds back.
import type { Micros, NodeId, TraceSink } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';

/** [atUs, NameServer, its table after the change as "brokerName id addr" rows] */
export type RouteTableChange = readonly [Micros, string, readonly string[]];
/** [atUs, consumer instance, topic, the queues it owns on that topic after the rebalance] */
export type OwnershipChange = readonly [Micros, string, string, readonly string[]];

export class StateRecorder implements TraceSink<ClusterEvent> {
  readonly routes: RouteTableChange[] = [];
  readonly owners: OwnershipChange[] = [];
  private readonly tables = new Map<string, Map<string, string>>();

  onEvent(t: Micros, node: NodeId, e: ClusterEvent): void {
    if (e.kind === 'ns.started') {
      this.change(t, e.ns, (table) => table.clear());
    } else if (e.kind === 'ns.broker-registered') {
      this.change(t, e.ns, (table) => {
        for (const id of e.movedFromIds) table.delete(`${e.brokerName} ${id}`);
        table.set(`${e.brokerName} ${e.brokerId}`, e.addr);
      });
    } else if (e.kind === 'ns.broker-removed') {
      this.change(t, e.ns, (table) => {
        if (table.get(`${e.brokerName} ${e.brokerId}`) === e.addr) table.delete(`${e.brokerName} ${e.brokerId}`);
      });
    } else if (e.kind === 'ns.group-removed') {
      this.change(t, e.ns, (table) => {
        for (const k of [...table.keys()]) if (k.startsWith(`${e.brokerName} `)) table.delete(k);
      });
    } else if (e.kind === 'client.rebalanced') {
      this.owners.push([t, node, e.topic, e.queues]);
    }
  }

  /** Applies a change to a NameServer's table and records the table only when it differs. */
  private change(t: Micros, ns: string, apply: (table: Map<string, string>) => void): void {
    let table = this.tables.get(ns);
    if (table === undefined) this.tables.set(ns, (table = new Map<string, string>()));
    const before = rows(table).join('|');
    apply(table);
    const after = rows(table);
    if (after.join('|') !== before) this.routes.push([t, ns, after]);
  }
}

function rows(table: ReadonlyMap<string, string>): string[] {
  return [...table].map(([k, addr]) => `${k} ${addr}`).sort();
}
