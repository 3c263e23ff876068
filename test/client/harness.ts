// A small cluster of stub NameServers and brokers with real client nodes, for
// client end-to-end tests that do not depend on the real broker.
import { nodeId, sec, Simulation, type NodeId, toPerMillion } from '../../sim/engine/index.js';
import {
  describeClusterEvent,
  type ClusterEvent,
  type ClusterSimulation,
  type WireMessage,
} from '../../sim/protocol/index.js';
import type { ConsumerGroupSpec, ProducerGroupSpec } from '../../sim/cluster/spec.js';
import { History } from '../../sim/history/history.js';
import { DEFAULT_CLIENT_CONFIG, type ClientConfig } from '../../sim/client/config.js';
import { ProducerNode } from '../../sim/client/producer.js';
import { ConsumerNode } from '../../sim/client/consumer.js';
import { StubBroker, StubNamesrv, StubRegistry, StubStore } from './stubs.js';

export interface Harness {
  readonly sim: ClusterSimulation;
  readonly registry: StubRegistry;
  readonly history: History;
  readonly namesrvs: readonly NodeId[];
  readonly events: { readonly t: number; readonly text: string; readonly e: ClusterEvent }[];
  readonly stores: Map<string, StubStore>;
  /** Next client index (message uids are msgUid(clientIndex, seq)); per harness so runs replay exactly. */
  nextClientIndex: number;
}

export function producerSpec(over: Partial<ProducerGroupSpec> = {}): ProducerGroupSpec {
  return {
    group: 'pg',
    topic: 'T',
    instances: 1,
    rate: { kind: 'constant', perSecond: 20 },
    messageBytes: 1024,
    keys: { kind: 'uniform', count: 16 },
    mode: 'sync',
    ordered: false,
    startUs: sec(1),
    stopUs: undefined,
    ...over,
  };
}

export function consumerSpec(over: Partial<ConsumerGroupSpec> = {}): ConsumerGroupSpec {
  return {
    group: 'cg',
    topics: ['T'],
    instances: 2,
    model: 'CLUSTERING',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    consumeTimeUs: 2_000,
    failureRate: toPerMillion(0),
    orderly: false,
    startUs: 0,
    ...over,
  };
}

export function harness(opts: {
  seed?: number;
  namesrvs?: number;
  groups?: Record<string, number>;
  queues?: number;
  order?: boolean;
}): Harness {
  const sim = new Simulation<WireMessage, ClusterEvent>({ seed: opts.seed ?? 1, describeEvent: describeClusterEvent });
  const registry = new StubRegistry();
  const history = new History();
  const events: { t: number; text: string; e: ClusterEvent }[] = [];
  sim.addSink({ onEvent: (t, _n, e) => events.push({ t, text: describeClusterEvent(e), e }) });
  const namesrvs: NodeId[] = [];
  for (let i = 1; i <= (opts.namesrvs ?? 3); i++)
    namesrvs.push(sim.addNode(`ns-${i}`, () => new StubNamesrv(registry)));
  const stores = new Map<string, StubStore>();
  for (const [name, replicas] of Object.entries(opts.groups ?? { 'broker-a': 1, 'broker-b': 1 })) {
    const store = new StubStore();
    stores.set(name, store);
    const addrs: string[] = [];
    for (let id = 0; id < replicas; id++) {
      const addr = `${name}-${id}`;
      addrs.push(addr);
      sim.addNode(addr, () => new StubBroker(name, id, store));
    }
    registry.addGroup(name, addrs);
  }
  registry.topics.set('T', { queues: opts.queues ?? 4, order: opts.order ?? false });
  return { sim, registry, history, namesrvs, events, stores, nextClientIndex: 1 };
}

export function addProducer(
  h: Harness,
  name: string,
  spec: ProducerGroupSpec,
  config: Partial<ClientConfig> = {},
): NodeId {
  const index = h.nextClientIndex++;
  const cfg = { ...DEFAULT_CLIENT_CONFIG, ...config };
  return h.sim.addNode(
    name,
    () => new ProducerNode({ spec, config: cfg, namesrvs: h.namesrvs, clientIndex: index, history: h.history }),
  );
}

export function addConsumer(
  h: Harness,
  name: string,
  spec: ConsumerGroupSpec,
  config: Partial<ClientConfig> = {},
): NodeId {
  const index = h.nextClientIndex++;
  const cfg = { ...DEFAULT_CLIENT_CONFIG, ...config };
  return h.sim.addNode(
    name,
    () => new ConsumerNode({ spec, config: cfg, namesrvs: h.namesrvs, clientIndex: index, history: h.history }),
  );
}

/** Kills a broker process (RST) and removes it from the routes at once, as the NameServers' channel-close cleanup does. */
export function crashBroker(h: Harness, addr: string): void {
  h.sim.crash(nodeId(addr));
  h.registry.removeAddr(addr);
}

export { nodeId };
