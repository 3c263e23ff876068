// The leader's side of replication, as DLedgerEntryPusher does it (§4.3):
// one EntryDispatcher per follower running COMPARE -> TRUNCATE -> APPEND,
// re-pushing unacked entries after maxPushTimeOutMs and sending the commit
// index alone when idle; the QuorumAckChecker advancing the committed index
// to the quorum of current-term watermarks (only over an entry of the
// leader's own term, Raft §5.4.2) and completing or timing out pending
// appends (WAIT_QUORUM_ACK_TIMEOUT after maxWaitAckTimeMs).
import type { RaftCore } from './core.js';
import type { PushRequest, PushResponse, PushType } from './messages.js';
import { quorumIndex } from './quorum.js';
import { T_ACK_TIMEOUT, T_PUSH } from './timers.js';
import { maybeHandOff } from './transfer.js';
import {
  ENTRY_DATA,
  NO_INDEX,
  NO_TERM,
  type AppendFailure,
  type AppendHandle,
  type EntryData,
  type PeerId,
} from './types.js';

/** EntryDispatcher state for one follower. */
export interface PeerProgress {
  stage: PushType;
  /** COMPARE: the index being compared (-1 = start from the leader's end); TRUNCATE: the truncate index. */
  compareIndex: number;
  /** APPEND: the next index to push. */
  nextIndex: number;
  /** Highest index acked in this term (DLedger's peerWaterMark). */
  matchIndex: number;
  /** Unacked APPEND pushes. */
  inflight: number;
  /** When the oldest unacked push (or the outstanding COMPARE/TRUNCATE) was sent; -1 when none. */
  oldestUnackedUs: number;
  /** Last time anything was pushed (idle COMMIT pushes keep followers' commit index fresh). */
  lastPushUs: number;
  /** When this follower's dispatcher checks next (onPushTimer). */
  checkAtUs: number;
  /** A COMPARE or TRUNCATE request is outstanding. */
  awaiting: boolean;
  /** COMPARE: the lowest index known to differ from our log (Infinity when none yet). */
  mismatchAt: number;
  /** The peer's last answer to a push with entries was DISK_FULL (cleared by its next SUCCESS). */
  diskFull: boolean;
}

export interface PendingAppend {
  readonly handle: AppendHandle;
  readonly index: number;
  readonly deadlineUs: number;
}

export function initProgress(c: RaftCore): void {
  c.progress.clear();
  for (const p of c.others) {
    c.progress.set(p, {
      stage: 'COMPARE',
      compareIndex: NO_INDEX,
      nextIndex: 0,
      matchIndex: NO_INDEX,
      inflight: 0,
      oldestUnackedUs: -1,
      lastPushUs: c.now,
      checkAtUs: c.now + c.cfg.maxPushTimeoutUs,
      awaiting: false,
      mismatchAt: Number.POSITIVE_INFINITY,
      diskFull: false,
    });
  }
  c.out.timer(T_PUSH, c.now + c.cfg.maxPushTimeoutUs);
}

function changeStage(c: RaftCore, peer: PeerId, pr: PeerProgress, stage: PushType, index: number, why: string): void {
  pr.stage = stage;
  pr.awaiting = false;
  pr.inflight = 0;
  pr.oldestUnackedUs = -1;
  if (stage === 'COMPARE') {
    pr.compareIndex = index;
    pr.mismatchAt = Number.POSITIVE_INFINITY;
  } else if (stage === 'TRUNCATE') pr.compareIndex = index;
  else {
    pr.matchIndex = Math.max(pr.matchIndex, index);
    pr.nextIndex = index + 1;
  }
  c.emit({ kind: 'raft.dispatch', node: c.selfId, group: c.group, peer, stage, index, why });
}

/** A COMMIT push carries no entries: one shared frozen list (the idle leader sends one per follower each second). */
const NO_ENTRIES: readonly EntryData[] = Object.freeze([]);

function push(
  c: RaftCore,
  peer: PeerId,
  pr: PeerProgress,
  pushType: PushType,
  entries: readonly EntryData[],
  prevTerm: number,
): void {
  // DLedger's doCommit sends the idle COMMIT push and ignores the results: one-way here, and the
  // follower's answer travels unread (no RPC record, no timeout, no delivery at the leader).
  if (pushType === 'COMMIT') c.out.oneWay(peer, commitPush(c));
  else c.out.request(peer, pushRequest(c, pushType, entries, prevTerm), 3 * c.cfg.maxPushTimeoutUs);
  pr.lastPushUs = c.now;
  if (pr.oldestUnackedUs < 0 && pushType !== 'COMMIT') pr.oldestUnackedUs = c.now;
}

function pushRequest(c: RaftCore, pushType: PushType, entries: readonly EntryData[], prevTerm: number): PushRequest {
  return {
    type: 'DLEDGER_PUSH',
    group: c.group,
    term: c.term,
    leader: c.selfId,
    pushType,
    commitIndex: c.committedIndex,
    entries,
    prevTerm,
  };
}

/**
 * An idle COMMIT push: the same message to every follower, and again each second while the term and
 * the commit index stay (a message is never changed once built; a COMMIT reply is read by its fields).
 */
function commitPush(c: RaftCore): PushRequest {
  const last = c.commitPush;
  if (last?.term === c.term && last.commitIndex === c.committedIndex) return last;
  const msg = pushRequest(c, 'COMMIT', NO_ENTRIES, NO_TERM);
  c.commitPush = msg;
  return msg;
}

/** One dispatcher step for a follower: whatever its stage allows now. */
export function pump(c: RaftCore, peer: PeerId): void {
  const pr = c.progress.get(peer);
  if (pr === undefined || c.role !== 'LEADER') return;
  const end = c.ledgerEndIndex;
  if (pr.stage === 'COMPARE' || pr.stage === 'TRUNCATE') {
    if (pr.awaiting || end === NO_INDEX) return;
    if (pr.stage === 'COMPARE' && (pr.compareIndex === NO_INDEX || pr.compareIndex > end)) pr.compareIndex = end;
    pr.awaiting = true;
    push(c, peer, pr, pr.stage, [c.log.entry(pr.compareIndex)], NO_TERM);
    return;
  }
  while (pr.inflight < c.cfg.maxInflightPushes && pr.nextIndex <= end) {
    const last = Math.min(end, pr.nextIndex + c.cfg.maxPushBatchEntries - 1);
    // One entry (a push per message at steady load) is an exact-size literal: an empty list's first push grows 17 slots.
    const entries: EntryData[] = [c.log.entry(pr.nextIndex)];
    for (let i = pr.nextIndex + 1; i <= last; i++) entries.push(c.log.entry(i));
    push(c, peer, pr, 'APPEND', entries, c.log.termAt(pr.nextIndex - 1));
    pr.nextIndex = last + 1;
    pr.inflight++;
  }
}

export function pumpAll(c: RaftCore): void {
  for (const p of c.others) pump(c, p);
}

/** The dispatchers' periodic check, for every follower whose check is due; then the timer waits for the earliest next one. */
export function onPushTimer(c: RaftCore): void {
  if (c.role !== 'LEADER') return;
  let next = Number.POSITIVE_INFINITY;
  for (const peer of c.others) {
    const pr = c.progress.get(peer);
    if (pr === undefined) continue;
    if (pr.checkAtUs <= c.now) {
      checkPeer(c, peer, pr);
      pr.checkAtUs = c.now + c.cfg.maxPushTimeoutUs;
    }
    if (pr.checkAtUs < next) next = pr.checkAtUs;
  }
  if (next !== Number.POSITIVE_INFINITY) c.out.timer(T_PUSH, next);
}

/** One follower's dispatcher check: re-push what has waited maxPushTimeOutMs; idle COMMIT push. */
function checkPeer(c: RaftCore, peer: PeerId, pr: PeerProgress): void {
  const timeout = c.cfg.maxPushTimeoutUs;
  if (pr.oldestUnackedUs >= 0 && c.now - pr.oldestUnackedUs >= timeout) {
    if (pr.stage === 'APPEND') {
      pr.nextIndex = pr.matchIndex + 1;
      pr.inflight = 0;
    }
    pr.awaiting = false;
    pr.oldestUnackedUs = -1;
    pump(c, peer);
  } else if (pr.stage === 'APPEND' && pr.inflight === 0 && c.now - pr.lastPushUs >= timeout) {
    push(c, peer, pr, 'COMMIT', NO_ENTRIES, NO_TERM);
  } else if (pr.stage !== 'APPEND' && !pr.awaiting) {
    // A COMPARE/TRUNCATE answered "not ready for us" (e.g. the follower had not yet seen this
    // leader's heartbeat) left nothing outstanding: retry it now, as onCompareReply promises.
    pump(c, peer);
  }
}

export function onPushReply(c: RaftCore, from: PeerId, req: PushRequest, r: PushResponse | undefined): void {
  const pr = c.progress.get(from);
  if (pr === undefined || c.role !== 'LEADER' || req.term !== c.term) return;
  if (r === undefined) return; // unreachable: the periodic check re-pushes
  if (r.code === 'DISK_FULL') pr.diskFull = true;
  else if (r.code === 'SUCCESS') pr.diskFull = false;
  if (req.pushType === 'APPEND') onAppendReply(c, from, pr, req, r);
  else if (req.pushType === 'COMPARE' && pr.stage === 'COMPARE' && pr.awaiting) onCompareReply(c, from, pr, req, r);
  else if (req.pushType === 'TRUNCATE' && pr.stage === 'TRUNCATE' && pr.awaiting) {
    if (r.code === 'SUCCESS') changeStage(c, from, pr, 'APPEND', r.index, 'truncated and rewritten');
    else changeStage(c, from, pr, 'COMPARE', NO_INDEX, `truncate answered ${r.code}`);
    if (r.code === 'SUCCESS') updateCommit(c);
    pump(c, from);
  }
}

function onAppendReply(c: RaftCore, from: PeerId, pr: PeerProgress, req: PushRequest, r: PushResponse): void {
  if (r.code === 'SUCCESS') {
    // Any success in this term is a valid watermark, even one that arrives after a stage change.
    if (r.index > pr.matchIndex) pr.matchIndex = r.index;
    if (pr.stage === 'APPEND' && pr.inflight > 0) {
      pr.inflight--;
      pr.oldestUnackedUs = pr.inflight > 0 ? c.now : -1;
    }
    updateCommit(c);
    maybeHandOff(c, from);
    pump(c, from);
    return;
  }
  if (pr.stage !== 'APPEND' || r.code !== 'INCONSISTENT_STATE') return;
  const first = req.entries[0];
  // Only the reply to the push the follower could not place sends the dispatcher back to COMPARE.
  if (first !== undefined && first.index <= pr.matchIndex) return;
  changeStage(c, from, pr, 'COMPARE', NO_INDEX, `append at ${first?.index ?? '?'} answered INCONSISTENT_STATE`);
  pump(c, from);
}

/** doCompare's decision table. */
function onCompareReply(c: RaftCore, from: PeerId, pr: PeerProgress, req: PushRequest, r: PushResponse): void {
  pr.awaiting = false;
  pr.oldestUnackedUs = -1;
  const compareIndex = req.entries[0]?.index ?? NO_INDEX;
  if (r.code !== 'SUCCESS' && r.code !== 'INCONSISTENT_STATE') return; // not ready for us: the periodic check retries
  let truncateIndex = NO_INDEX;
  let why = '';
  if (r.code === 'SUCCESS') {
    if (compareIndex === r.endIndex) {
      changeStage(c, from, pr, 'APPEND', compareIndex, `logs match through ${compareIndex}`);
      updateCommit(c);
      pump(c, from);
      return;
    }
    // NB: DLedger truncates right after a match below the follower's end. When the follower's log grew
    // since the answer that led here (a reordered or delayed push), the entries above may equal ours and be
    // acked already: truncating them would lose acked entries. Compare higher first, below any known mismatch.
    const higher = Math.min(r.endIndex, c.ledgerEndIndex, pr.mismatchAt - 1);
    if (higher > compareIndex) {
      pr.compareIndex = higher;
      pump(c, from);
      return;
    }
    truncateIndex = compareIndex;
    why = `match at ${compareIndex}, follower has ${r.endIndex - compareIndex} more`;
  } else if (r.endIndex < 0) {
    truncateIndex = 0;
    why = 'follower log is empty';
  } else if (compareIndex > r.endIndex) {
    pr.compareIndex = r.endIndex;
  } else {
    pr.mismatchAt = Math.min(pr.mismatchAt, compareIndex);
    pr.compareIndex = compareIndex - 1;
  }
  if (truncateIndex === NO_INDEX && pr.compareIndex < 0) {
    truncateIndex = 0;
    why = 'no common entry';
  }
  if (truncateIndex !== NO_INDEX) changeStage(c, from, pr, 'TRUNCATE', truncateIndex, why);
  pump(c, from);
}

/** QuorumAckChecker: committed = quorum of current-term watermarks, only over an entry of this term. */
export function updateCommit(c: RaftCore): void {
  if (c.role !== 'LEADER') return;
  const marks = c.watermarks;
  marks[0] = c.cfg.ackAfterFsync ? c.durableIndex : c.ledgerEndIndex;
  for (let i = 0; i < c.others.length; i++) marks[i + 1] = c.progress.get(c.others[i] ?? '')?.matchIndex ?? NO_INDEX;
  const q = quorumIndex(marks);
  if (q <= c.committedIndex) return;
  if (c.log.termAt(q) !== c.term && !c.cfg.bugs.commitOldTermByCount) return;
  c.commitTo(q);
  completePending(c, q);
}

function completePending(c: RaftCore, upTo: number): void {
  while (c.pendingHead < c.pending.length) {
    const p = c.pending[c.pendingHead];
    if (p === undefined || p.index > upTo) break;
    c.out.appendResult(p.handle, { ok: true, index: p.index, term: c.log.termAt(p.index) });
    c.pendingHead++;
  }
  compactPending(c);
}

function compactPending(c: RaftCore): void {
  if (c.pendingHead > 1024 && c.pendingHead * 2 > c.pending.length) {
    c.pending = c.pending.slice(c.pendingHead);
    c.pendingHead = 0;
  }
}

export function failPending(c: RaftCore, reason: AppendFailure): void {
  for (let i = c.pendingHead; i < c.pending.length; i++) {
    const p = c.pending[i];
    if (p === undefined) continue;
    c.out.appendResult(p.handle, { ok: false, reason });
    c.emit({ kind: 'raft.append-failed', node: c.selfId, group: c.group, handle: p.handle, reason });
  }
  c.pending = [];
  c.pendingHead = 0;
}

export function onAckTimer(c: RaftCore): void {
  if (c.role !== 'LEADER') return;
  while (c.pendingHead < c.pending.length) {
    const p = c.pending[c.pendingHead];
    if (p === undefined || p.deadlineUs > c.now) break;
    c.out.appendResult(p.handle, { ok: false, reason: 'WAIT_QUORUM_ACK_TIMEOUT' });
    c.emit({
      kind: 'raft.append-failed',
      node: c.selfId,
      group: c.group,
      handle: p.handle,
      reason: 'WAIT_QUORUM_ACK_TIMEOUT',
    });
    c.pendingHead++;
  }
  compactPending(c);
  armAckTimer(c);
}

function armAckTimer(c: RaftCore): void {
  const head = c.pending[c.pendingHead];
  c.out.timer(T_ACK_TIMEOUT, head?.deadlineUs);
}

function reject(c: RaftCore, handle: AppendHandle, reason: AppendFailure): void {
  c.out.appendResult(handle, { ok: false, reason });
  c.emit({ kind: 'raft.append-failed', node: c.selfId, group: c.group, handle, reason });
}

/** DLedgerServer.handleAppend: only the leader appends; the entry waits for its quorum ack. */
export function propose(c: RaftCore, handle: AppendHandle, payload: readonly number[], bytes: number): void {
  if (c.role !== 'LEADER') return reject(c, handle, 'NOT_LEADER');
  if (c.transferee !== undefined) return reject(c, handle, 'LEADER_TRANSFERRING');
  if (c.pending.length - c.pendingHead >= c.cfg.maxPendingRequests) return reject(c, handle, 'LEADER_PENDING_FULL');
  const index = c.appendLocal(ENTRY_DATA, payload, bytes);
  const wasEmpty = c.pendingHead === c.pending.length;
  c.pending.push({ handle, index, deadlineUs: c.now + c.cfg.maxWaitAckTimeUs });
  if (wasEmpty) armAckTimer(c);
  pumpAll(c);
  updateCommit(c);
}
