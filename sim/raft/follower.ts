// A follower's side of replication, as DLedgerEntryPusher.EntryHandler and
// DLedgerServer.handlePush do it (§4.3): pushes are accepted only from the
// known leader of the current term; COMPARE answers whether the entry at an
// index equals the leader's; TRUNCATE drops the divergent suffix and writes
// the leader's entry; APPEND writes consecutive entries. The follower acks
// once the write reached the page cache (DLedger) or, with ackAfterFsync,
// the disk; its commit index never passes what it verified against this leader.
import { fail } from '../base/index.js';
import type { RaftCore } from './core.js';
import type { PushRequest } from './messages.js';
import type { DLedgerCode, EntryData, PeerId } from './types.js';

function respond(c: RaftCore, to: PeerId, rpcId: number, code: DLedgerCode, index: number, afterWrite: boolean): void {
  const beginIndex = c.log.length > 0 ? 0 : -1;
  const endIndex = c.ledgerEndIndex;
  let msg = c.pushReply;
  // An idle follower gives the same answer to every COMMIT push: built once (messages are never changed).
  if (
    msg?.term !== c.term ||
    msg.code !== code ||
    msg.index !== index ||
    msg.beginIndex !== beginIndex ||
    msg.endIndex !== endIndex
  ) {
    msg = { type: 'DLEDGER_PUSH_RESPONSE', group: c.group, term: c.term, code, index, beginIndex, endIndex };
    c.pushReply = msg;
  }
  c.out.reply(to, rpcId, msg, afterWrite && c.cfg.ackAfterFsync);
}

/**
 * Drops the entries from `from` on (DLedger truncate; etcd's raftLog panics the same way when a conflict
 * reaches a committed entry). What was verified beyond the cut is no longer known to match.
 */
function truncateFrom(c: RaftCore, leader: PeerId, from: number): void {
  if (from <= c.committedIndex && c.assertsLogSafety)
    fail(`${c.selfId}: truncation from ${from} reaches committed entry ${c.committedIndex}`);
  const dropped = c.log.truncateFrom(from);
  c.out.truncate(from);
  if (c.verifiedIndex >= from) c.verifiedIndex = from - 1;
  c.emit({
    kind: 'raft.truncate',
    node: c.selfId,
    group: c.group,
    fromIndex: from,
    droppedEntries: dropped,
    leader,
    term: c.term,
  });
}

/** Writes e at its index, truncating a conflicting suffix first. The caller checked that e leaves no gap. */
function place(c: RaftCore, leader: PeerId, e: EntryData): void {
  const end = c.ledgerEndIndex;
  if (e.index > end + 1) fail(`${c.selfId}: entry ${e.index} from ${leader} leaves a gap after ${end}`);
  if (e.index <= end) {
    if (c.log.matches(e)) return;
    truncateFrom(c, leader, e.index);
  }
  if (c.assertsLogSafety && (e.term < c.log.endTerm || e.term > c.term)) {
    fail(`${c.selfId}: entry ${e.index} of term ${e.term} after term ${c.log.endTerm}, in term ${c.term}`);
  }
  c.log.append(e.term, e.kind, e.payload, e.bytes);
  c.out.append(e);
  if (c.cfg.ackAfterFsync) c.out.syncLog = true;
}

function updateFollowerCommit(c: RaftCore, leaderCommit: number): void {
  const target = Math.min(leaderCommit, c.verifiedIndex);
  if (target > c.committedIndex) c.commitTo(target);
}

function compare(c: RaftCore, from: PeerId, req: PushRequest, rpcId: number): void {
  const e = req.entries[0];
  if (e === undefined) return respond(c, from, rpcId, 'INCONSISTENT_STATE', -1, false);
  if (c.log.matches(e) || (c.cfg.bugs.followerSkipsConsistencyCheck && e.index <= c.ledgerEndIndex)) {
    c.verifiedIndex = Math.max(c.verifiedIndex, e.index);
    return respond(c, from, rpcId, 'SUCCESS', e.index, false);
  }
  respond(c, from, rpcId, 'INCONSISTENT_STATE', -1, false);
}

function truncate(c: RaftCore, from: PeerId, req: PushRequest, rpcId: number): void {
  const e = req.entries[0];
  if (e === undefined || e.index > c.ledgerEndIndex + 1)
    return respond(c, from, rpcId, 'INCONSISTENT_STATE', -1, false);
  if (c.ledgerEndIndex > e.index) truncateFrom(c, from, e.index + 1);
  place(c, from, e);
  c.verifiedIndex = e.index;
  respond(c, from, rpcId, 'SUCCESS', e.index, true);
}

function append(c: RaftCore, from: PeerId, req: PushRequest, rpcId: number): void {
  const first = req.entries[0];
  if (first === undefined) return respond(c, from, rpcId, 'INCONSISTENT_STATE', -1, false);
  const consistent = c.cfg.bugs.followerSkipsConsistencyCheck || c.log.termAt(first.index - 1) === req.prevTerm;
  if (first.index > c.ledgerEndIndex + 1 || !consistent)
    return respond(c, from, rpcId, 'INCONSISTENT_STATE', -1, false);
  let last = first.index - 1;
  const entries = req.entries;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k] as EntryData;
    // The leader pushes consecutive entries (DLedgerEntryPusher batches from writeIndex on).
    if (e.index !== last + 1) fail(`${c.selfId}: push from ${from} skips from ${last} to ${e.index}`);
    place(c, from, e);
    last = e.index;
  }
  // The prefix matched (prevTerm) and every entry now equals the leader's: verified through `last`.
  if (last > c.verifiedIndex) c.verifiedIndex = last;
  respond(c, from, rpcId, 'SUCCESS', last, true);
}

/** DLedgerServer.handlePush + EntryHandler. */
export function handlePush(c: RaftCore, from: PeerId, req: PushRequest, rpcId: number): void {
  if (!c.isMember(req.leader)) return respond(c, from, rpcId, 'UNKNOWN_MEMBER', -1, false);
  if (req.term < c.term) return respond(c, from, rpcId, 'EXPIRED_TERM', -1, false);
  if (req.term > c.term) return respond(c, from, rpcId, 'TERM_NOT_READY', -1, false); // the next heartbeat moves our term
  // A candidate of this term that knows no leader yet: DLedger's EntryHandler holds the push until the
  // leader's heartbeat (sent in the same instant) makes it a follower. Following the sender now is that,
  // without a 1 s re-push; one leader per term makes it safe.
  if (c.role === 'CANDIDATE' && c.leaderId === undefined)
    c.changeToFollower(req.leader, `push from ${req.leader}, the leader of term ${c.term}`);
  if (c.role !== 'FOLLOWER' || c.leaderId !== req.leader)
    return respond(c, from, rpcId, 'INCONSISTENT_LEADER', -1, false);
  switch (req.pushType) {
    case 'COMPARE':
      compare(c, from, req, rpcId);
      break;
    case 'TRUNCATE':
      truncate(c, from, req, rpcId);
      break;
    case 'APPEND':
      append(c, from, req, rpcId);
      break;
    case 'COMMIT':
      respond(c, from, rpcId, 'SUCCESS', c.verifiedIndex, false);
      break;
  }
  updateFollowerCommit(c, req.commitIndex);
}
