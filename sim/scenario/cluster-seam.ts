// The seam between scenario runs and the cluster builder (sim/cluster). It is
// kept small on purpose: build a cluster into a simulation, then ask it for a
// view (for fault selectors), the checkers of the expectations, figures, and
// the client history (for reports).
import type { Checker, InjectedFault } from '../check/index.js';

/** The faults injected in the run so far (read by checkers when they finish). */
export type FaultSource = () => readonly InjectedFault[];
import type { History } from '../history/index.js';
import type { AdminSnapshot, BuildOptions } from '../cluster/index.js';
import type { ClusterSpec, ClusterView, WorkloadSpec } from '../cluster/index.js';
import type { ClusterSimulation } from '../protocol/index.js';
import type { ExpectationSpec } from './types.js';

export interface ClusterHandle {
  readonly view: ClusterView;
  /** One checker per expectation, in the same order; each subscribed by the caller. `faults` gives the faults injected so far. */
  checkers(expectations: readonly ExpectationSpec[], faults: FaultSource): Checker[];
  /** Figures for reports (messages stored, elections, route changes, ...). */
  stats(): Readonly<Record<string, number>>;
  /** The clients' history of sends and consumptions. */
  readonly history: History;
  /** What mqadmin would read from the cluster now (absent for fake clusters in tests). */
  readonly admin?: () => AdminSnapshot;
}

export type BuildCluster = (
  sim: ClusterSimulation,
  cluster: ClusterSpec,
  workload: WorkloadSpec,
  options: BuildOptions,
) => ClusterHandle;
