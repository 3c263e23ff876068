// Routes one input of the core to the module that owns it: requests to their
// handlers (handleVote, handleHeartBeat, handlePush, handleTakeLeadership),
// RPC outcomes to the round or dispatcher that sent them, timer expiries to
// the maintainer step they stand for (DLedger's 10 ms loop as exact deadlines).
import { fail } from '../base/index.js';
import { electionTimeoutUs } from './config.js';
import type { RaftCore } from './core.js';
import { handleVote, onVoteReply, onVoteTimer, onVoteWaitTimer } from './election.js';
import { handlePush } from './follower.js';
import { handleHeartbeat, onHeartbeatReply, onHeartbeatTimer } from './heartbeat.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import { onAckTimer, onPushReply, onPushTimer } from './replication.js';
import {
  type RaftTimer,
  T_ACK_TIMEOUT,
  T_HEARTBEAT,
  T_HEARTBEAT_TIMEOUT,
  T_PREFERRED,
  T_PUSH,
  T_TRANSFER,
  T_VOTE,
  T_VOTE_WAIT,
} from './timers.js';
import { handleTakeLeadership, onPreferredTimer, onTransferTimer } from './transfer.js';
import type { PeerId } from './types.js';

export function routeRequest(c: RaftCore, from: PeerId, msg: RaftRequest, rpcId: number): void {
  switch (msg.type) {
    case 'DLEDGER_VOTE':
      handleVote(c, from, msg, rpcId);
      return;
    case 'DLEDGER_HEARTBEAT':
      handleHeartbeat(c, from, msg, rpcId);
      return;
    case 'DLEDGER_PUSH':
      handlePush(c, from, msg, rpcId);
      return;
    case 'DLEDGER_LEADERSHIP_TRANSFER':
      handleTakeLeadership(c, from, msg, rpcId);
      return;
  }
}

/** An RPC outcome; `response` is undefined when the call failed (timeout, refused, closed). */
export function routeReply(c: RaftCore, from: PeerId, request: RaftRequest, response: RaftResponse | undefined): void {
  switch (request.type) {
    case 'DLEDGER_VOTE':
      onVoteReply(c, from, request, response?.type === 'DLEDGER_VOTE_RESPONSE' ? response : undefined);
      return;
    case 'DLEDGER_HEARTBEAT':
      onHeartbeatReply(c, from, request, response?.type === 'DLEDGER_HEARTBEAT_RESPONSE' ? response : undefined);
      return;
    case 'DLEDGER_PUSH':
      onPushReply(c, from, request, response?.type === 'DLEDGER_PUSH_RESPONSE' ? response : undefined);
      return;
    case 'DLEDGER_LEADERSHIP_TRANSFER':
      return; // the transferee's answer changes nothing: the outcome shows in the next election
  }
}

/** The most frequent first (an idle group's push check, heartbeat round and follower timeout): compared in turn. */
export function routeTimer(c: RaftCore, name: RaftTimer): void {
  if (name === T_PUSH) onPushTimer(c);
  else if (name === T_HEARTBEAT) onHeartbeatTimer(c);
  else if (name === T_HEARTBEAT_TIMEOUT) onHeartbeatTimeout(c);
  else if (name === T_VOTE) onVoteTimer(c);
  else if (name === T_VOTE_WAIT) onVoteWaitTimer(c);
  else if (name === T_ACK_TIMEOUT) onAckTimer(c);
  else if (name === T_PREFERRED) onPreferredTimer(c);
  else if (name === T_TRANSFER) onTransferTimer(c);
  else fail(`${c.selfId}: unknown raft timer ${name}`);
}

/** DLedgerLeaderElector.maintainAsFollower. */
function onHeartbeatTimeout(c: RaftCore): void {
  if (c.role !== 'FOLLOWER') return;
  const silentUs = c.now - c.lastLeaderHeartbeatUs;
  if (silentUs < electionTimeoutUs(c.cfg)) {
    c.out.timer(T_HEARTBEAT_TIMEOUT, c.lastLeaderHeartbeatUs + electionTimeoutUs(c.cfg));
    return;
  }
  c.changeToCandidate(c.term, `no heartbeat from ${c.leaderId ?? '?'} for ${silentUs / 1000}ms`);
}
