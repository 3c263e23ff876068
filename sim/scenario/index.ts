// Public surface of the scenario layer: load and validate a scenario file,
// explain it, wire its expectations to checkers and run it; the bug-switch
// registry (gathered in sim/cluster, where the flags are applied) is re-exported.
export { BUG_REGISTRY, parseBugSwitches, type BugFlags, type ParsedBugs } from '../cluster/index.js';
export * from './history-ops.js';
export * from './cluster-checks.js';
export * from './cluster-seam.js';
export * from './errors.js';
export * from './explain.js';
export * from './load.js';
export * from './result.js';
export * from './run.js';
export * from './estimate.js';
export * from './constants.js';
export * from './seed-text.js';
export * from './types.js';
export * from './traffic.js';
export * from './set-override.js';
export * from './shrink.js';
export * from './shrink-doc.js';
export * from './shrink-script.js';
export * from './swarm.js';
export * from './state-recorder.js';
export * from './warnings.js';
export {
  importProperties,
  type IgnoredKey,
  type ImportProblem,
  type ImportResult,
  type PropertiesFile,
} from './import-properties.js';
