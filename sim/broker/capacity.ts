// Glue between the broker's request handlers and its capacity queues
// (service-queue.ts): admit a request (run now, queue it and arm the queue's
// timer, or shed it with SYSTEM_BUSY), and drain what completed.
// Models [R4 broker/latency/BrokerFastFailure.java] (§3.2).
import type { NodeId } from '../engine/index.js';
import type { ClusterContext, PullMessage, SendMessage } from '../protocol/index.js';
import type { ServiceQueue } from './service-queue.js';

export type RequestRunner<M> = (from: NodeId, rpcId: number, msg: M) => void;

export function admitRequest<M extends SendMessage | PullMessage>(
  ctx: ClusterContext,
  q: ServiceQueue<M>,
  from: NodeId,
  rpcId: number,
  msg: M,
  run: RequestRunner<M>,
): void {
  const a = q.offer(ctx.now(), from, rpcId, msg);
  if (a === 'run-now') run(from, rpcId, msg);
  else if (a === 'busy') rejectBusy(ctx, from, rpcId, msg, TIMEOUT_CLEAN_QUEUE);
  else if (a === 'overload') rejectBusy(ctx, from, rpcId, msg, OVERLOAD);
  else if (!ctx.hasTimer(q.timerName)) ctx.setTimer(q.timerName, q.nextDueUs() - ctx.now());
}

export function drainQueue<M>(ctx: ClusterContext, q: ServiceQueue<M>, run: RequestRunner<M>): void {
  q.drain(ctx.now(), run);
  const next = q.nextDueUs();
  if (next >= 0) ctx.setTimer(q.timerName, Math.max(0, next - ctx.now()));
}

/** §3.2 BrokerFastFailure: a request that would wait past the queue's limit. */
const TIMEOUT_CLEAN_QUEUE = '[TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while';
/** NettyRemotingAbstract: the processor's thread pool rejected the request (its queue is full). */
const OVERLOAD = '[OVERLOAD]system busy, start flow control for a while';

/** Answers SYSTEM_BUSY (not retried by producers) with the remark RocketMQ uses for the reason. */
function rejectBusy(
  ctx: ClusterContext,
  from: NodeId,
  rpcId: number,
  msg: SendMessage | PullMessage,
  remark: string,
): void {
  if (rpcId <= 0) return;
  if (msg.type === 'SEND_MESSAGE') {
    ctx.reply(from, rpcId, {
      type: 'SEND_MESSAGE_RESPONSE',
      code: 'SYSTEM_BUSY',
      uid: msg.uid,
      queueId: msg.queueId,
      queueOffset: -1,
      remark,
    });
  } else {
    ctx.reply(from, rpcId, {
      type: 'PULL_MESSAGE_RESPONSE',
      code: 'SYSTEM_BUSY',
      nextBeginOffset: msg.queueOffset,
      minOffset: 0,
      maxOffset: 0,
      suggestWhichBrokerId: 0,
      messages: [],
    });
  }
}
