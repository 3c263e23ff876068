// The broker requests the broker tests send by hand: a SEND_MESSAGE of 100 bytes from
// producer group pg and a PULL_MESSAGE of up to 32 messages for consumer group cg.
import type { PullMessage, WireMessage } from '../../sim/protocol/index.js';
import { TOPIC } from './harness.js';
import { messageFields } from './store/store-host.js';

export const sendRequest = (uid: number, queueId: number, delayLevel = 0): WireMessage => ({
  type: 'SEND_MESSAGE',
  producerGroup: 'pg',
  ...messageFields(TOPIC, queueId, uid),
  delayLevel,
});

export const pullRequest = (topic: string, queueId: number, queueOffset: number): PullMessage => ({
  type: 'PULL_MESSAGE',
  consumerGroup: 'cg',
  topic,
  queueId,
  queueOffset,
  maxMsgNums: 32,
  commitOffset: -1,
  suspendTimeoutUs: 0,
});
