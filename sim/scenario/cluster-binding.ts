// Binds scenario runs to the real cluster builder (sim/cluster/build.ts):
// builds the cluster, wires the checkers to it (cluster-checks.ts), and maps each expectation of the scenario to the
// cluster checker that judges it.
import type { Checker } from '../check/index.js';
import { adminSnapshot, buildCluster } from '../cluster/index.js';
import { ClusterChecks } from './cluster-checks.js';
import type { BuildCluster, FaultSource } from './cluster-seam.js';
import type { ExpectationSpec } from './types.js';

function checkerFor(checks: ClusterChecks, e: ExpectationSpec, faults: FaultSource): Checker {
  switch (e.check) {
    case 'availability':
      return checks.availability(e.producers, e.minRatio, e.maxOutageUs, e.accept, e.followFaults ? faults : undefined);
    case 'no-acked-loss':
      return checks.noAckedLoss();
    case 'at-least-once':
      return checks.atLeastOnce(e.consumers, e.allowDlq, e.allowRetrying);
    case 'duplicates':
      return checks.duplicates(e.consumers, e.max, e.followFaults ? faults : undefined);
    case 'order':
      return checks.order(e.consumers);
    case 'leader-changes':
      return checks.leaderChanges(e.group, e.max, e.followFaults ? faults : undefined);
    case 'send-spread':
      return checks.sendSpread(e.producers, e.fromUs, e.minShare);
    case 'raft-safety':
      return checks.raftSafety();
    case 'ack-promise':
      return checks.ackPromise();
    case 'convergence':
      return checks.convergence(e.afterUs, e.withinUs);
  }
}

export const defaultBuildCluster: BuildCluster = (sim, cluster, workload, options) => {
  const built = buildCluster(sim, cluster, workload, options);
  const checks = new ClusterChecks({
    sim,
    cluster,
    workload,
    layout: built.layout,
    history: built.history,
    raftConfig: built.raftConfig,
    clientConfig: built.clientConfig,
  });
  return {
    view: built.view,
    history: built.history,
    stats: () => built.stats(),
    checkers: (expectations, faults) => expectations.map((e) => checkerFor(checks, e, faults)),
    admin: () => adminSnapshot(sim, built.layout, cluster, workload),
  };
};
