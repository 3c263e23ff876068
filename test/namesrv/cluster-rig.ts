// A small NameServer test cluster on the kernel: NamesrvNodes and stub
// brokers, with every domain event recorded.
import { assert, Simulation, type Micros, type NodeId } from '../../sim/engine/index.js';
import { resolveNamesrvConfig, type NamesrvConfigInput } from '../../sim/namesrv/config.js';
import { NamesrvNode } from '../../sim/namesrv/namesrv-node.js';
import { describeClusterEvent, type ClusterEvent, type ClusterSimulation } from '../../sim/protocol/index.js';
import { StubBroker, type StubBrokerOptions } from './stub-broker.js';
import { nodeId } from '../../sim/engine/index.js';

export interface Recorded {
  readonly t: Micros;
  readonly node: NodeId;
  readonly e: ClusterEvent;
}

export class NsRig {
  readonly sim: ClusterSimulation;
  readonly events: Recorded[] = [];

  constructor(
    seed: number,
    readonly namesrvs: readonly string[],
    config: NamesrvConfigInput = {},
  ) {
    this.sim = new Simulation({ seed, describeEvent: describeClusterEvent });
    this.sim.addSink({ onEvent: (t, node, e) => this.events.push({ t, node, e }) });
    const resolved = resolveNamesrvConfig(config);
    for (const ns of namesrvs) this.sim.addNode(ns, () => new NamesrvNode(resolved));
  }

  addBroker(name: string, options: Omit<StubBrokerOptions, 'namesrvs'>): void {
    this.sim.addNode(name, () => new StubBroker({ ...options, namesrvs: this.namesrvs }));
  }

  ns(name: string): NamesrvNode {
    const n = this.sim.instance(nodeId(name));
    assert(n instanceof NamesrvNode, `${name} is not a live NameServer`);
    return n;
  }

  broker(name: string): StubBroker {
    const b = this.sim.instance(nodeId(name));
    assert(b instanceof StubBroker, `${name} is not a live stub broker`);
    return b;
  }

  /** Entries of one NameServer as "brokerName/id/addr". */
  listed(ns: string): string[] {
    return this.ns(ns)
      .registeredBrokers()
      .map((e) => `${e.brokerName}/${e.brokerId}/${e.addr}`);
  }

  removals(addr: string): (Recorded & { e: Extract<ClusterEvent, { kind: 'ns.broker-removed' }> })[] {
    return this.events.filter(
      (r): r is Recorded & { e: Extract<ClusterEvent, { kind: 'ns.broker-removed' }> } =>
        r.e.kind === 'ns.broker-removed' && r.e.addr === addr,
    );
  }
}
