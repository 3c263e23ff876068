// The bottom layer: dependency-free helpers every other layer may use. One
// assert module for all of sim/ (a failed assert is a simulator bug, exit 3),
// the run-wide string <-> number interner, chunked and run-length numeric
// columns, and the entry type every layer declares its bug switches with.
export * from './assert.js';
export * from './bucket-sort.js';
export * from './bug-switch.js';
export * from './canonical-json.js';
export * from './chunked.js';
export * from './combinations.js';
export * from './delta-column.js';
export * from './interner.js';
export * from './near-column.js';
export * from './node-names.js';
export * from './pair-keys.js';
export * from './runs.js';
export * from './sort-rows.js';
