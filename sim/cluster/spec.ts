// What a cluster and its workload look like, as data: the typed form of a
// scenario's `cluster` and `workload` sections. The scenario loader validates
// YAML into these types; the cluster builder turns them into nodes. Every
// protocol constant can be overridden by name (see overrides.ts).
import type { NodeId } from '../engine/index.js';
import type { DiskConfig, LatencyModel } from '../engine/index.js';
import type { ConsumerGroupSpec, ProducerGroupSpec } from '../client/index.js';

export type {
  ConsumerGroupSpec,
  KeySpec,
  MessageModelSpec,
  ProducerGroupSpec,
  RateSpec,
  SendMode,
} from '../client/index.js';

/** Constant overrides by field name, e.g. { registerNameServerPeriodUs: "10s", slaveReadEnable: true }. */
export type Overrides = Readonly<Record<string, string | number | boolean>>;

export type BrokerGroupMode = 'classic' | 'dledger';
export type ClassicMasterRole = 'ASYNC_MASTER' | 'SYNC_MASTER';
export type FlushDiskType = 'ASYNC_FLUSH' | 'SYNC_FLUSH';

export interface BrokerGroupSpec {
  /** brokerName, e.g. "broker-a". Nodes are named `${name}-0`, `${name}-1`, ... */
  readonly name: string;
  readonly mode: BrokerGroupMode;
  /** classic: 1 master + (replicas - 1) slaves; dledger: group size (3 or 5). */
  readonly replicas: number;
  /** classic only: the master's role. */
  readonly brokerRole: ClassicMasterRole;
  readonly flushDiskType: FlushDiskType;
  /** Overrides for this group's brokers, on top of ClusterSpec.brokerConfig. */
  readonly config: Overrides;
}

export interface TopicSpec {
  readonly name: string;
  /** Read and write queues per broker group. */
  readonly queues: number;
  /** Groups that serve the topic; empty = all groups. */
  readonly groups: readonly string[];
  /** Ordered topic: producers pick the queue by key, consumers consume orderly. */
  readonly order: boolean;
}

export interface ClusterSpec {
  /** brokerClusterName. */
  readonly clusterName: string;
  /** Number of NameServers; nodes ns-1 .. ns-N. */
  readonly namesrvs: number;
  readonly groups: readonly BrokerGroupSpec[];
  readonly topics: readonly TopicSpec[];
  readonly network: { readonly latency: LatencyModel } | undefined;
  readonly disk: Partial<DiskConfig> | undefined;
  /**
   * Real processes do not start in the same microsecond: each node starts after a delay drawn from its own
   * seeded stream ("start:<node>"): NameServers in [0, S], brokers in [S, 2S], clients in [2S, 3S] with
   * S = startSpreadUs, so its periodic timers (registration, NameServer
   * scan, route poll, heartbeats, flush) take a phase of their own and a seed sweep explores the interleavings.
   * Undefined or 0: every node starts at time 0 (lockstep).
   */
  readonly startSpreadUs?: number;
  readonly namesrvConfig: Overrides;
  readonly brokerConfig: Overrides;
  readonly clientConfig: Overrides;
  readonly raftConfig: Overrides;
}

export interface WorkloadSpec {
  readonly producers: readonly ProducerGroupSpec[];
  readonly consumers: readonly ConsumerGroupSpec[];
}

/** Node kinds, for selectors such as `all:namesrv` or `random:broker`. */
export type NodeKind = 'namesrv' | 'broker' | 'producer' | 'consumer';

/**
 * A live view of the running cluster for fault selectors, resolved when a
 * fault fires (so "kill the master" survives seed changes).
 */
export interface ClusterView {
  nodesOf(kind: NodeKind): readonly NodeId[];
  groups(): readonly string[];
  brokersOf(group: string): readonly NodeId[];
  /** The group's current brokerId-0 node that is up (classic: the master; DLedger: the leader acting as master). */
  masterOf(group: string): NodeId | undefined;
  /** DLedger: the current Raft leader that is up (classic groups: the master). */
  leaderOf(group: string): NodeId | undefined;
  /** Up brokers of the group that are not its master. */
  slavesOf(group: string): readonly NodeId[];
  /** Instances of a producer or consumer group. */
  clientsOf(group: string): readonly NodeId[];
  isUp(node: NodeId): boolean;
}
