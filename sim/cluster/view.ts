// The live view of a running cluster that fault selectors resolve against
// when a fault fires: which broker is the master of a group now, which
// member leads its DLedger group, which are up. It reads the processes'
// state through Simulation.instance(); it never changes anything.
import { BrokerNode } from '../broker/index.js';
import type { NodeId } from '../engine/index.js';
import type { ClusterSimulation } from '../protocol/index.js';
import type { ClusterView, NodeKind } from './spec.js';

export interface ClusterLayout {
  readonly nodes: Readonly<Record<NodeKind, readonly NodeId[]>>;
  readonly brokersByGroup: ReadonlyMap<string, readonly NodeId[]>;
  readonly clientsByGroup: ReadonlyMap<string, readonly NodeId[]>;
}

export class LiveClusterView implements ClusterView {
  constructor(
    private readonly sim: ClusterSimulation,
    private readonly layout: ClusterLayout,
  ) {}

  nodesOf(kind: NodeKind): readonly NodeId[] {
    return this.layout.nodes[kind];
  }

  groups(): readonly string[] {
    return [...this.layout.brokersByGroup.keys()];
  }

  brokersOf(group: string): readonly NodeId[] {
    return this.layout.brokersByGroup.get(group) ?? [];
  }

  /** The up broker of the group that currently acts as brokerId 0. */
  masterOf(group: string): NodeId | undefined {
    return this.brokersOf(group).find((id) => this.broker(id)?.core?.isMaster === true);
  }

  /** DLedger: the up member whose Raft role is LEADER (the newest term wins); classic: the master. */
  leaderOf(group: string): NodeId | undefined {
    let best: NodeId | undefined;
    let bestTerm = -1;
    for (const id of this.brokersOf(group)) {
      const node = this.broker(id);
      const raft = node?.dledger?.raft;
      if (raft === undefined) continue;
      if (raft.role === 'LEADER' && raft.term > bestTerm) {
        best = id;
        bestTerm = raft.term;
      }
    }
    return best ?? this.masterOf(group);
  }

  slavesOf(group: string): readonly NodeId[] {
    const master = this.masterOf(group);
    return this.brokersOf(group).filter((id) => id !== master && this.sim.isUp(id));
  }

  clientsOf(group: string): readonly NodeId[] {
    return this.layout.clientsByGroup.get(group) ?? [];
  }

  isUp(node: NodeId): boolean {
    return this.sim.isUp(node);
  }

  private broker(id: NodeId): BrokerNode | undefined {
    const inst = this.sim.instance(id);
    return inst instanceof BrokerNode ? inst : undefined;
  }
}
