// The adapter's order of effects (xstate predictableExec style: a recorded
// array): a granted vote is written to currterm and fsynced before its reply
// leaves; the reply leaves when the fsync completes, not before.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISK,
  HostDisk,
  RandomStream,
  nodeId,
  hostId,
  type DiskCompletion,
  type Micros,
  type NodeContext,
  type NodeId,
} from '../../sim/engine/index.js';
import { resolveRaftConfig } from '../../sim/raft/config.js';
import { RaftDriver } from '../../sim/raft/driver.js';
import type { RaftEvent } from '../../sim/raft/events.js';
import type { RaftMessage } from '../../sim/raft/messages.js';

function fakeCtx(log: string[], disk: HostDisk): NodeContext<RaftMessage, RaftEvent> {
  let nextOp = 1;
  return {
    id: nodeId('n1'),
    host: hostId('h1'),
    rng: new RandomStream('n1', 1),
    disk: {
      log: (p, f) => disk.log(p, f),
      hasLog: (p) => disk.hasLog(p),
      readFile: (p) => disk.readFile(p),
      freeBytes: () => disk.freeBytes,
      writeFile: (p, t) => {
        log.push(`write ${p.split('/').pop() ?? ''} ${t.replace(/\n/g, ' ').trim()}`);
        return disk.writeFile(p, t);
      },
      fsync: (p) => {
        log.push(`fsync ${p.split('/').pop() ?? ''}`);
        return nextOp++;
      },
      fsyncPolled: (p) => {
        log.push(`fsync ${p.split('/').pop() ?? ''} (polled)`);
        return nextOp++;
      },
      pollFsync: () => undefined,
      fsyncDetached: (p) => {
        log.push(`fsync ${p.split('/').pop() ?? ''} (detached)`);
      },
    },
    now: (): Micros => 0,
    setTimer: () => undefined,
    scheduleInput: () => undefined,
    cancelTimer: () => undefined,
    hasTimer: () => false,
    timerDelay: () => -1,
    send: (to: NodeId, m: RaftMessage) => log.push(`send ${to} ${m.type}`),
    sendUnread: (to: NodeId, m: RaftMessage) => log.push(`send unread ${to} ${m.type}`),
    rpc: (to: NodeId, m: RaftMessage) => {
      log.push(`rpc ${to} ${m.type}`);
      return 1;
    },
    reply: (to: NodeId, _rpc: number, m: RaftMessage) =>
      log.push(`reply ${to} ${m.type}${m.type === 'DLEDGER_VOTE_RESPONSE' ? ` ${m.result}` : ''}`),
    emit: (e: RaftEvent) => log.push(`event ${e.kind}`),
  };
}

describe('RaftDriver order of effects', () => {
  it('persists and fsyncs the vote before replying, and replies only when the fsync is done', () => {
    const log: string[] = [];
    const disk = new HostDisk(DEFAULT_DISK);
    const host = { onAppendResult: (): void => undefined, onRoleChange: (): void => undefined };
    const d = new RaftDriver({
      selfId: 'n1',
      group: 'g',
      peers: ['n1', 'n2', 'n3'],
      config: resolveRaftConfig(),
      diskPrefix: 'd/n1',
      host,
    });
    const ctx = fakeCtx(log, disk);
    // Timers never fire on this fake context: the member stays a candidate that has not voted yet.
    d.start(ctx);
    log.length = 0;
    const request: RaftMessage = {
      type: 'DLEDGER_VOTE',
      group: 'g',
      term: 0,
      candidate: 'n2',
      ledgerEndIndex: -1,
      ledgerEndTerm: -1,
    };
    d.handleMessage(ctx, nodeId('n2'), request, 5);
    expect(log).toEqual(['write currterm currTerm=0 voteLeader=n2', 'fsync currterm']);
    const done: DiskCompletion = { op: 'fsync', path: 'd/n1/currterm', opId: 1, ok: true, durable: 1 };
    d.handleDiskDone(ctx, done);
    expect(log.slice(2)).toEqual(['event raft.vote', 'reply n2 DLEDGER_VOTE_RESPONSE ACCEPT']);
  });
});
