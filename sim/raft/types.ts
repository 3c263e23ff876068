// Shared vocabulary of the DLedger-style Raft: member ids, roles, DLedger's
// response codes and vote results, append outcomes. Pure data; the core
// imports nothing from sim/engine (style.md #1), so ids are plain strings.
// Models io.openmessaging.storage.dledger.MemberState.Role,
// protocol.DLedgerResponseCode and protocol.VoteResponse.RESULT.

/** A member of a DLedger group: the id of the process that hosts it (e.g. "n0" or "broker-a-0"). */
export type PeerId = string;

/** No entry: DLedger numbers entries from 0 and reports an empty log as index -1, term -1. */
export const NO_INDEX = -1;
export const NO_TERM = -1;

export type Role = 'FOLLOWER' | 'CANDIDATE' | 'LEADER';

/** VoteResponse.RESULT in DLedger (ACCEPT plus every reject reason). */
export type VoteResult =
  | 'ACCEPT'
  | 'REJECT_UNKNOWN_LEADER'
  | 'REJECT_UNEXPECTED_LEADER'
  | 'REJECT_EXPIRED_VOTE_TERM'
  | 'REJECT_ALREADY_VOTED'
  | 'REJECT_ALREADY_HAS_LEADER'
  | 'REJECT_TERM_NOT_READY'
  | 'REJECT_TERM_SMALL_THAN_LEDGER'
  | 'REJECT_EXPIRED_LEDGER_TERM'
  | 'REJECT_SMALL_LEDGER_END_INDEX'
  | 'REJECT_TAKING_LEADERSHIP';

/** VoteResponse.ParseResult: what a candidate concludes from one vote round. */
export type VoteParseResult = 'WAIT_TO_REVOTE' | 'REVOTE_IMMEDIATELY' | 'PASSED' | 'WAIT_TO_VOTE_NEXT';

/** DLedgerResponseCode values used by heartbeats and pushes. */
export type DLedgerCode =
  | 'SUCCESS'
  | 'EXPIRED_TERM'
  | 'INCONSISTENT_LEADER'
  | 'TERM_NOT_READY'
  | 'INCONSISTENT_STATE'
  | 'INCONSISTENT_TERM'
  | 'UNKNOWN_MEMBER'
  | 'UNEXPECTED_MEMBER'
  | 'DISK_FULL';

/** Why an append did not commit (DLedgerResponseCode names). */
export type AppendFailure =
  | 'NOT_LEADER'
  | 'LEADER_TRANSFERRING'
  | 'LEADER_PENDING_FULL'
  | 'WAIT_QUORUM_ACK_TIMEOUT'
  | 'TERM_CHANGED'
  | 'DISK_FULL';

export type AppendResult =
  | { readonly ok: true; readonly index: number; readonly term: number }
  | { readonly ok: false; readonly reason: AppendFailure };

/** An opaque id the embedding node chose for one append, echoed in its result. */
export type AppendHandle = number;

/** Kind of a log entry: a client payload, or the no-op a new leader appends (see config.appendNoopOnElection). */
export const ENTRY_DATA = 1;
export const ENTRY_NOOP = 0;

/**
 * The body size of an entry of `kind` whose first payload number is `first`, when the embedding
 * node's payloads say it (a DLedger broker's entry is a ref into the run's shared message arena,
 * which keeps the message's size): the log then keeps no size per entry, in memory or on disk.
 */
export type EntryBytes = (kind: number, first: number) => number;

/** One log entry as it travels in a push and lands on disk. */
export interface EntryData {
  readonly index: number;
  readonly term: number;
  /** ENTRY_DATA or ENTRY_NOOP. */
  readonly kind: number;
  /** Fixed-width numeric payload (RaftConfig.payloadFields numbers). */
  readonly payload: readonly number[];
  /** Size the entry occupies on disk and on the wire. */
  readonly bytes: number;
}

/** The persistent state DLedger keeps in its `currterm` file. */
export interface HardState {
  readonly term: number;
  /** Candidate voted for in `term`, or undefined. */
  readonly votedFor: PeerId | undefined;
}

/** Quorum = floor(n/2) + 1 (MemberState.isQuorum). */
export const quorumOf = (members: number): number => Math.floor(members / 2) + 1;
