// The driver's inputs for its three hot kinds (a request, an RPC outcome, a
// timer), one reusable object each instead of a new one per step: an idle
// member steps about once per event. Safe because RaftCore.step reads its
// input's fields before it returns and never keeps the input, and the
// driver applies the Ready only after the step returned, so a step started
// while applying (a host callback proposing) cannot overwrite a live input.
import type { RaftInput, RpcFailureReason } from './core.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import type { RaftTimer } from './timers.js';
import type { PeerId } from './types.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type MessageInput = Writable<Extract<RaftInput, { kind: 'message' }>>;
type ReplyInput = Writable<Extract<RaftInput, { kind: 'reply' }>>;
type TimerInput = Writable<Extract<RaftInput, { kind: 'timer' }>>;

export class StepInputs {
  private msg: MessageInput | undefined;
  private reply: ReplyInput | undefined;
  private timer: TimerInput | undefined;

  message(from: PeerId, msg: RaftRequest, rpcId: number): RaftInput {
    const i = this.msg;
    if (i === undefined) return (this.msg = { kind: 'message', from, msg, rpcId });
    i.from = from;
    i.msg = msg;
    i.rpcId = rpcId;
    return i;
  }

  outcome(
    from: PeerId,
    request: RaftRequest,
    response: RaftResponse | undefined,
    failure: RpcFailureReason | undefined,
  ): RaftInput {
    const i = this.reply;
    if (i === undefined) return (this.reply = { kind: 'reply', from, request, response, failure });
    i.from = from;
    i.request = request;
    i.response = response;
    i.failure = failure;
    return i;
  }

  timerFired(name: RaftTimer): RaftInput {
    const i = this.timer;
    if (i === undefined) return (this.timer = { kind: 'timer', name });
    i.name = name;
    return i;
  }
}
