// Shared wire vocabulary of the RocketMQ model: response codes, permissions,
// topic and queue descriptors. Names follow RocketMQ's ResponseCode and
// PermName so every decision prints the way an operator would read it.
import type { NodeId } from '../engine/index.js';

/** RocketMQ ResponseCode names used on the wire [R4 RC]. */
export type ResponseCode =
  | 'SUCCESS' // 0
  | 'SYSTEM_ERROR' // 1
  | 'SYSTEM_BUSY' // 2
  | 'REQUEST_CODE_NOT_SUPPORTED' // 3 (RemotingSysResponseCode)
  | 'FLUSH_DISK_TIMEOUT' // 10
  | 'SLAVE_NOT_AVAILABLE' // 11
  | 'FLUSH_SLAVE_TIMEOUT' // 12
  | 'MESSAGE_ILLEGAL' // 13
  | 'SERVICE_NOT_AVAILABLE' // 14
  | 'NO_PERMISSION' // 16
  | 'TOPIC_NOT_EXIST' // 17
  | 'PULL_NOT_FOUND' // 19
  | 'PULL_RETRY_IMMEDIATELY' // 20
  | 'PULL_OFFSET_MOVED' // 21
  | 'QUERY_NOT_FOUND' // 22
  | 'SUBSCRIPTION_NOT_EXIST'; // 24

/** PermName bits [R4 common/constant/PermName]. */
export const PERM_READ = 4;
export const PERM_WRITE = 2;
export const PERM_RW = PERM_READ | PERM_WRITE;

export const MASTER_ID = 0;

/** A topic as a broker configures it (TopicConfig). */
export interface TopicConfig {
  readonly topic: string;
  readonly readQueueNums: number;
  readonly writeQueueNums: number;
  readonly perm: number;
  /** Ordered topic (orderTopicConf / TopicMessageType FIFO); sends pick a queue by key. */
  readonly order: boolean;
}

/** DataVersion: bumped whenever a broker's topic config changes [R4 DV]. */
export interface DataVersion {
  readonly timestamp: number;
  readonly counter: number;
}

/** One queue of one topic on one broker group (MessageQueue). */
export interface MessageQueue {
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
}

/** mqKey's text per queue object: a consumer looks its queues up on every pull and every consumed message. */
const mqKeys = new WeakMap<MessageQueue, string>();

/** Canonical text of a queue, e.g. "TopicTest@broker-a#3". */
export function mqKey(mq: MessageQueue): string {
  let k = mqKeys.get(mq);
  if (k === undefined) {
    k = `${mq.topic}@${mq.brokerName}#${mq.queueId}`;
    mqKeys.set(mq, k);
  }
  return k;
}

/** Orders queues as RocketMQ's MessageQueue.compareTo does: topic, then broker name, then queue id. */
export function compareMq(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

/** A broker address: in the simulator, the broker process's node id. */
export type BrokerAddr = NodeId;

/** Retry and dead-letter topic names [R4 MIX]. */
export const retryTopic = (group: string): string => `%RETRY%${group}`;
export const dlqTopic = (group: string): string => `%DLQ%${group}`;
export const isRetryTopic = (topic: string): boolean => topic.startsWith('%RETRY%');
