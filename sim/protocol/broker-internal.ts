// Broker <-> broker wire protocol: classic HA replication (HAService /
// HAConnection / HAClient) and SlaveSynchronize. Owned by the broker layer.
// [R4 HAS] [R4 HAC] [R4 SS] [R4 BOA]
//
// HA runs over its own long-lived connection (the master's HA port, listen
// port + 1). In the simulator the connection is the FIFO channel between the
// two broker processes; "connect" is the slave's first HA_REPORT_OFFSET.
import type { TopicConfig } from './common.js';

/**
 * One commit-log record as the master pushes it to a slave (the bytes of one
 * message, described). The store's StoreRecord is this type, so records read
 * for replication travel as they are.
 */
export interface HaRecord {
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
  /** Physical commit-log offset where the record starts on the master (and must start on the slave). */
  readonly commitLogOffset: number;
  /** Size of the whole record in the commit log. */
  readonly sizeBytes: number;
  readonly uid: number;
  readonly keys: string;
  readonly bodyBytes: number;
  readonly bornTimestampUs: number;
  readonly storeTimestampUs: number;
  readonly reconsumeTimes: number;
  readonly originUid: number;
  readonly originTopic: string;
  /** Consume-queue tags code (schedule topic: delivery time). */
  readonly tagsCode: number;
  readonly delayLevel: number;
  readonly realTopic: string;
  readonly realQueueId: number;
  readonly sysFlag: number;
}

/**
 * Slave -> master: "my commit log ends at `offset`". The first one opens the
 * connection; later ones ack pushed data and heartbeat every 5 s [R4 HAS HAClient].
 */
export interface HaReportOffset {
  readonly type: 'HA_REPORT_OFFSET';
  readonly offset: number;
}

/** Master -> slave: records starting at `fromOffset`; empty = idle heartbeat frame [R4 HAC WriteSocketService]. */
export interface HaTransfer {
  readonly type: 'HA_TRANSFER';
  readonly fromOffset: number;
  /**
   * Raw bytes at fromOffset before records[0]: the tail of a master record that starts before fromOffset. Non-zero
   * only when the slave's offset fell mid-record (it was ahead of a master that lost power); the slave stores them
   * as a gap. RocketMQ ships raw bytes from the slave's offset ([R4 HAC] WriteSocketService).
   */
  readonly headBytes: number;
  readonly records: readonly HaRecord[];
  /** The master's commit-log end when it sent this frame (lets the slave say when it caught up). */
  readonly masterMaxOffset: number;
}

/** Either side closes the HA connection (housekeeping timeout, offset mismatch). */
export interface HaClose {
  readonly type: 'HA_CLOSE';
  readonly reason: string;
}

/** SlaveSynchronize requests [R4 SS]: the slave asks, the master answers with its whole table. */
export interface GetAllTopicConfig {
  readonly type: 'GET_ALL_TOPIC_CONFIG';
}

export interface GetAllConsumerOffset {
  readonly type: 'GET_ALL_CONSUMER_OFFSET';
}

export interface GetAllDelayOffset {
  readonly type: 'GET_ALL_DELAY_OFFSET';
}

export interface ConsumerOffsetEntry {
  readonly group: string;
  readonly topic: string;
  readonly queueId: number;
  readonly offset: number;
}

export interface AllTopicConfigResponse {
  readonly type: 'ALL_TOPIC_CONFIG_RESPONSE';
  readonly topics: readonly TopicConfig[];
}

export interface AllConsumerOffsetResponse {
  readonly type: 'ALL_CONSUMER_OFFSET_RESPONSE';
  readonly offsets: readonly ConsumerOffsetEntry[];
}

/** Per delay level (1-based index - 1), the schedule queue offset already delivered. */
export interface AllDelayOffsetResponse {
  readonly type: 'ALL_DELAY_OFFSET_RESPONSE';
  readonly offsets: readonly number[];
}

export type BrokerInternalMessage =
  | HaReportOffset
  | HaTransfer
  | HaClose
  | GetAllTopicConfig
  | GetAllConsumerOffset
  | GetAllDelayOffset
  | AllTopicConfigResponse
  | AllConsumerOffsetResponse
  | AllDelayOffsetResponse;
