// PLACEHOLDER: the Raft layer replaces this file with DLedger's messages.
export type RaftMessage = { readonly type: 'DLEDGER_PLACEHOLDER' };
