// Public surface of the cluster layer: the spec types, the builder that turns
// a spec into running nodes, the node naming, constant overrides and the live
// view that fault selectors resolve against.
export * from './bug-registry.js';
export * from './build.js';
export * from './defaults.js';
export * from './names.js';
export * from './overrides.js';
export * from './spec.js';
export * from './view.js';
export * from './admin.js';
