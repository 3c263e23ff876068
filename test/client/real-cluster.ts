// Real NameServers and brokers (sim/namesrv, sim/broker) with real client
// nodes: the end-to-end rig for the §7 timelines that depend on the broker.
import { nodeId, Simulation, type NodeId } from '../../sim/engine/index.js';
import { NamesrvNode } from '../../sim/namesrv/namesrv-node.js';
import { DEFAULT_NAMESRV_CONFIG } from '../../sim/namesrv/config.js';
import { BrokerNode } from '../../sim/broker/broker-node.js';
import { resolveBrokerConfig, type BrokerConfigInput } from '../../sim/broker/config.js';
import { Interner } from '../../sim/base/index.js';
import { describeClusterEvent, PERM_RW, type ClusterEvent, type WireMessage } from '../../sim/protocol/index.js';
import { History } from '../../sim/history/history.js';
import type { Harness } from './harness.js';
import { StubRegistry } from './stubs.js';

export interface RealCluster extends Harness {
  readonly groups: Map<string, NodeId[]>;
  /** The up broker that currently acts as master (id 0) of a group. */
  master(group: string): NodeId | undefined;
}

const TOPIC = { topic: 'T', readQueueNums: 4, writeQueueNums: 4, perm: PERM_RW, order: false };

export function realCluster(opts: {
  seed: number;
  namesrvs?: number;
  classic?: Record<string, number>;
  dledger?: Record<string, number>;
  extra?: Partial<BrokerConfigInput>;
  masterRole?: 'ASYNC_MASTER' | 'SYNC_MASTER';
}): RealCluster {
  const sim = new Simulation<WireMessage, ClusterEvent>({ seed: opts.seed, describeEvent: describeClusterEvent });
  const events: { t: number; text: string; e: ClusterEvent }[] = [];
  sim.addSink({ onEvent: (t, _n, e) => events.push({ t, text: describeClusterEvent(e), e }) });
  const namesrvs: NodeId[] = [];
  for (let i = 1; i <= (opts.namesrvs ?? 3); i++)
    namesrvs.push(sim.addNode(`ns-${i}`, () => new NamesrvNode(DEFAULT_NAMESRV_CONFIG)));
  const interner = new Interner();
  const groups = new Map<string, NodeId[]>();
  for (const [name, replicas] of Object.entries(opts.classic ?? {})) {
    const nodes: NodeId[] = [];
    for (let id = 0; id < replicas; id++) {
      const config = resolveBrokerConfig({
        brokerName: name,
        namesrvAddrs: namesrvs,
        topics: [TOPIC],
        mode: { kind: 'classic', brokerRole: id === 0 ? (opts.masterRole ?? 'ASYNC_MASTER') : 'SLAVE', brokerId: id },
        ...opts.extra,
      });
      nodes.push(sim.addNode(`${name}-${id}`, () => new BrokerNode({ config, interner })));
    }
    groups.set(name, nodes);
  }
  for (const [name, size] of Object.entries(opts.dledger ?? {})) {
    const peers = Array.from({ length: size }, (_, i) => nodeId(`${name}-${i}`));
    peers.forEach((p, i) => {
      const config = resolveBrokerConfig({
        brokerName: name,
        namesrvAddrs: namesrvs,
        topics: [TOPIC],
        mode: { kind: 'dledger', group: name, peers, selfIndex: i },
        ...opts.extra,
      });
      sim.addNode(p, () => new BrokerNode({ config, interner }));
    });
    groups.set(name, peers);
  }
  const master = (group: string): NodeId | undefined => {
    for (const n of groups.get(group) ?? []) {
      const b = sim.isUp(n) ? sim.instance(n) : undefined;
      if (b instanceof BrokerNode && b.core?.isMaster === true) return n;
    }
    return undefined;
  };
  return {
    sim,
    registry: new StubRegistry(),
    history: new History(),
    namesrvs,
    events,
    stores: new Map(),
    nextClientIndex: 1,
    groups,
    master,
  };
}
