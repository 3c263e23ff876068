// A scriptable test process: records everything the kernel hands it and
// exposes its context so a test can act through it at chosen instants.
import {
  assert,
  type DiskCompletion,
  type Message,
  type NodeContext,
  type NodeId,
  type RpcOutcome,
  type SimNode,
} from '../../sim/engine/index.js';

export interface TestMsg extends Message {
  readonly type: 'MSG' | 'REQ' | 'RESP';
  readonly n: number;
}

export type ProbeCtx = NodeContext<TestMsg, string>;

export type ProbeLog =
  | { readonly at: number; readonly what: 'start' }
  | { readonly at: number; readonly what: 'msg'; readonly from: string; readonly n: number; readonly rpc: number }
  | {
      readonly at: number;
      readonly what: 'reply';
      readonly to: string;
      readonly n: number;
      readonly ok: boolean;
      readonly detail: string;
    }
  | { readonly at: number; readonly what: 'timer'; readonly name: string }
  | { readonly at: number; readonly what: 'closed'; readonly peer: string }
  | {
      readonly at: number;
      readonly what: 'disk';
      readonly path: string;
      readonly ok: boolean;
      readonly durable: number;
    };

export class Probe implements SimNode<TestMsg, string> {
  readonly log: ProbeLog[] = [];
  private context: ProbeCtx | undefined;
  /** When set, requests are answered with n + 1000 after this handler runs. */
  autoReply = true;

  get ctx(): ProbeCtx {
    assert(this.context !== undefined, 'probe not started');
    return this.context;
  }

  onStart(ctx: ProbeCtx): void {
    this.context = ctx;
    this.log.push({ at: ctx.now(), what: 'start' });
  }

  onMessage(ctx: ProbeCtx, from: NodeId, msg: TestMsg, rpcId: number): void {
    this.log.push({ at: ctx.now(), what: 'msg', from, n: msg.n, rpc: rpcId });
    if (rpcId > 0 && this.autoReply) ctx.reply(from, rpcId, { type: 'RESP', n: msg.n + 1000 });
  }

  onReply(ctx: ProbeCtx, to: NodeId, request: TestMsg, outcome: RpcOutcome<TestMsg>): void {
    this.log.push({
      at: ctx.now(),
      what: 'reply',
      to,
      n: request.n,
      ok: outcome.ok,
      detail: outcome.ok ? String(outcome.response.n) : outcome.reason,
    });
  }

  onTimer(ctx: ProbeCtx, name: string): void {
    this.log.push({ at: ctx.now(), what: 'timer', name });
  }

  onChannelClosed(ctx: ProbeCtx, peer: NodeId): void {
    this.log.push({ at: ctx.now(), what: 'closed', peer });
  }

  onDiskDone(ctx: ProbeCtx, done: DiskCompletion): void {
    this.log.push({ at: ctx.now(), what: 'disk', path: done.path, ok: done.ok, durable: done.durable });
  }

  of<W extends ProbeLog['what']>(what: W): Extract<ProbeLog, { what: W }>[] {
    return this.log.filter((e): e is Extract<ProbeLog, { what: W }> => e.what === what);
  }
}
