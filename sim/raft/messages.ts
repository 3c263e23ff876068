// DLedger's wire messages (DLedgerRpcService: vote, heartBeat, push,
// leadershipTransfer) with their request-code names. Requests travel as RPCs;
// a response answers the request it is paired with by the kernel, so it
// carries only what the requester needs. describeRaftMessage prints each as
// one canonical line (golden traces, teaching output).
// Models protocol.{VoteRequest,VoteResponse,HeartBeatRequest,HeartBeatResponse,
// PushEntryRequest,PushEntryResponse,LeadershipTransferRequest}.
import type { DLedgerCode, EntryData, PeerId, VoteResult } from './types.js';

/** PushEntryRequest.Type: the EntryDispatcher's stages per follower. */
export type PushType = 'COMPARE' | 'TRUNCATE' | 'APPEND' | 'COMMIT';

export interface VoteRequest {
  readonly type: 'DLEDGER_VOTE';
  readonly group: string;
  readonly term: number;
  /** The candidate (DLedger names it leaderId). */
  readonly candidate: PeerId;
  readonly ledgerEndIndex: number;
  readonly ledgerEndTerm: number;
}

export interface VoteResponse {
  readonly type: 'DLEDGER_VOTE_RESPONSE';
  readonly group: string;
  /** The voter's term (or its ledger end term for REJECT_TERM_SMALL_THAN_LEDGER). */
  readonly term: number;
  readonly result: VoteResult;
}

export interface HeartbeatRequest {
  readonly type: 'DLEDGER_HEARTBEAT';
  readonly group: string;
  readonly term: number;
  readonly leader: PeerId;
}

export interface HeartbeatResponse {
  readonly type: 'DLEDGER_HEARTBEAT_RESPONSE';
  readonly group: string;
  readonly term: number;
  readonly code: DLedgerCode;
}

export interface PushRequest {
  readonly type: 'DLEDGER_PUSH';
  readonly group: string;
  readonly term: number;
  readonly leader: PeerId;
  readonly pushType: PushType;
  /** Leader's committed index, piggybacked on every push. */
  readonly commitIndex: number;
  /** COMPARE/TRUNCATE: the one entry compared or written; APPEND: consecutive entries; COMMIT: none. */
  readonly entries: readonly EntryData[];
  /** APPEND: term of the entry just before the first one on the leader (-1 at index 0). */
  readonly prevTerm: number;
}

export interface PushResponse {
  readonly type: 'DLEDGER_PUSH_RESPONSE';
  readonly group: string;
  readonly term: number;
  readonly code: DLedgerCode;
  /** SUCCESS on APPEND/TRUNCATE: the last index now matching the leader. */
  readonly index: number;
  /** The follower's ledger begin and end index (used by COMPARE). */
  readonly beginIndex: number;
  readonly endIndex: number;
}

export interface LeadershipTransferRequest {
  readonly type: 'DLEDGER_LEADERSHIP_TRANSFER';
  readonly group: string;
  readonly term: number;
  readonly leader: PeerId;
  readonly transferee: PeerId;
}

export interface LeadershipTransferResponse {
  readonly type: 'DLEDGER_LEADERSHIP_TRANSFER_RESPONSE';
  readonly group: string;
  readonly term: number;
  readonly code: DLedgerCode;
}

export type RaftRequest = VoteRequest | HeartbeatRequest | PushRequest | LeadershipTransferRequest;
export type RaftResponse = VoteResponse | HeartbeatResponse | PushResponse | LeadershipTransferResponse;
export type RaftMessage = RaftRequest | RaftResponse;

/**
 * 1 for a DLedger request type, 2 for a response, 0 otherwise (a switch: the broker asks on every message it
 * gets; the cases compare in turn, the idle group's most frequent first: pushes, heartbeats, their answers).
 */
function raftKind(type: string): 0 | 1 | 2 {
  switch (type) {
    case 'DLEDGER_PUSH':
    case 'DLEDGER_HEARTBEAT':
    case 'DLEDGER_VOTE':
    case 'DLEDGER_LEADERSHIP_TRANSFER':
      return 1;
    case 'DLEDGER_HEARTBEAT_RESPONSE':
    case 'DLEDGER_PUSH_RESPONSE':
    case 'DLEDGER_VOTE_RESPONSE':
    case 'DLEDGER_LEADERSHIP_TRANSFER_RESPONSE':
      return 2;
    default:
      return 0;
  }
}

/** True for every DLedger message (the embedding broker routes on it). */
export function isRaftMessage(m: { readonly type: string }): m is RaftMessage {
  return raftKind(m.type) !== 0;
}

export function isRaftRequest(m: { readonly type: string }): m is RaftRequest {
  return raftKind(m.type) === 1;
}

export function isRaftResponse(m: { readonly type: string }): m is RaftResponse {
  return raftKind(m.type) === 2;
}

const entryText = (e: EntryData): string => `(${e.index},${e.term}${e.kind === 0 ? ',noop' : ''})`;

function entriesText(entries: readonly EntryData[]): string {
  if (entries.length === 0) return '[]';
  if (entries.length <= 3) return `[${entries.map(entryText).join(' ')}]`;
  const first = entries[0];
  const last = entries[entries.length - 1];
  return first === undefined || last === undefined
    ? '[]'
    : `[${entryText(first)}..${entryText(last)} x${entries.length}]`;
}

/** One canonical line per message, e.g. "DLEDGER_VOTE term=4 cand=n1 last=(7,3)". */
export function describeRaftMessage(m: RaftMessage): string {
  switch (m.type) {
    case 'DLEDGER_VOTE':
      return `DLEDGER_VOTE term=${m.term} cand=${m.candidate} last=(${m.ledgerEndIndex},${m.ledgerEndTerm})`;
    case 'DLEDGER_VOTE_RESPONSE':
      return `DLEDGER_VOTE_RESPONSE term=${m.term} ${m.result}`;
    case 'DLEDGER_HEARTBEAT':
      return `DLEDGER_HEARTBEAT term=${m.term} leader=${m.leader}`;
    case 'DLEDGER_HEARTBEAT_RESPONSE':
      return `DLEDGER_HEARTBEAT_RESPONSE term=${m.term} ${m.code}`;
    case 'DLEDGER_PUSH':
      return `DLEDGER_PUSH ${m.pushType} term=${m.term} commit=${m.commitIndex}${m.pushType === 'APPEND' ? ` prevTerm=${m.prevTerm}` : ''} ${entriesText(m.entries)}`;
    case 'DLEDGER_PUSH_RESPONSE':
      return `DLEDGER_PUSH_RESPONSE term=${m.term} ${m.code} index=${m.index} range=[${m.beginIndex},${m.endIndex}]`;
    case 'DLEDGER_LEADERSHIP_TRANSFER':
      return `DLEDGER_LEADERSHIP_TRANSFER term=${m.term} from=${m.leader} to=${m.transferee}`;
    case 'DLEDGER_LEADERSHIP_TRANSFER_RESPONSE':
      return `DLEDGER_LEADERSHIP_TRANSFER_RESPONSE term=${m.term} ${m.code}`;
  }
}
