// Builds a running cluster from a scenario's topology and workload: the
// NameServers, every broker group (classic master/slaves or a DLedger group),
// the producer and consumer instances, with every constant override and bug
// switch applied. Each process is created by a factory, so a restart gets a
// fresh instance that recovers only from its host's disk.
import { BrokerNode } from '../broker/index.js';
import { resolveBrokerConfig, type BrokerConfig } from '../broker/index.js';
import { DEFAULT_STORE_CONFIG, type StoreConfig } from '../broker/index.js';
import { Interner } from '../engine/index.js';
import { History } from '../history/index.js';
import { DEFAULT_CLIENT_CONFIG, type ClientConfig } from '../client/index.js';
import { ConsumerNode } from '../client/index.js';
import { ProducerNode } from '../client/index.js';
import { nodeId, type AddNodeOptions, type NodeId } from '../engine/index.js';
import { DEFAULT_NAMESRV_CONFIG, resolveNamesrvConfig, type NamesrvConfig } from '../namesrv/index.js';
import { NamesrvNode } from '../namesrv/index.js';
import { PERM_RW, type ClusterNode, type ClusterSimulation, type TopicConfig } from '../protocol/index.js';
import { DEFAULT_RAFT_CONFIG, resolveRaftConfig, type RaftConfig } from '../raft/index.js';
import { parseBugSwitches, NO_BUG_FLAGS, type BugFlags } from './bug-registry.js';
import { BROKER_DEFAULTS, CHOICES, PREFERRED_LEADER_KEY, splitBrokerOverrides } from './defaults.js';
import { brokerNodeNames, clientNodeNames, nodeNames } from './names.js';
import { applyOverrides, type OverrideProblem } from './overrides.js';
import type { BrokerGroupSpec, ClusterSpec, Overrides, WorkloadSpec } from './spec.js';
import { LiveClusterView, type ClusterLayout } from './view.js';

export interface BuildOptions {
  /** Bug switch names, e.g. "raft.vote-without-persist". */
  readonly bugs: readonly string[];
}

/** The spec cannot be built (unknown constant, bad value, unknown bug switch): bad input, exit 2. */
export class ClusterBuildError extends Error {
  constructor(readonly problems: readonly OverrideProblem[]) {
    super(`cannot build the cluster: ${problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`);
    this.name = 'ClusterBuildError';
  }
}

export interface BuiltCluster {
  readonly view: LiveClusterView;
  readonly layout: ClusterLayout;
  readonly history: History;
  /** The resolved Raft constants every DLedger group runs with (checkers need ackAfterFsync). */
  readonly raftConfig: RaftConfig;
  /** The resolved client constants (availability that follows faults needs the route poll and send budget). */
  readonly clientConfig: ClientConfig;
  stats(): Readonly<Record<string, number>>;
}

function applied<T extends object>(base: T, overrides: Overrides, where: string, problems: OverrideProblem[]): T {
  const r = applyOverrides(base, overrides, CHOICES);
  if (r.ok) return r.value;
  for (const p of r.problems) problems.push({ path: `${where}.${p.path}`, expected: p.expected });
  return base;
}

function topicsOf(cluster: ClusterSpec, group: string): TopicConfig[] {
  return cluster.topics
    .filter((t) => t.groups.length === 0 || t.groups.includes(group))
    .map((t) => ({ topic: t.name, readQueueNums: t.queues, writeQueueNums: t.queues, perm: PERM_RW, order: t.order }));
}

interface GroupConfigs {
  readonly brokers: readonly BrokerConfig[];
  readonly store: Partial<StoreConfig>;
  /** DLedger preferredLeaderIds of the group (empty when none). */
  readonly preferred: readonly string[];
}

/** The group's preferredLeaderId, which must name one of its DLedger members. */
function preferredLeader(
  g: BrokerGroupSpec,
  overrides: Overrides,
  where: string,
  problems: OverrideProblem[],
): string[] {
  const v = overrides[PREFERRED_LEADER_KEY];
  if (v === undefined) return [];
  const members = brokerNodeNames(g);
  if (g.mode === 'dledger' && typeof v === 'string' && members.includes(v)) return [v];
  problems.push({
    path: `${where}.${PREFERRED_LEADER_KEY}`,
    expected: `a member of DLedger group ${g.name} (${members.join(', ')}), found ${JSON.stringify(v)}`,
  });
  return [];
}

/** One BrokerConfig per member of a group: classic -0 master and slaves 1..n, or DLedger members n0..n2. */
function groupConfigs(
  cluster: ClusterSpec,
  g: BrokerGroupSpec,
  namesrvs: readonly NodeId[],
  bugs: BugFlags,
  problems: OverrideProblem[],
): GroupConfigs {
  const where = `cluster.groups[${g.name}].config`;
  const merged = { ...cluster.brokerConfig, ...g.config };
  const { split, problems: unknown } = splitBrokerOverrides(merged);
  const preferred = preferredLeader(g, merged, where, problems);
  problems.push(...unknown.map((p) => ({ path: `${where}.${p.path}`, expected: p.expected })));
  const tuned = applied(BROKER_DEFAULTS, split.broker, where, problems);
  // The broker sets the store's flush type and role itself; the rest of StoreConfig follows the overrides.
  const store = applied(DEFAULT_STORE_CONFIG, split.store, where, problems);
  const members = brokerNodeNames(g).map(nodeId);
  const brokers = members.map((_, i) =>
    resolveBrokerConfig({
      ...tuned,
      brokerClusterName: cluster.clusterName,
      brokerName: g.name,
      namesrvAddrs: namesrvs,
      flushDiskType: g.flushDiskType,
      topics: topicsOf(cluster, g.name),
      mode:
        g.mode === 'dledger'
          ? { kind: 'dledger', group: g.name, peers: members, selfIndex: i }
          : { kind: 'classic', brokerRole: i === 0 ? g.brokerRole : 'SLAVE', brokerId: i },
      bugs: { ...tuned.bugs, ...bugs.broker },
    }),
  );
  return { brokers, store, preferred };
}

export function buildCluster(
  sim: ClusterSimulation,
  cluster: ClusterSpec,
  workload: WorkloadSpec,
  options: BuildOptions,
): BuiltCluster {
  const problems: OverrideProblem[] = [];
  const parsed = parseBugSwitches(options.bugs);
  if (!parsed.ok)
    for (const name of parsed.unknown)
      problems.push({ path: `--bug ${name}`, expected: 'a known bug switch (see `rmqsim bugs`)' });
  const bugs = parsed.ok ? parsed.flags : NO_BUG_FLAGS;
  const nsConfig: NamesrvConfig = resolveNamesrvConfig({
    ...applied(DEFAULT_NAMESRV_CONFIG, cluster.namesrvConfig, 'cluster.namesrvConfig', problems),
    bugs: bugs.namesrv,
  });
  const raftConfig: RaftConfig = resolveRaftConfig({
    ...applied(DEFAULT_RAFT_CONFIG, cluster.raftConfig, 'cluster.raftConfig', problems),
    bugs: bugs.raft,
  });
  const clientConfig: ClientConfig = {
    ...applied(DEFAULT_CLIENT_CONFIG, cluster.clientConfig, 'cluster.clientConfig', problems),
    ...bugs.client,
  };
  const names = nodeNames(cluster, workload);
  const namesrvs = names.namesrv.map(nodeId);
  const groups = cluster.groups.map((g) => ({ g, configs: groupConfigs(cluster, g, namesrvs, bugs, problems) }));
  if (problems.length > 0) throw new ClusterBuildError(problems);

  const spread = cluster.startSpreadUs ?? 0;
  /**
   * Each process's start offset, from a stream of its own so that it moves nothing else the seed fixes.
   * The kinds come up in the order the deployment guides give (NameServers, then brokers, then clients:
   * DOC-dledger/quick_start), each kind within its own window of `spread`.
   */
  const started = (name: string, wave: number): AddNodeOptions => ({
    startDelayUs: spread > 0 ? wave * spread + sim.stream(`start:${name}`).int(0, spread) : 0,
  });
  for (const ns of namesrvs) sim.addNode(ns, () => new NamesrvNode(nsConfig), started(ns, 0));
  const interner = new Interner();
  const brokersByGroup = new Map<string, NodeId[]>();
  for (const { g, configs } of groups) {
    const members = brokerNodeNames(g).map(nodeId);
    brokersByGroup.set(g.name, members);
    members.forEach((id, i) => {
      const config = configs.brokers[i];
      if (config === undefined) return;
      const dledger = { raft: { ...raftConfig, preferredLeaderIds: configs.preferred } };
      sim.addNode(id, () => new BrokerNode({ config, interner, store: configs.store, dledger }), started(id, 1));
    });
  }
  const history = new History();
  const clientsByGroup = new Map<string, NodeId[]>();
  let clientIndex = 1;
  /** Adds `${group}-1..N`, each with a run-wide unique client index (message uids embed it). */
  const addClients = <S extends { readonly group: string; readonly instances: number }>(
    specs: readonly S[],
    make: (spec: S, index: number, instance: number) => ClusterNode,
  ): void => {
    for (const spec of specs) {
      const ids = clientNodeNames(spec.group, spec.instances).map(nodeId);
      clientsByGroup.set(spec.group, ids);
      ids.forEach((id, instance) => {
        const index = clientIndex++;
        sim.addNode(id, () => make(spec, index, instance), started(id, 2));
      });
    }
  };
  addClients(
    workload.producers,
    (spec, index, instance) =>
      new ProducerNode({ spec, config: clientConfig, namesrvs, clientIndex: index, history, instance }),
  );
  addClients(
    workload.consumers,
    (spec, index) => new ConsumerNode({ spec, config: clientConfig, namesrvs, clientIndex: index, history }),
  );
  const layout: ClusterLayout = {
    nodes: {
      namesrv: namesrvs,
      broker: names.broker.map(nodeId),
      producer: names.producer.map(nodeId),
      consumer: names.consumer.map(nodeId),
    },
    brokersByGroup,
    clientsByGroup,
  };
  const view = new LiveClusterView(sim, layout);
  return { view, layout, history, raftConfig, clientConfig, stats: () => clusterStats(sim, layout) };
}

function clusterStats(sim: ClusterSimulation, layout: ClusterLayout): Readonly<Record<string, number>> {
  const stats: Record<string, number> = { ...sim.stats() };
  let stored = 0;
  for (const id of layout.nodes.broker) {
    const inst = sim.instance(id);
    if (inst instanceof BrokerNode && inst.store !== undefined) {
      for (const q of inst.store.listQueues()) stored += q.maxOffset - q.minOffset;
    }
  }
  stats['messagesStoredOnLiveBrokers'] = stored;
  return stats;
}
