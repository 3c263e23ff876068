// Public surface of the broker's message store (docs/model.md §3.2-3.7):
// the MessageStore, its configuration, and every type of
// its API (re-exported by message-store.ts).
export * from './config.js';
export * from './message-store.js';
