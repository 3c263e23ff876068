// Public surface of the checkers: the Checker contract and one checker per
// invariant (safety, availability, liveness). They read the history and the
// trace; they know nothing about how the cluster was built.
export * from './checker.js';
export * from './at-least-once.js';
export * from './consumption-rows.js';
export * from './duplicates.js';
export * from './duplicate-windows.js';
export * from './reset-redeliveries.js';
export * from './leader-changes.js';
export * from './clock-jump-candidacy.js';
export * from './election-record.js';
export * from './slot-conflicts.js';
export * from './ack-promise.js';
export * from './availability.js';
export * from './availability-follow.js';
export * from './availability-needs.js';
export * from './needs-input.js';
export * from './fault-outages.js';
export * from './injected-faults.js';
export * from './durability.js';
export * from './queue-order.js';
export * from './raft-checks.js';
export * from './raft-liveness.js';
export * from './raft-observe.js';
export * from './route-convergence.js';
export * from './killed-broker-removal.js';
export * from './send-spread.js';
