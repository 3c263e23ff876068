// The slot through which constant overrides (cluster.config.*, groups[].config)
// are checked against the components' default config objects. The cluster
// builder owns the knowledge of which names exist (sim/cluster/overrides.ts);
// until it lands, every name is accepted here and the builder rejects unknown
// ones at build time.
// TODO(integrator): replace the body with
//   export { validateOverrides } from '../cluster/overrides.js';
import type { Overrides } from '../cluster/spec.js';

export type OverrideKind = 'namesrv' | 'broker' | 'client' | 'raft';

/** One bad override: the constant's name and what was expected of it. */
export interface OverrideProblem {
  readonly path: string;
  readonly expected: string;
}

export function validateOverrides(_kind: OverrideKind, _overrides: Overrides): readonly OverrideProblem[] {
  return [];
}
