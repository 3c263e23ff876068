// Binds scenario runs to the real cluster builder. The builder (sim/cluster/
// build.ts) is being written alongside this layer; until it lands, runs fail
// with a clear message instead of a type error.
// TODO(integrator): replace the body with
//   export { buildCluster as defaultBuildCluster } from '../cluster/build.js';
import type { BuildCluster } from './cluster-seam.js';

export class ClusterUnavailableError extends Error {
  constructor() {
    super('the cluster builder (sim/cluster/build.ts) is not available in this build yet');
    this.name = 'ClusterUnavailableError';
  }
}

export const defaultBuildCluster: BuildCluster = () => {
  throw new ClusterUnavailableError();
};
