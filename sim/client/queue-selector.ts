// Queue selection of the default producer [R4 TPI selectOneMessageQueue]
// [R4 TLI ThreadLocalIndex] [R4 MFS selectOneMessageQueue]. One counter per
// producer (the Java ThreadLocal, one sending thread per simulated producer)
// with a random start; round-robin that skips the broker used by the previous
// attempt of the same send; with latency fault tolerance, the first queue whose
// broker is not isolated, else one of the better half of isolated brokers.
import type { MessageQueue } from '../protocol/index.js';
import type { LatencyFaultTolerance } from './latency-fault.js';

/** The shared publish list as the bug switch client.fault-pick-rewrites-route sees it. */
export interface SharedQueueRewrite {
  /** TopicPublishInfo.getQueueIdByBroker: the route's writeQueueNums of a broker. */
  writeQueueNums(brokerName: string): number;
  /** Stores `mq` at `index` of the publish list, in place of the queue picked there. */
  store(index: number, mq: MessageQueue): void;
}

export class QueueSelector {
  private index: number;

  /** `start` is drawn by the caller from its random stream (ThreadLocalIndex: random in [0, 2^31)). */
  constructor(start: number) {
    this.index = start;
  }

  private nextIndex(): number {
    this.index = (this.index + 1) % 0x7fffffff;
    return this.index;
  }

  /** Default selection: round robin, avoiding `lastBroker` unless every queue is on it. */
  select(queues: readonly MessageQueue[], lastBroker: string | undefined): MessageQueue | undefined {
    if (queues.length === 0) return undefined;
    if (lastBroker !== undefined) {
      for (let i = 0; i < queues.length; i++) {
        const mq = queues[this.nextIndex() % queues.length];
        if (mq !== undefined && mq.brokerName !== lastBroker) return mq;
      }
    }
    return queues[this.nextIndex() % queues.length];
  }

  /**
   * 4.x MQFaultStrategy with sendLatencyFaultEnable (ignores the last-broker rule on its first pass).
   * `rewriteShared` is set only by the bug switch client.fault-pick-rewrites-route: the code before
   * apache/rocketmq#7812, which took a queue of the shared publish list and rewrote its broker name
   * and queue id in place (the queue id from the route's writeQueueNums of that broker).
   */
  selectAvoidingFaults(
    queues: readonly MessageQueue[],
    lastBroker: string | undefined,
    faults: LatencyFaultTolerance,
    nowUs: number,
    rewriteShared?: SharedQueueRewrite,
  ): MessageQueue | undefined {
    if (queues.length === 0) return undefined;
    let idx = this.nextIndex();
    for (let i = 0; i < queues.length; i++) {
      const mq = queues[idx++ % queues.length];
      if (mq !== undefined && faults.isAvailable(mq.brokerName, nowUs)) return mq;
    }
    const notBest = faults.pickOneAtLeast(nowUs);
    if (notBest !== undefined) {
      const onIt = queues.filter((q) => q.brokerName === notBest);
      if (onIt.length > 0 && rewriteShared !== undefined) {
        const index = this.nextIndex() % queues.length;
        const picked = queues[index];
        if (picked === undefined) return undefined;
        const mq = {
          ...picked,
          brokerName: notBest,
          queueId: this.nextIndex() % Math.max(1, rewriteShared.writeQueueNums(notBest)),
        };
        rewriteShared.store(index, mq);
        return mq;
      }
      if (onIt.length > 0) return onIt[this.nextIndex() % onIt.length];
      faults.remove(notBest);
    }
    return this.select(queues, lastBroker);
  }

  /** MessageQueueSelector by key hash (ordered send): the same key always maps to the same queue. */
  static byKey(queues: readonly MessageQueue[], key: string): MessageQueue | undefined {
    if (queues.length === 0) return undefined;
    return queues[javaStringHash(key) % queues.length];
  }
}

/** Math.abs(String.hashCode()) as Java computes it (SelectMessageQueueByHash). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
