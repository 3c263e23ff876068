// Classic HA, slave side (§3.4): the HAClient connects to the master's HA
// address learned from registration, reports its commit-log end, appends
// every pushed batch whose start equals its own end (else it drops the
// connection), even one that starts mid-record on the master (stored as a
// gap that stops its dispatch, store/replication.ts), reports after each batch and at least every 5 s, closes the
// link after 20 s without data, and retries every 5 s while disconnected.
// After a restart it resumes from its own recovered end (catch-up).
// Models [R4 HAS] HAService.HAClient.
import type { Micros, NodeId, RpcOutcome } from '../engine/index.js';
import type { HaReportOffset, HaTransfer, WireMessage } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';

export const HA_SLAVE_TIMER = 'ha-slave';
/** [R4 NSYS] connectTimeoutMillis = 3 s: the first report doubles as the connect. */
const CONNECT_TIMEOUT_US = 3_000_000;

type LinkState = 'idle' | 'connecting' | 'connected';

export class HaSlave {
  private state: LinkState = 'idle';
  private master: NodeId | null = null;
  private lastReadUs: Micros = 0;
  private caughtUp = false;
  private running = false;

  constructor(private readonly core: BrokerCore) {}

  get connected(): boolean {
    return this.state === 'connected';
  }

  get masterNode(): NodeId | null {
    return this.master;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.core.ctx.setTimer(HA_SLAVE_TIMER, 0);
  }

  stop(): void {
    if (!this.running) return;
    if (this.state !== 'idle') this.disconnect('no longer a slave', true);
    this.running = false;
    this.core.ctx.cancelTimer(HA_SLAVE_TIMER);
  }

  /** Every 5 s: connect if needed, heartbeat the offset, or give up a silent link. */
  onTimer(): void {
    if (!this.running) return;
    const core = this.core;
    const t = core.config.timings;
    const now = core.ctx.now();
    if (this.state === 'connected' && core.haMasterAddr !== this.master) {
      this.disconnect(`master address changed to ${core.haMasterAddr ?? 'none'}`, true);
    } else if (this.state === 'connected' && now - this.lastReadUs > t.haHousekeepingIntervalUs) {
      this.disconnect(`no data from master for more than ${t.haHousekeepingIntervalUs / 1e6} s`, true);
    } else if (this.state === 'connected') {
      this.report();
    }
    if (this.state === 'idle' && core.haMasterAddr !== null) this.connect(core.haMasterAddr);
    core.ctx.setTimer(HA_SLAVE_TIMER, this.state === 'idle' ? t.haReconnectIntervalUs : t.haSendHeartbeatIntervalUs);
  }

  /** The connect RPC's outcome; returns false when it was not ours. */
  onConnectReply(to: NodeId, outcome: RpcOutcome<WireMessage>): boolean {
    if (this.state !== 'connecting' || to !== this.master) return true;
    if (!outcome.ok || outcome.response.type !== 'HA_TRANSFER') {
      this.state = 'idle';
      return true;
    }
    this.state = 'connected';
    this.caughtUp = false;
    this.lastReadUs = this.core.ctx.now();
    this.core.emit({
      kind: 'broker.ha-connected',
      broker: this.core.name,
      peer: to,
      side: 'slave',
      offset: this.core.store.positions.appended,
    });
    this.onTransfer(to, outcome.response);
    return true;
  }

  onTransfer(from: NodeId, msg: HaTransfer): void {
    if (this.state !== 'connected' || from !== this.master) return;
    const core = this.core;
    this.lastReadUs = core.ctx.now();
    const mine = core.store.positions.appended;
    if (msg.fromOffset !== mine) {
      this.disconnect(`master pushed offset ${msg.fromOffset} but the slave ends at ${mine}`, true);
      return;
    }
    if (msg.records.length > 0 || msg.headBytes > 0) {
      // [R4 HAS HAClient.dispatchReadRequest] checks the offset only: bytes that start mid-record are appended
      // (as a gap, where this slave's dispatch stops for good) and acked like any others.
      const r = core.store.appendReplicated(core.ctx, msg.fromOffset, msg.records, msg.headBytes);
      if (!r.ok) {
        this.disconnect(`append of replicated data failed: ${r.reason}`, true);
        return;
      }
      if (msg.headBytes > 0)
        core.emit({
          kind: 'broker.ha-mid-record',
          broker: core.name,
          master: from,
          offset: mine,
          bytes: msg.headBytes,
        });
      this.report();
    }
    const end = core.store.positions.appended;
    if (end >= msg.masterMaxOffset) this.noteCaughtUp(from, end);
  }

  onPeerClose(from: NodeId, reason: string): void {
    if (from === this.master && this.state !== 'idle') this.disconnect(`master closed: ${reason}`, false);
  }

  onChannelClosed(peer: NodeId): void {
    if (peer === this.master && this.state !== 'idle') this.disconnect('channel closed', false);
  }

  private connect(master: NodeId): void {
    this.master = master;
    this.state = 'connecting';
    const req: HaReportOffset = { type: 'HA_REPORT_OFFSET', offset: this.core.store.positions.appended };
    this.core.ctx.rpc(master, req, CONNECT_TIMEOUT_US);
  }

  private report(): void {
    if (this.master === null) return;
    this.core.ctx.send(this.master, { type: 'HA_REPORT_OFFSET', offset: this.core.store.positions.appended });
  }

  /** First time since connecting that the slave holds everything the master had when it sent. */
  private noteCaughtUp(master: NodeId, offset: number): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    this.core.emit({ kind: 'broker.ha-caught-up', broker: this.core.name, master, offset });
  }

  private disconnect(reason: string, tellPeer: boolean): void {
    const master = this.master;
    this.state = 'idle';
    if (master === null) return;
    if (tellPeer) this.core.ctx.send(master, { type: 'HA_CLOSE', reason });
    this.core.emit({ kind: 'broker.ha-disconnected', broker: this.core.name, peer: master, side: 'slave', reason });
  }
}
