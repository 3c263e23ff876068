// Preferred leader and leadership transfer as DLedgerServer and
// DLedgerLeaderElector do them (§4.3, off unless preferredLeaderIds is set):
// every second a leader that is not preferred picks a live preferred peer
// within maxLeadershipTransferWaitIndex entries, stops taking appends
// (LEADER_TRANSFERRING), waits until the transferee has everything, then asks
// it to take leadership; the transferee campaigns at term + 1 after a short
// back-off (30-100 ms) and refuses competing votes meanwhile.
import { electionTimeoutUs } from './config.js';
import type { RaftCore } from './core.js';
import type { LeadershipTransferRequest } from './messages.js';
import { T_PREFERRED, T_TRANSFER } from './timers.js';
import type { PeerId } from './types.js';

export function onPreferredTimer(c: RaftCore): void {
  if (c.role !== 'LEADER') return;
  c.out.timer(T_PREFERRED, c.now + c.cfg.preferredLeaderCheckIntervalUs);
  const preferred = c.cfg.preferredLeaderIds;
  if (c.transferee !== undefined || preferred.length === 0 || preferred.includes(c.selfId)) return;
  let best: PeerId | undefined;
  let bestMatch = -2;
  for (const p of preferred) {
    const pr = c.progress.get(p);
    if (pr === undefined || c.peersLive.get(p) !== true) continue;
    // openmessaging/dledger#287: a member whose disk refuses entries is alive but cannot lead.
    if (pr.diskFull && !c.cfg.bugs.transferToFullDisk) continue;
    if (c.ledgerEndIndex - pr.matchIndex > c.cfg.maxLeadershipTransferWaitIndex) continue;
    if (pr.matchIndex > bestMatch) {
      best = p;
      bestMatch = pr.matchIndex;
    }
  }
  if (best !== undefined) startTransfer(c, best, `${best} is the preferred leader`);
}

export function startTransfer(c: RaftCore, to: PeerId, why: string): void {
  if (c.role !== 'LEADER' || c.transferee !== undefined || to === c.selfId || !c.isMember(to)) return;
  c.transferee = to;
  c.emit({ kind: 'raft.transfer', node: c.selfId, group: c.group, transferee: to, term: c.term, phase: 'start', why });
  c.out.timer(T_TRANSFER, c.now + electionTimeoutUs(c.cfg));
  maybeHandOff(c, to);
}

/** Once the transferee holds the leader's whole log, ask it to take over. */
export function maybeHandOff(c: RaftCore, peer: PeerId): void {
  if (c.transferee !== peer || c.role !== 'LEADER') return;
  const pr = c.progress.get(peer);
  if (pr === undefined || pr.matchIndex < c.ledgerEndIndex) return;
  const req: LeadershipTransferRequest = {
    type: 'DLEDGER_LEADERSHIP_TRANSFER',
    group: c.group,
    term: c.term,
    leader: c.selfId,
    transferee: peer,
  };
  c.out.request(peer, req, c.cfg.heartbeatIntervalUs);
  c.emit({
    kind: 'raft.transfer',
    node: c.selfId,
    group: c.group,
    transferee: peer,
    term: c.term,
    phase: 'handoff',
    why: `it holds the log through ${pr.matchIndex}`,
  });
}

export function onTransferTimer(c: RaftCore): void {
  if (c.role === 'LEADER' && c.transferee !== undefined) abortTransfer(c, 'no new leader within the election timeout');
}

/** The transfer stops: 'abort' when it gave up, 'end' when this leader stepped down during it. */
export function abortTransfer(c: RaftCore, why: string, phase: 'end' | 'abort' = 'abort'): void {
  const to = c.transferee;
  if (to === undefined) return;
  c.transferee = undefined;
  c.out.cancel(T_TRANSFER);
  c.emit({ kind: 'raft.transfer', node: c.selfId, group: c.group, transferee: to, term: c.term, phase, why });
}

/** handleTakeLeadership on the transferee. */
export function handleTakeLeadership(c: RaftCore, from: PeerId, req: LeadershipTransferRequest, rpcId: number): void {
  const ok = req.term === c.term && req.transferee === c.selfId && c.leaderId === from;
  c.out.reply(
    from,
    rpcId,
    {
      type: 'DLEDGER_LEADERSHIP_TRANSFER_RESPONSE',
      group: c.group,
      term: c.term,
      code: ok ? 'SUCCESS' : 'INCONSISTENT_TERM',
    },
    false,
  );
  if (!ok) return;
  c.takeLeadershipTerm = req.term + 1;
  c.emit({
    kind: 'raft.transfer',
    node: c.selfId,
    group: c.group,
    transferee: c.selfId,
    term: req.term + 1,
    phase: 'take',
    why: `asked by ${from}`,
  });
  c.stepDownToLargerTerm(req.term + 1, `taking over leadership from ${from}`);
}
