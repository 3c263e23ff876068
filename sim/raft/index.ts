// Public surface of the DLedger-style Raft.
export * from './types.js';
export * from './config.js';
export * from './bugs.js';
export * from './messages.js';
export * from './events.js';
export * from './log.js';
export * from './quorum.js';
export * from './ready.js';
export * from './timers.js';
export { RaftCore, type RaftInput, type RaftCoreOptions, type DrawInt } from './core.js';
export * from './storage.js';
export * from './driver.js';
export * from './raft-node.js';
