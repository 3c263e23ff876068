// Minimal clients for broker tests: a producer that sends one message every
// interval to whatever broker `target()` names at that moment (3 s RPC
// timeout, no retries) and records every outcome; and a puller that issues
// one PULL_MESSAGE on demand and keeps the last response.
import {
  msgUid,
  type ClusterContext,
  type ClusterNode,
  type PullMessageResponse,
  type ResponseCode,
  type WireMessage,
} from '../../sim/protocol/index.js';
import type { DiskCompletion, Micros, NodeId, RpcOutcome } from '../../sim/engine/index.js';

export interface SendRecord {
  readonly uid: number;
  readonly to: NodeId;
  readonly sentUs: Micros;
  readonly atUs: Micros;
  /** Response code, or the transport failure. */
  readonly code: ResponseCode | 'timeout' | 'closed' | 'refused';
  readonly queueId: number;
  readonly queueOffset: number;
}

export interface StubProducerOptions {
  readonly clientIndex: number;
  readonly topic: string;
  readonly queues: number;
  readonly intervalUs: Micros;
  readonly startUs: Micros;
  /** Where to send now; undefined = skip this tick. */
  readonly target: () => NodeId | undefined;
  readonly bodyBytes?: number;
  readonly delayLevel?: number;
  /** RPC timeout; default 3 s (sendMsgTimeout). */
  readonly rpcTimeoutUs?: Micros;
}

export class StubProducer implements ClusterNode {
  readonly records: SendRecord[] = [];
  private seq = 0;
  private readonly sent = new Map<number, { readonly uid: number; readonly to: NodeId; readonly sentUs: Micros }>();
  stopped = false;

  constructor(private readonly o: StubProducerOptions) {}

  onStart(ctx: ClusterContext): void {
    ctx.setTimer('send-next', Math.max(0, this.o.startUs - ctx.now()));
  }

  onTimer(ctx: ClusterContext): void {
    if (this.stopped) return;
    ctx.setTimer('send-next', this.o.intervalUs);
    const to = this.o.target();
    if (to === undefined) return;
    const seq = this.seq++;
    const uid = msgUid(this.o.clientIndex, seq);
    const id = ctx.rpc(
      to,
      {
        type: 'SEND_MESSAGE',
        producerGroup: 'pg',
        topic: this.o.topic,
        queueId: seq % this.o.queues,
        uid,
        keys: '',
        bodyBytes: this.o.bodyBytes ?? 1024,
        bornTimestampUs: ctx.now(),
        reconsumeTimes: 0,
        originUid: uid,
        originTopic: this.o.topic,
        delayLevel: this.o.delayLevel ?? 0,
      },
      this.o.rpcTimeoutUs ?? 3_000_000,
    );
    this.sent.set(id, { uid, to, sentUs: ctx.now() });
  }

  onReply(ctx: ClusterContext, _to: NodeId, _req: WireMessage, outcome: RpcOutcome<WireMessage>, rpcId: number): void {
    const s = this.sent.get(rpcId);
    if (s === undefined) return;
    this.sent.delete(rpcId);
    const r = outcome.ok && outcome.response.type === 'SEND_MESSAGE_RESPONSE' ? outcome.response : undefined;
    this.records.push({
      uid: s.uid,
      to: s.to,
      sentUs: s.sentUs,
      atUs: ctx.now(),
      code: r?.code ?? (outcome.ok ? 'SYSTEM_ERROR' : outcome.reason),
      queueId: r?.queueId ?? -1,
      queueOffset: r?.queueOffset ?? -1,
    });
  }

  ok(): SendRecord[] {
    return this.records.filter((r) => r.code === 'SUCCESS');
  }

  onMessage(): void {}
  onChannelClosed(): void {}
  onDiskDone(_ctx: ClusterContext, _d: DiskCompletion): void {}
}

/** Sends whatever the test asks for, from inside the simulation, and keeps every reply. */
export class StubClient implements ClusterNode {
  readonly replies: {
    readonly atUs: Micros;
    readonly request: WireMessage;
    readonly outcome: RpcOutcome<WireMessage>;
  }[] = [];
  readonly inbox: { readonly atUs: Micros; readonly from: NodeId; readonly msg: WireMessage }[] = [];
  private ctx: ClusterContext | undefined;

  onStart(ctx: ClusterContext): void {
    this.ctx = ctx;
  }

  rpc(to: string, msg: WireMessage, timeoutUs: Micros = 30_000_000): void {
    this.ctx?.rpc(to as NodeId, msg, timeoutUs);
  }

  send(to: string, msg: WireMessage): void {
    this.ctx?.send(to as NodeId, msg);
  }

  onReply(ctx: ClusterContext, _to: NodeId, request: WireMessage, outcome: RpcOutcome<WireMessage>): void {
    this.replies.push({ atUs: ctx.now(), request, outcome });
  }

  onMessage(ctx: ClusterContext, from: NodeId, msg: WireMessage): void {
    this.inbox.push({ atUs: ctx.now(), from, msg });
  }

  lastPull(): PullMessageResponse | undefined {
    for (let i = this.replies.length - 1; i >= 0; i--) {
      const r = this.replies[i];
      if (r !== undefined && r.outcome.ok && r.outcome.response.type === 'PULL_MESSAGE_RESPONSE')
        return r.outcome.response;
    }
    return undefined;
  }

  onTimer(): void {}
  onChannelClosed(): void {}
  onDiskDone(_ctx: ClusterContext, _d: DiskCompletion): void {}
}
