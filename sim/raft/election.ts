// Elections as DLedgerLeaderElector runs them (docs/model.md §4.2):
// the candidate's vote rounds (maintainAsCandidate), their result rules in
// DLedger's order, the back-offs, and vote granting (handleVote). No pre-vote.
// NB: the vote request goes out only after the candidate's own term and vote
// are fsynced (Ready.sendAfterPersist); a granted vote's reply likewise.
import type { RaftCore } from './core.js';
import type { VoteRequest, VoteResponse } from './messages.js';
import { T_VOTE, T_VOTE_WAIT } from './timers.js';
import type { PeerId, VoteParseResult, VoteResult } from './types.js';

export interface VoteRound {
  readonly request: VoteRequest;
  readonly deadlineUs: number;
  knownMaxTerm: number;
  all: number;
  valid: number;
  accepted: number;
  notReady: number;
  biggerLedger: number;
  alreadyHasLeader: boolean;
}

/** getNextTimeToRequestVote: back-off min..max vote interval (30..100 ms while taking leadership). */
export function nextVoteTime(c: RaftCore): number {
  const taking = c.takeLeadershipTerm >= 0;
  const lo = taking ? c.cfg.minTakeLeadershipVoteIntervalUs : c.cfg.minVoteIntervalUs;
  const hi = taking ? c.cfg.maxTakeLeadershipVoteIntervalUs : c.cfg.maxVoteIntervalUs;
  return c.now + lo + c.draw(0, hi - lo - 1);
}

/** maintainAsCandidate, when nextTimeToRequestVote is reached. */
export function onVoteTimer(c: RaftCore): void {
  if (c.role !== 'CANDIDATE' || c.voteRound !== undefined) return;
  if (c.lastParseResult === 'WAIT_TO_VOTE_NEXT' || c.needIncreaseTermImmediately) {
    c.nextTerm(c.needIncreaseTermImmediately ? 'saw a larger term' : 'last round said WAIT_TO_VOTE_NEXT');
    c.lastParseResult = 'WAIT_TO_REVOTE';
  }
  if (c.needIncreaseTermImmediately) {
    c.needIncreaseTermImmediately = false;
    c.nextVoteAtUs = nextVoteTime(c);
    c.out.timer(T_VOTE, c.nextVoteAtUs);
    return;
  }
  startRound(c);
}

function startRound(c: RaftCore): void {
  const request: VoteRequest = {
    type: 'DLEDGER_VOTE',
    group: c.group,
    term: c.term,
    candidate: c.selfId,
    ledgerEndIndex: c.ledgerEndIndex,
    ledgerEndTerm: c.ledgerEndTerm,
  };
  const waitUs = c.cfg.voteWaitBaseUs + c.draw(0, c.cfg.maxVoteIntervalUs - 1);
  const round: VoteRound = {
    request,
    deadlineUs: c.now + waitUs,
    knownMaxTerm: c.term,
    all: 0,
    valid: 0,
    accepted: 0,
    notReady: 0,
    biggerLedger: 0,
    alreadyHasLeader: false,
  };
  c.voteRound = round;
  c.emit({
    kind: 'raft.vote-request',
    node: c.selfId,
    group: c.group,
    term: c.term,
    ledgerEndIndex: c.ledgerEndIndex,
    ledgerEndTerm: c.ledgerEndTerm,
  });
  for (const p of c.others) c.out.requestAfterPersist(p, request, waitUs);
  c.out.timer(T_VOTE_WAIT, round.deadlineUs);
  // The candidate votes for itself through the same handler (DLedger: handleVote(request, self=true)).
  const self = decideVote(c, c.selfId, request, true);
  if (self.result === 'ACCEPT') grant(c, c.selfId, request, -1);
  count(c, round, { type: 'DLEDGER_VOTE_RESPONSE', group: c.group, term: self.term, result: self.result });
}

export function onVoteReply(
  c: RaftCore,
  _from: PeerId,
  request: VoteRequest,
  response: VoteResponse | undefined,
): void {
  const round = c.voteRound;
  if (round === undefined || round.request !== request) return; // a late answer to an earlier round
  count(c, round, response);
}

export function onVoteWaitTimer(c: RaftCore): void {
  const round = c.voteRound;
  if (round !== undefined) decide(c, round, 'wait elapsed');
}

function count(c: RaftCore, round: VoteRound, r: VoteResponse | undefined): void {
  round.all++;
  if (r !== undefined) {
    round.valid++;
    switch (r.result) {
      case 'ACCEPT':
        round.accepted++;
        break;
      // openmessaging/dledger#25: a voter that has a leader holds the candidate back (the bug switch counts it as any rejection).
      case 'REJECT_ALREADY_HAS_LEADER':
        round.alreadyHasLeader = !c.cfg.bugs.revoteNextTermDespiteLeader;
        break;
      case 'REJECT_TERM_SMALL_THAN_LEDGER':
      case 'REJECT_EXPIRED_VOTE_TERM':
        if (r.term > round.knownMaxTerm) round.knownMaxTerm = r.term;
        break;
      case 'REJECT_EXPIRED_LEDGER_TERM':
      case 'REJECT_SMALL_LEDGER_END_INDEX':
        round.biggerLedger++;
        break;
      case 'REJECT_TERM_NOT_READY':
        round.notReady++;
        break;
      case 'REJECT_ALREADY_VOTED':
      case 'REJECT_TAKING_LEADERSHIP':
      case 'REJECT_UNEXPECTED_LEADER':
      case 'REJECT_UNKNOWN_LEADER':
        break;
    }
  }
  const early = round.alreadyHasLeader || c.isQuorum(round.accepted) || c.isQuorum(round.accepted + round.notReady);
  if (early) decide(c, round, 'decided early');
  else if (round.all === c.members.length) decide(c, round, 'all answered');
}

/** The vote result rules of maintainAsCandidate, in DLedger's order. */
function decide(c: RaftCore, round: VoteRound, how: string): void {
  c.voteRound = undefined;
  c.out.cancel(T_VOTE_WAIT);
  const term = round.request.term;
  let result: VoteParseResult;
  let why: string;
  let next = -1;
  if (round.knownMaxTerm > term) {
    result = 'WAIT_TO_VOTE_NEXT';
    why = `a voter is in term ${round.knownMaxTerm}`;
    next = nextVoteTime(c);
  } else if (round.alreadyHasLeader) {
    result = 'WAIT_TO_REVOTE';
    why = 'a voter already has a leader: back off + heartbeat timeout';
    next = nextVoteTime(c) + c.cfg.heartbeatIntervalUs * c.cfg.maxHeartbeatLeak;
  } else if (!c.isQuorum(round.valid)) {
    result = 'WAIT_TO_REVOTE';
    why = 'too few answers for a quorum';
    next = nextVoteTime(c);
  } else if (!c.isQuorum(round.valid - round.biggerLedger)) {
    result = 'WAIT_TO_REVOTE';
    why = 'voters have larger ledgers: back off + 1s';
    next = nextVoteTime(c) + c.cfg.maxVoteIntervalUs;
  } else if (c.isQuorum(round.accepted)) {
    result = 'PASSED';
    why = how;
  } else if (c.isQuorum(round.accepted + round.notReady)) {
    result = 'REVOTE_IMMEDIATELY';
    why = 'voters were not yet in this term';
    next = c.now;
  } else {
    result = 'WAIT_TO_VOTE_NEXT';
    why = 'no quorum of accepts';
    next = nextVoteTime(c);
  }
  c.lastParseResult = result;
  if (next >= 0) c.nextVoteAtUs = next;
  c.emit({
    kind: 'raft.vote-result',
    node: c.selfId,
    group: c.group,
    term,
    result,
    accepted: round.accepted,
    valid: round.valid,
    members: c.members.length,
    nextVoteInUs: next >= 0 ? next - c.now : -1,
    why,
  });
  if (c.role !== 'CANDIDATE' || c.term !== term) return; // the world moved on while we counted
  if (round.knownMaxTerm > term) c.changeToCandidate(round.knownMaxTerm, `vote round saw term ${round.knownMaxTerm}`);
  if (result === 'PASSED') c.changeToLeader(`${round.accepted}/${c.members.length} accepts`);
  else c.out.timer(T_VOTE, c.nextVoteAtUs);
}

/** handleVote: DLedger's checks in order; returns the result and the term to report. */
function decideVote(
  c: RaftCore,
  from: PeerId,
  req: VoteRequest,
  self: boolean,
): { result: VoteResult; term: number; why: string } {
  if (!c.isMember(req.candidate)) return { result: 'REJECT_UNKNOWN_LEADER', term: c.term, why: 'not a member' };
  if (!self && req.candidate === c.selfId)
    return { result: 'REJECT_UNEXPECTED_LEADER', term: c.term, why: 'asks for itself' };
  if (from !== req.candidate)
    return { result: 'REJECT_UNEXPECTED_LEADER', term: c.term, why: 'sender is not the candidate' };
  if (req.ledgerEndTerm < c.ledgerEndTerm) {
    return {
      result: 'REJECT_EXPIRED_LEDGER_TERM',
      term: c.term,
      why: `its last term ${req.ledgerEndTerm} < mine ${c.ledgerEndTerm}`,
    };
  }
  if (req.ledgerEndTerm === c.ledgerEndTerm && req.ledgerEndIndex < c.ledgerEndIndex) {
    return {
      result: 'REJECT_SMALL_LEDGER_END_INDEX',
      term: c.term,
      why: `its last index ${req.ledgerEndIndex} < mine ${c.ledgerEndIndex}`,
    };
  }
  if (req.term < c.term)
    return { result: 'REJECT_EXPIRED_VOTE_TERM', term: c.term, why: `its term ${req.term} < mine ${c.term}` };
  if (req.term > c.term) {
    if (c.role === 'LEADER' && c.cfg.bugs.leaderIgnoresHigherTerm) {
      c.adoptTermAsLeader(req.term, `vote request from ${req.candidate}`);
    } else {
      c.stepDownToLargerTerm(req.term, `vote request from ${req.candidate} in larger term ${req.term}`);
      return { result: 'REJECT_TERM_NOT_READY', term: c.term, why: `my term ${c.term} must first move to ${req.term}` };
    }
  }
  if (c.votedFor !== undefined && c.votedFor !== req.candidate) {
    return c.leaderId !== undefined
      ? { result: 'REJECT_ALREADY_HAS_LEADER', term: c.term, why: `leader ${c.leaderId} known` }
      : { result: 'REJECT_ALREADY_VOTED', term: c.term, why: `voted for ${c.votedFor}` };
  }
  if (req.term < c.ledgerEndTerm)
    return {
      result: 'REJECT_TERM_SMALL_THAN_LEDGER',
      term: c.ledgerEndTerm,
      why: `term below my last entry's term ${c.ledgerEndTerm}`,
    };
  if (
    !self &&
    c.takeLeadershipTerm >= 0 &&
    req.ledgerEndTerm === c.ledgerEndTerm &&
    c.ledgerEndIndex >= req.ledgerEndIndex
  ) {
    return { result: 'REJECT_TAKING_LEADERSHIP', term: c.term, why: 'I am taking over leadership' };
  }
  return { result: 'ACCEPT', term: c.term, why: 'log up to date' };
}

/** Records a granted vote; its reply (and the event) wait for the fsync of currterm unless the bug is on. */
function grant(c: RaftCore, candidate: PeerId, req: VoteRequest, rpcId: number): void {
  const changed = c.votedFor !== candidate;
  c.votedFor = candidate;
  const bug = c.cfg.bugs.voteWithoutPersist;
  if (changed && !bug) c.persistHardState();
  const ev = {
    kind: 'raft.vote',
    node: c.selfId,
    group: c.group,
    candidate,
    term: req.term,
    result: 'ACCEPT',
    why: 'log up to date',
  } as const;
  if (bug) c.out.event(ev);
  else c.out.eventAfterPersist(ev);
  if (rpcId > 0)
    c.out.reply(
      candidate,
      rpcId,
      { type: 'DLEDGER_VOTE_RESPONSE', group: c.group, term: c.term, result: 'ACCEPT' },
      !bug,
    );
}

export function handleVote(c: RaftCore, from: PeerId, req: VoteRequest, rpcId: number): void {
  const d = decideVote(c, from, req, false);
  if (d.result === 'ACCEPT') {
    grant(c, req.candidate, req, rpcId);
    return;
  }
  c.emit({
    kind: 'raft.vote',
    node: c.selfId,
    group: c.group,
    candidate: req.candidate,
    term: req.term,
    result: d.result,
    why: d.why,
  });
  c.out.reply(from, rpcId, { type: 'DLEDGER_VOTE_RESPONSE', group: c.group, term: d.term, result: d.result }, false);
}
