// Client <-> Broker wire protocol [R4 SMP] [R4 PMP] [R4 CMP] [R4 MCAPI]:
// sends, pulls, consumer offsets, client heartbeats, consumer lists,
// send-back for retry, and orderly queue locks. Broker-to-broker traffic
// (HA, SlaveSynchronize) lives in broker-internal.ts; DLedger's in sim/raft.
import { fail } from '../base/index.js';
import type { BrokerAddr, MessageQueue, ResponseCode } from './common.js';

/** A message's unique id (UNIQ_KEY), assigned by its producer: clientIndex * 2^32 + sequence. */
export type MsgUid = number;

/** The largest client index a uid packs: below 2^21, every uid stays below 2^53, exact in a double. */
export const MAX_UID_CLIENT = 2 ** 21 - 1;

/** Packs a uid; a client index or sequence outside its field (0..MAX_UID_CLIENT, 0..2^32-1) is an assertion failure. */
export function msgUid(clientIndex: number, seq: number): MsgUid {
  if ((clientIndex & MAX_UID_CLIENT) !== clientIndex || seq >>> 0 !== seq)
    fail(`msgUid: client ${clientIndex} or sequence ${seq} outside 0..${MAX_UID_CLIENT}, 0..2^32-1`);
  return clientIndex * 0x1_0000_0000 + seq;
}
export const uidClient = (uid: MsgUid): number => Math.floor(uid / 0x1_0000_0000);
export const uidSeq = (uid: MsgUid): number => uid % 0x1_0000_0000;
/** A message id as machines read it: "client:sequence" (e.g. "1:1204"); the history file's `id`. */
export const uidText = (uid: MsgUid): string => `${uidClient(uid)}:${uidSeq(uid)}`;
/** A message id as people read it, the one form every human-facing output uses: "msg 1:1204". */
export const msgText = (uid: MsgUid): string => `msg ${uidText(uid)}`;

export interface SendMessage {
  readonly type: 'SEND_MESSAGE';
  readonly producerGroup: string;
  readonly topic: string;
  readonly queueId: number;
  readonly uid: MsgUid;
  /** Business key (KEYS property), '' when none. */
  readonly keys: string;
  readonly bodyBytes: number;
  readonly bornTimestampUs: number;
  /** Consumer retries: how often this message was consumed and failed so far. */
  readonly reconsumeTimes: number;
  /** For retries: the original message's uid and topic; the message's own otherwise. */
  readonly originUid: MsgUid;
  readonly originTopic: string;
  /** Delay level 1..18 (0 = deliver now). */
  readonly delayLevel: number;
}

export interface SendMessageResponse {
  readonly type: 'SEND_MESSAGE_RESPONSE';
  /** SUCCESS, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT, SLAVE_NOT_AVAILABLE (stored), or an error code. */
  readonly code: ResponseCode;
  readonly uid: MsgUid;
  readonly queueId: number;
  /** Queue offset of the stored message; -1 when not stored. */
  readonly queueOffset: number;
  readonly remark: string;
}

/** A stored message as a pull returns it (MessageExt). */
export interface MessageExt {
  readonly uid: MsgUid;
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly commitLogOffset: number;
  readonly bodyBytes: number;
  readonly keys: string;
  readonly bornTimestampUs: number;
  readonly storeTimestampUs: number;
  readonly reconsumeTimes: number;
  readonly originUid: MsgUid;
  readonly originTopic: string;
  /** The broker group that stored it. */
  readonly brokerName: string;
}

export interface PullMessage {
  readonly type: 'PULL_MESSAGE';
  readonly consumerGroup: string;
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
  readonly maxMsgNums: number;
  /** Offset to commit piggybacked on the pull (only honoured by a master); -1 for none. */
  readonly commitOffset: number;
  /** Long-polling: how long the broker may hold the request when nothing is there; 0 = do not hold. */
  readonly suspendTimeoutUs: number;
}

export interface PullMessageResponse {
  readonly type: 'PULL_MESSAGE_RESPONSE';
  /** SUCCESS, PULL_NOT_FOUND, PULL_RETRY_IMMEDIATELY, PULL_OFFSET_MOVED, or an error. */
  readonly code: ResponseCode;
  readonly nextBeginOffset: number;
  readonly minOffset: number;
  readonly maxOffset: number;
  readonly suggestWhichBrokerId: number;
  readonly messages: readonly MessageExt[];
}

export interface QueryConsumerOffset {
  readonly type: 'QUERY_CONSUMER_OFFSET';
  readonly consumerGroup: string;
  readonly topic: string;
  readonly queueId: number;
}

export interface QueryConsumerOffsetResponse {
  readonly type: 'QUERY_CONSUMER_OFFSET_RESPONSE';
  readonly code: ResponseCode; // SUCCESS or QUERY_NOT_FOUND
  readonly offset: number;
}

export interface UpdateConsumerOffset {
  readonly type: 'UPDATE_CONSUMER_OFFSET';
  readonly consumerGroup: string;
  readonly topic: string;
  readonly queueId: number;
  readonly commitOffset: number;
}

/** Max offset of a queue (for CONSUME_FROM_LAST_OFFSET on a new group). */
export interface GetMaxOffset {
  readonly type: 'GET_MAX_OFFSET';
  readonly topic: string;
  readonly queueId: number;
}

export interface GetMaxOffsetResponse {
  readonly type: 'GET_MAX_OFFSET_RESPONSE';
  readonly code: ResponseCode;
  readonly offset: number;
}

export type MessageModel = 'CLUSTERING' | 'BROADCASTING';
export type ConsumeFromWhere = 'CONSUME_FROM_LAST_OFFSET' | 'CONSUME_FROM_FIRST_OFFSET';

export interface ConsumerData {
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly consumeFromWhere: ConsumeFromWhere;
  readonly topics: readonly string[];
}

/** Client heartbeat to a broker (every 30 s): registers producer and consumer groups [R4 CM] [R4 PM]. */
export interface ClientHeartbeat {
  readonly type: 'HEART_BEAT';
  readonly clientId: string;
  readonly producerGroups: readonly string[];
  readonly consumers: readonly ConsumerData[];
}

export interface UnregisterClient {
  readonly type: 'UNREGISTER_CLIENT';
  readonly clientId: string;
  readonly producerGroup: string | null;
  readonly consumerGroup: string | null;
}

export interface GetConsumerListByGroup {
  readonly type: 'GET_CONSUMER_LIST_BY_GROUP';
  readonly consumerGroup: string;
}

export interface ConsumerListResponse {
  readonly type: 'CONSUMER_LIST_RESPONSE';
  readonly code: ResponseCode;
  readonly consumerIdList: readonly string[];
}

/** Broker -> client, one-way: the group's membership changed, rebalance now [R4 DCICL]. */
export interface NotifyConsumerIdsChanged {
  readonly type: 'NOTIFY_CONSUMER_IDS_CHANGED';
  readonly consumerGroup: string;
}

/** Consumption failed: the broker re-stores the message to %RETRY%group with a delay, or to the DLQ [R4 SMP]. */
export interface ConsumerSendMsgBack {
  readonly type: 'CONSUMER_SEND_MSG_BACK';
  readonly group: string;
  readonly msg: MessageExt;
  /** 0 = let the broker choose (3 + reconsumeTimes); < 0 = straight to the DLQ. */
  readonly delayLevel: number;
  readonly maxReconsumeTimes: number;
}

export interface LockBatchMq {
  readonly type: 'LOCK_BATCH_MQ';
  readonly consumerGroup: string;
  readonly clientId: string;
  readonly mqs: readonly MessageQueue[];
}

export interface LockBatchMqResponse {
  readonly type: 'LOCK_BATCH_MQ_RESPONSE';
  readonly code: ResponseCode;
  readonly lockOkMqs: readonly MessageQueue[];
}

export interface UnlockBatchMq {
  readonly type: 'UNLOCK_BATCH_MQ';
  readonly consumerGroup: string;
  readonly clientId: string;
  readonly mqs: readonly MessageQueue[];
}

/** Response with only a code (heartbeat, offset update, send-back, unlock). */
export interface BrokerAck {
  readonly type: 'BROKER_ACK';
  readonly code: ResponseCode;
  readonly remark: string;
}

export type BrokerClientMessage =
  | SendMessage
  | SendMessageResponse
  | PullMessage
  | PullMessageResponse
  | QueryConsumerOffset
  | QueryConsumerOffsetResponse
  | UpdateConsumerOffset
  | GetMaxOffset
  | GetMaxOffsetResponse
  | ClientHeartbeat
  | UnregisterClient
  | GetConsumerListByGroup
  | ConsumerListResponse
  | NotifyConsumerIdsChanged
  | ConsumerSendMsgBack
  | LockBatchMq
  | LockBatchMqResponse
  | UnlockBatchMq
  | BrokerAck;

export type { BrokerAddr };
