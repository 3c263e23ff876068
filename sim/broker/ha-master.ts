// Classic HA, master side (§3.4): one connection per slave, opened by the
// slave's first offset report. The master streams its commit log from the
// slave's reported offset (offset 0: from the start of its last 1 GiB
// commit-log file), by physical offset as RocketMQ ships raw bytes: an
// offset inside one of its records (a slave ahead of a master that lost
// power) ships that record's tail first (replication.ts). It sends an empty frame after 5 s idle, and closes a
// connection silent for 20 s or whose slave claims more than the master has
// (fix of apache/rocketmq#3015; bug switch broker.ha-trusts-slave-offset
// restores the old trust). The largest acked offset over all slaves
// (push2SlaveMaxOffset) completes SYNC_MASTER waits; a SYNC_MASTER with no
// slave, or one lagging >= 256 MiB, answers SLAVE_NOT_AVAILABLE at once.
// Models [R4 HAS] HAService (AcceptSocketService, GroupTransferService,
// isSlaveOK) and [R4 HAC] HAConnection (ReadSocketService, WriteSocketService).
import type { Micros, NodeId } from '../engine/index.js';
import type { HaReportOffset, HaTransfer } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import type { WaitOutcome } from './put-waits.js';
import type { Replication, SendProcessor } from './send-processor.js';
import type { PutMessageRequest, PutMessageResult, PutMessageStatus, StoreRecord } from './store/message-store.js';

export const HA_MASTER_TIMER = 'ha-master';
/** [R4 MSC] mappedFileSizeCommitLog = 1 GiB. */
const COMMIT_LOG_FILE_BYTES = 1024 * 1024 * 1024;
const NO_RECORDS: readonly StoreRecord[] = [];
/**
 * [R4 HAC] ReadSocketService and WriteSocketService loop on selector.select(1000): each second the master checks
 * the housekeeping interval and whether an idle frame is due, so a silent slave goes within 1 s of the 20 s.
 */
const HA_LOOP_US = 1_000_000;

/** [R4 HAC] a transfer frame: 12-byte header (offset + size) plus the records' bytes. */
function transferBytes(msg: HaTransfer): number {
  let n = 12 + msg.headBytes;
  for (const r of msg.records) n += r.sizeBytes;
  return n;
}

interface HaConnection {
  readonly slave: NodeId;
  /** Largest offset the slave acked (its commit-log end). */
  ackOffset: number;
  /** Where the next push starts. */
  nextTransfer: number;
  lastReadUs: Micros;
  lastWriteUs: Micros;
}

export class HaMaster implements Replication {
  private readonly conns = new Map<NodeId, HaConnection>();
  private push2SlaveMaxOffset = 0;
  readonly alwaysWaits = false;
  readonly timeoutStatus: PutMessageStatus = 'FLUSH_SLAVE_TIMEOUT';

  constructor(
    private readonly core: BrokerCore,
    private readonly send: SendProcessor,
  ) {}

  get waitUs(): Micros {
    return this.core.config.timings.slaveTimeoutUs;
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  start(): void {
    this.core.ctx.setTimer(HA_MASTER_TIMER, HA_LOOP_US);
  }

  onAppended(_req: PutMessageRequest, put: PutMessageResult, wait: boolean): WaitOutcome {
    this.pumpAll();
    const core = this.core;
    if (core.role !== 'SYNC_MASTER' || !wait) return 'PUT_OK';
    if (core.config.bugs.syncMasterEarlyAck) return 'PUT_OK'; // bug switch: no wait for the slave
    if (!this.isSlaveOK(put.endOffset)) return 'SLAVE_NOT_AVAILABLE';
    // [R4 HAS GroupTransferService.doWaitTransfer] checks push2SlaveMaxOffset once before it waits; it
    // can already cover a fresh append only if a slave claimed more than the master had (bug switch).
    return this.push2SlaveMaxOffset >= put.endOffset ? 'PUT_OK' : 'wait';
  }

  /** [R4 HAS isSlaveOK]: a slave is connected and lags less than haSlaveFallbehindMax. */
  isSlaveOK(masterPutWhere: number): boolean {
    return (
      this.conns.size > 0 &&
      masterPutWhere - this.push2SlaveMaxOffset < this.core.config.timings.haSlaveFallbehindMaxBytes
    );
  }

  /** A slave reported its offset: connect (first report, an RPC), ack, heartbeat. */
  onReport(from: NodeId, msg: HaReportOffset, rpcId: number): void {
    const core = this.core;
    const now = core.ctx.now();
    const max = core.store.positions.appended;
    if (msg.offset > max && !core.config.bugs.haTrustsSlaveOffset) {
      this.close(from, `slave reports offset ${msg.offset} beyond the master's max ${max}`, true);
      return;
    }
    let conn = this.conns.get(from);
    if (conn === undefined || rpcId > 0) {
      const start = msg.offset === 0 ? Math.floor(max / COMMIT_LOG_FILE_BYTES) * COMMIT_LOG_FILE_BYTES : msg.offset;
      conn = { slave: from, ackOffset: msg.offset, nextTransfer: start, lastReadUs: now, lastWriteUs: now };
      this.conns.set(from, conn);
      core.emit({ kind: 'broker.ha-connected', broker: core.name, peer: from, side: 'master', offset: msg.offset });
    }
    conn.lastReadUs = now;
    conn.ackOffset = Math.max(conn.ackOffset, msg.offset);
    if (conn.ackOffset > this.push2SlaveMaxOffset) {
      this.push2SlaveMaxOffset = conn.ackOffset;
      this.send.waits.onReplicaProgress(this.push2SlaveMaxOffset);
      this.send.rearm();
    }
    if (rpcId > 0) {
      const first = this.nextBatch(conn) ?? this.emptyFrame(conn);
      core.ctx.reply(from, rpcId, first, { bytes: transferBytes(first) });
    } else this.pump(conn);
  }

  /** Each loop (1 s): idle frames after 5 s, close after 20 s of silence. */
  onTimer(): void {
    const core = this.core;
    const t = core.config.timings;
    const now = core.ctx.now();
    for (const conn of [...this.conns.values()]) {
      if (now - conn.lastReadUs > t.haHousekeepingIntervalUs) {
        this.close(conn.slave, `no report for more than ${t.haHousekeepingIntervalUs / 1e6} s`, true);
      } else if (now - conn.lastWriteUs >= t.haSendHeartbeatIntervalUs) {
        this.pump(conn);
        if (now - conn.lastWriteUs >= t.haSendHeartbeatIntervalUs) this.write(conn, this.emptyFrame(conn));
      }
    }
    core.ctx.setTimer(HA_MASTER_TIMER, HA_LOOP_US);
  }

  onChannelClosed(peer: NodeId): void {
    if (this.conns.has(peer)) this.close(peer, 'channel closed', false);
  }

  onPeerClose(peer: NodeId, reason: string): void {
    if (this.conns.has(peer)) this.close(peer, `slave closed: ${reason}`, false);
  }

  /** Role change away from master: every connection goes. */
  stop(): void {
    for (const peer of [...this.conns.keys()]) this.close(peer, 'no longer master', true);
    this.core.ctx.cancelTimer(HA_MASTER_TIMER);
  }

  private pumpAll(): void {
    for (const conn of this.conns.values()) this.pump(conn);
  }

  /** Streams everything between nextTransfer and the appended end, in batches. */
  private pump(conn: HaConnection): void {
    for (;;) {
      const batch = this.nextBatch(conn);
      if (batch === undefined) return;
      this.write(conn, batch);
    }
  }

  private nextBatch(conn: HaConnection): HaTransfer | undefined {
    const store = this.core.store;
    const max = store.positions.appended;
    if (conn.nextTransfer >= max) return undefined;
    const read = store.readForReplication(conn.nextTransfer, this.core.config.timings.haTransferBatchBytes);
    if (!read.ok || read.nextOffset === conn.nextTransfer) return undefined;
    const batch: HaTransfer = {
      type: 'HA_TRANSFER',
      fromOffset: conn.nextTransfer,
      headBytes: read.headBytes,
      records: read.records,
      masterMaxOffset: max,
    };
    conn.nextTransfer = read.nextOffset;
    return batch;
  }

  private emptyFrame(conn: HaConnection): HaTransfer {
    return {
      type: 'HA_TRANSFER',
      fromOffset: conn.nextTransfer,
      headBytes: 0,
      records: NO_RECORDS,
      masterMaxOffset: this.core.store.positions.appended,
    };
  }

  private write(conn: HaConnection, msg: HaTransfer): void {
    conn.lastWriteUs = this.core.ctx.now();
    this.core.ctx.send(conn.slave, msg, { bytes: transferBytes(msg) });
  }

  private close(peer: NodeId, reason: string, tellPeer: boolean): void {
    // NB: push2SlaveMaxOffset only grows, as in RocketMQ; isSlaveOK also needs a live connection.
    this.conns.delete(peer);
    if (tellPeer) this.core.ctx.send(peer, { type: 'HA_CLOSE', reason });
    this.core.emit({ kind: 'broker.ha-disconnected', broker: this.core.name, peer, side: 'master', reason });
  }
}
