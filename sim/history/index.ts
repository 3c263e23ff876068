// Public surface of the history layer: what the clients record about a run
// (sends with their outcome, consumptions, offset commits) in typed columns,
// and the readers that walk it. Clients write it; checkers and reports read it.
export * from './history.js';
export * from './history-readers.js';
export * from './columns.js';
export * from './tuple-column.js';
export * from './uid-column.js';
export * from './backlog.js';
