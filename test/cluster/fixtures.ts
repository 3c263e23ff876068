// Small typed cluster and workload specs for cluster-level tests.
import { sec, toPerMillion } from '../../sim/engine/index.js';
import type {
  BrokerGroupSpec,
  ClusterSpec,
  ConsumerGroupSpec,
  ProducerGroupSpec,
  WorkloadSpec,
} from '../../sim/cluster/spec.js';

export function group(
  name: string,
  mode: 'classic' | 'dledger',
  extra: Partial<BrokerGroupSpec> = {},
): BrokerGroupSpec {
  return {
    name,
    mode,
    replicas: mode === 'dledger' ? 3 : 2,
    brokerRole: 'ASYNC_MASTER',
    flushDiskType: 'ASYNC_FLUSH',
    config: {},
    ...extra,
  };
}

export function cluster(groups: readonly BrokerGroupSpec[], extra: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    clusterName: 'DefaultCluster',
    namesrvs: 3,
    groups,
    topics: [{ name: 'TopicTest', queues: 4, groups: [], order: false }],
    network: undefined,
    disk: undefined,
    namesrvConfig: {},
    brokerConfig: {},
    clientConfig: {},
    raftConfig: {},
    ...extra,
  };
}

export function producers(extra: Partial<ProducerGroupSpec> = {}): ProducerGroupSpec {
  return {
    group: 'pg',
    topic: 'TopicTest',
    instances: 2,
    rate: { kind: 'constant', perSecond: 20 },
    messageBytes: 1024,
    keys: { kind: 'none' },
    mode: 'sync',
    ordered: false,
    startUs: sec(15),
    stopUs: undefined,
    ...extra,
  };
}

export function consumers(extra: Partial<ConsumerGroupSpec> = {}): ConsumerGroupSpec {
  return {
    group: 'cg',
    topics: ['TopicTest'],
    instances: 2,
    model: 'CLUSTERING',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    consumeTimeUs: 1_000,
    failureRate: toPerMillion(0),
    orderly: false,
    startUs: sec(15),
    ...extra,
  };
}

export function workload(extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { producers: [producers()], consumers: [consumers()], ...extra };
}
