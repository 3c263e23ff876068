// Heartbeats as DLedgerLeaderElector sends and handles them (§4.2): the
// leader's rounds (sendHeartbeats: wait up to one interval for a quorum,
// step down after maxHeartBeatLeak intervals without one) and a member's
// answer (handleHeartBeat: a larger term makes it a CANDIDATE, not a
// follower, and it replies TERM_NOT_READY).
// The round's wait (beatLatch.await(heartBeatTimeIntervalMs)) needs no timer
// of its own: each heartbeat RPC times out after that same interval, so by
// then every member has answered or failed and the round is decided on its
// last outcome, at the instant the wait would have ended. (A wait timer was
// cancelled by the replies in nearly every round: one idle event a round.)
import { electionTimeoutUs } from './config.js';
import type { RaftCore } from './core.js';
import type { HeartbeatRequest, HeartbeatResponse } from './messages.js';
import { T_HEARTBEAT } from './timers.js';
import type { DLedgerCode, PeerId } from './types.js';

export interface HeartbeatRound {
  readonly request: HeartbeatRequest;
  readonly startUs: number;
  all: number;
  succ: number;
  notReady: number;
  maxTerm: number;
  inconsistentLeader: boolean;
  decided: boolean;
}

/** maintainAsLeader: a heartbeat round when more than one interval passed since the last. */
export function onHeartbeatTimer(c: RaftCore): void {
  if (c.role !== 'LEADER' || c.hbRound !== undefined) return;
  const request: HeartbeatRequest = { type: 'DLEDGER_HEARTBEAT', group: c.group, term: c.term, leader: c.selfId };
  c.lastHeartbeatSendUs = c.now;
  c.hbRound = {
    request,
    startUs: c.now,
    all: 1,
    succ: 1,
    notReady: 0,
    maxTerm: -1,
    inconsistentLeader: false,
    decided: false,
  };
  // The RPC timeout is the round's wait: the round is decided by its last outcome at the latest.
  for (const p of c.others) c.out.request(p, request, c.cfg.heartbeatIntervalUs);
}

export function onHeartbeatReply(
  c: RaftCore,
  from: PeerId,
  request: HeartbeatRequest,
  r: HeartbeatResponse | undefined,
): void {
  c.peersLive.set(from, r !== undefined);
  const round = c.hbRound;
  if (round === undefined || round.request !== request || round.decided) return;
  round.all++;
  if (r !== undefined) {
    switch (r.code) {
      case 'SUCCESS':
        round.succ++;
        break;
      case 'EXPIRED_TERM':
        round.maxTerm = Math.max(round.maxTerm, r.term);
        break;
      case 'INCONSISTENT_LEADER':
        round.inconsistentLeader = true;
        break;
      case 'TERM_NOT_READY':
        round.notReady++;
        break;
      case 'DISK_FULL':
      case 'INCONSISTENT_STATE':
      case 'INCONSISTENT_TERM':
      case 'UNEXPECTED_MEMBER':
      case 'UNKNOWN_MEMBER':
        break;
    }
  }
  if (c.isQuorum(round.succ) || c.isQuorum(round.succ + round.notReady) || round.all === c.members.length)
    decide(c, round);
}

/** The end of sendHeartbeats: quorum refreshes lastSuccHeartBeatTime; otherwise DLedger's step-down rules. */
function decide(c: RaftCore, round: HeartbeatRound): void {
  round.decided = true;
  c.hbRound = undefined;
  if (c.role !== 'LEADER') return;
  // The maintainer pass that first sees "more than the interval since the last round" (~2010 ms): this
  // spacing is why an isolated leader steps down after its third silent round (> 6 s), not its fourth.
  let nextAt = Math.max(round.startUs + c.cfg.heartbeatIntervalUs + c.cfg.stateMaintainerIntervalUs, c.now);
  if (c.isQuorum(round.succ)) {
    c.lastSuccHeartbeatUs = c.now;
  } else if (c.isQuorum(round.succ + round.notReady)) {
    nextAt = c.now; // lastSendHeartBeatTime = -1: beat again at once
  } else if (round.maxTerm > c.term) {
    if (c.cfg.bugs.leaderIgnoresHigherTerm) c.adoptTermAsLeader(round.maxTerm, 'heartbeat answer');
    else {
      c.changeToCandidate(round.maxTerm, `a follower is in larger term ${round.maxTerm}`);
      return;
    }
  } else if (round.inconsistentLeader) {
    c.changeToCandidate(c.term, 'a follower follows another leader in my term');
    return;
  } else if (c.now - c.lastSuccHeartbeatUs > electionTimeoutUs(c.cfg)) {
    c.changeToCandidate(c.term, `no quorum heartbeat for ${Math.round((c.now - c.lastSuccHeartbeatUs) / 1000)}ms`);
    return;
  }
  c.out.timer(T_HEARTBEAT, nextAt);
}

function respond(c: RaftCore, to: PeerId, rpcId: number, code: DLedgerCode): void {
  let msg = c.heartbeatReply;
  // Built once per term and code (messages are never changed): a follower answers every 2 s the same.
  if (msg?.term !== c.term || msg.code !== code) {
    msg = { type: 'DLEDGER_HEARTBEAT_RESPONSE', group: c.group, term: c.term, code };
    c.heartbeatReply = msg;
  }
  c.out.reply(to, rpcId, msg, false);
}

/** handleHeartBeat. */
export function handleHeartbeat(c: RaftCore, from: PeerId, req: HeartbeatRequest, rpcId: number): void {
  if (!c.isMember(req.leader)) return respond(c, from, rpcId, 'UNKNOWN_MEMBER');
  if (req.leader === c.selfId) return respond(c, from, rpcId, 'UNEXPECTED_MEMBER');
  if (req.term < c.term) return respond(c, from, rpcId, 'EXPIRED_TERM');
  if (req.term === c.term) {
    if (c.leaderId === undefined) {
      c.changeToFollower(req.leader, `heartbeat from ${req.leader}`);
      return respond(c, from, rpcId, 'SUCCESS');
    }
    if (c.leaderId === req.leader) {
      c.refreshLeaderHeartbeat();
      return respond(c, from, rpcId, 'SUCCESS');
    }
    return respond(c, from, rpcId, 'INCONSISTENT_LEADER');
  }
  // A larger term: become a candidate at that term, not a follower (DLedger's choice), and hurry the term change.
  if (c.role === 'LEADER' && c.cfg.bugs.leaderIgnoresHigherTerm) {
    c.adoptTermAsLeader(req.term, `heartbeat from ${req.leader}`);
    return respond(c, from, rpcId, 'INCONSISTENT_LEADER');
  }
  c.stepDownToLargerTerm(req.term, `heartbeat from ${req.leader} in larger term ${req.term}`);
  respond(c, from, rpcId, 'TERM_NOT_READY');
}
