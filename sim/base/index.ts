// The bottom layer: dependency-free helpers every other layer may use. One
// assert module for all of sim/ (a failed assert is a simulator bug, exit 3),
// the run-wide string <-> number interner, and chunked numeric columns.
export * from './assert.js';
export * from './chunked.js';
export * from './interner.js';
export * from './pair-keys.js';
