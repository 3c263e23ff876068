// The slot through which constant overrides (cluster.*Config, groups[].config)
// are checked against the components' default config objects, before anything
// runs. The cluster layer owns the knowledge of which names exist.
export { validateOverrides, type OverrideKind } from '../cluster/defaults.js';
export type { OverrideProblem } from '../cluster/overrides.js';
