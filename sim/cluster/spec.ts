// What a cluster and its workload look like, as data: the typed form of a
// scenario's `cluster` and `workload` sections. The scenario loader validates
// YAML into these types; the cluster builder turns them into nodes. Every
// protocol constant can be overridden by name (see overrides.ts).
import type { NodeId } from '../engine/index.js';
import type { DiskConfig, LatencyModel } from '../engine/index.js';
import type { ClientConfig, ConsumerGroupSpec, ProducerGroupSpec } from '../client/index.js';
import type { BrokerConfig, StoreConfig } from '../broker/index.js';
import type { NamesrvConfig } from '../namesrv/index.js';
import type { RaftConfig } from '../raft/index.js';

export type {
  ConsumerGroupSpec,
  KeySpec,
  MessageModelSpec,
  ProducerGroupSpec,
  RateSpec,
  SendMode,
} from '../client/index.js';

type Scalar = string | number | boolean;

/**
 * Constant overrides by field name as a scenario writes them, e.g. { registerNameServerPeriodUs: "10s",
 * slaveReadEnable: true }: what the override functions take, since they check every name and value
 * against the component's defaults (overrides.ts).
 */
export type Overrides = Readonly<Record<string, Scalar | undefined>>;

/** A config's scalar fields (bug flags are switched by --bug, never by overrides). */
type ScalarField<T> = {
  [K in keyof T & string]-?: T[K] extends Scalar ? (K extends `bug${string}` ? never : K) : never;
}[keyof T & string];
/** The scalar fields of a config's nested groups (e.g. BrokerConfig.timings), overridable by their bare name. */
type GroupField<T> = {
  [G in keyof T & string]-?: G extends 'bugs'
    ? never
    : T[G] extends readonly unknown[]
      ? never
      : T[G] extends object
        ? ScalarField<T[G]>
        : never;
}[keyof T & string];
type FieldValue<T, K extends string> = K extends keyof T
  ? T[K]
  : { [G in keyof T]: T[G] extends object ? (K extends keyof T[G] ? T[G][K] : never) : never }[keyof T];
/** What may be written for a field: its own type; a µs field also takes a duration string such as "30s". */
type Written<V, K extends string> = K extends `${string}Us` ? number | string : V;

/** Typed overrides of config T: only its overridable names, each with its own value type. */
export type OverridesOf<T> = { readonly [K in ScalarField<T> | GroupField<T>]?: Written<FieldValue<T, K>, K> };

/** A broker group's overrides: broker and message-store constants, and the DLedger preferred leader. */
export type BrokerGroupOverrides = OverridesOf<BrokerConfig> &
  OverridesOf<StoreConfig> & { readonly preferredLeaderId?: string };

/**
 * The typed view of overrides read from a scenario file. Its names and values are checked against the
 * component's defaults before anything runs (validateOverrides in the scenario's cross-checks, with the
 * file and field of each problem) and again when the cluster is built; this is the YAML edge.
 */
export function typedOverrides<T>(written: Overrides): OverridesOf<T> {
  return written as OverridesOf<T>;
}

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
  readonly config: BrokerGroupOverrides;
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
  readonly namesrvConfig: OverridesOf<NamesrvConfig>;
  readonly brokerConfig: BrokerGroupOverrides;
  readonly clientConfig: OverridesOf<ClientConfig>;
  readonly raftConfig: OverridesOf<RaftConfig>;
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
