// Node names of a cluster, one rule for every layer: NameServers ns-1..N,
// brokers <group>-0..R-1 (classic: -0 is the master), clients <group>-1..N.
import type { ClusterSpec, NodeKind, WorkloadSpec } from './spec.js';

const range = (n: number, from: number, prefix: string): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i + from}`);

export const brokerNodeNames = (group: { readonly name: string; readonly replicas: number }): string[] =>
  range(group.replicas, 0, group.name);
export const clientNodeNames = (group: string, instances: number): string[] => range(instances, 1, group);

export function nodeNames(cluster: ClusterSpec, workload: WorkloadSpec): Record<NodeKind, string[]> {
  return {
    namesrv: range(cluster.namesrvs, 1, 'ns'),
    broker: cluster.groups.flatMap(brokerNodeNames),
    producer: workload.producers.flatMap((p) => clientNodeNames(p.group, p.instances)),
    consumer: workload.consumers.flatMap((c) => clientNodeNames(c.group, c.instances)),
  };
}
