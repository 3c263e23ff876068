// PLACEHOLDER: the Raft layer replaces this file with its decision events.
export type RaftEvent = { readonly kind: 'raft.placeholder'; readonly node: string };
export const describeRaftEvent = (e: RaftEvent): string => `${e.node}: ${e.kind}`;
