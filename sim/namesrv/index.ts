// Public surface of the NameServer layer: the process, its configuration and
// bug switches, and the pure route table (docs/model.md §2).
export * from './config.js';
export * from './namesrv-node.js';
export * from './route-table.js';
