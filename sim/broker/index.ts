// Public surface of the broker layer: the broker process, its configuration
// and bug switches, the DLedger record codec the checkers decode logs with,
// and the message store.
export * from './broker-node.js';
export * from './bug-switches.js';
export * from './config.js';
export * from './dledger-record.js';
export * from './store/index.js';
