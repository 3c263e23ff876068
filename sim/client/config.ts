// Client constants: every default of the RocketMQ 4.9.7 Java client that the
// model uses (docs/model.md §5), each with the class it comes from, plus
// the client bug switches (deliberate deviations, off by default). The
// cluster builder applies scenario overrides by field name to
// DEFAULT_CLIENT_CONFIG (sim/cluster/overrides.ts); durations are microseconds.
import { ms, sec, type Micros } from '../engine/index.js';

export interface ClientConfig {
  // ---- MQClientInstance timers [R4 MCI] [R4 CC] ----
  /** ClientConfig.pollNameServerInterval = 30000 ms: route refresh period. */
  readonly pollNameServerIntervalUs: Micros;
  /** MQClientInstance.startScheduledTask: first route refresh after 10 ms. */
  readonly pollNameServerInitialDelayUs: Micros;
  /** ClientConfig.heartbeatBrokerInterval = 30000 ms: heartbeat to brokers. */
  readonly heartbeatBrokerIntervalUs: Micros;
  /** MQClientInstance.startScheduledTask: first heartbeat after 1000 ms. */
  readonly heartbeatInitialDelayUs: Micros;
  /** ClientConfig.persistConsumerOffset(Interval) = 5000 ms: offset commit period. */
  readonly consumerOffsetPersistPeriodUs: Micros;
  /** MQClientInstance.startScheduledTask: first offset commit after 10000 ms. */
  readonly persistConsumerOffsetInitialDelayUs: Micros;
  /** RebalanceService: rocketmq.client.rebalance.waitInterval = 20000 ms. */
  readonly rebalanceIntervalUs: Micros;
  /** ClientConfig.mqClientApiTimeout = 3000 ms: default RPC timeout (routes, offsets, consumer lists). */
  readonly rpcTimeoutUs: Micros;
  /** NettyClientConfig.connectTimeoutMillis = 3000 ms. */
  readonly connectTimeoutUs: Micros;

  // ---- producer [R4 DP] [R4 DPI] [R4 MFS] ----
  /** DefaultMQProducer.sendMsgTimeout = 3000 ms: one budget shared by every attempt of a send. */
  readonly sendMsgTimeoutUs: Micros;
  /** DefaultMQProducer.retryTimesWhenSendFailed = 2 (sync: 3 attempts). */
  readonly retryTimesWhenSendFailed: number;
  /** DefaultMQProducer.retryTimesWhenSendAsyncFailed = 2 (transport failures only). */
  readonly retryTimesWhenSendAsyncFailed: number;
  /** DefaultMQProducer.retryAnotherBrokerWhenNotStoreOK = false. */
  readonly retryAnotherBrokerWhenNotStoreOK: boolean;
  /** MQFaultStrategy.sendLatencyFaultEnable = false. */
  readonly sendLatencyFaultEnable: boolean;

  // ---- push consumer [R4 DPC] [R4 DPCI] [R4 CC] [R4 PQ] [R4 CMOS] ----
  /** DefaultMQPushConsumer.pullBatchSize = 32. */
  readonly pullBatchSize: number;
  /** DefaultMQPushConsumer.consumeThreadMax = 20: messages consumed at once per instance. */
  readonly consumeThreadMax: number;
  /** DefaultMQPushConsumer.pullThresholdForQueue = 1000 cached messages per queue. */
  readonly pullThresholdForQueue: number;
  /** DefaultMQPushConsumer.consumeConcurrentlyMaxSpan = 2000: offset span of a queue's cached messages. */
  readonly consumeConcurrentlyMaxSpan: number;
  /** DefaultMQPushConsumerImpl.PULL_TIME_DELAY_MILLS_WHEN_FLOW_CONTROL = 50 ms. */
  readonly pullDelayWhenFlowControlUs: Micros;
  /** ClientConfig.pullTimeDelayMillsWhenException = 1000 ms. */
  readonly pullDelayWhenExceptionUs: Micros;
  /** DefaultMQPushConsumerImpl.BROKER_SUSPEND_MAX_TIME_MILLIS = 15000 ms (long-poll hold). */
  readonly brokerSuspendMaxTimeUs: Micros;
  /** DefaultMQPushConsumerImpl.CONSUMER_TIMEOUT_MILLIS_WHEN_SUSPEND = 30000 ms: pull RPC timeout. */
  readonly pullRpcTimeoutUs: Micros;
  /** DefaultMQPushConsumerImpl: OFFSET_ILLEGAL handling stores the corrected offset after 10000 ms. */
  readonly offsetIllegalDelayUs: Micros;
  /** DefaultMQPushConsumer.maxReconsumeTimes = -1 -> 16 for concurrent consumption. */
  readonly maxReconsumeTimes: number;
  /** ConsumeMessageConcurrentlyService.submitConsumeRequestLater: 5000 ms local re-consume. */
  readonly consumeLaterDelayUs: Micros;
  /** MQClientAPIImpl.consumerSendMessageBack: timeout 5000 ms. */
  readonly sendBackTimeoutUs: Micros;
  /** RemoteBrokerOffsetStore.updateConsumeOffsetToBroker: oneway, 5000 ms timeout. */
  readonly offsetCommitTimeoutUs: Micros;
  /** DefaultMQPushConsumer.suspendCurrentQueueTimeMillis = 1000 ms (orderly failure). */
  readonly suspendCurrentQueueTimeUs: Micros;
  /** rocketmq.client.rebalance.lockInterval = 20000 ms: orderly lock renewal. */
  readonly lockIntervalUs: Micros;
  /** ProcessQueue.REBALANCE_LOCK_MAX_LIVE_TIME = 30000 ms: client-side lock validity. */
  readonly lockMaxLiveTimeUs: Micros;

  // ---- bug switches (off by default; see CLIENT_BUG_SWITCHES) ----
  readonly bugRetrySameBroker: boolean;
  readonly bugCommitBeforeConsume: boolean;
  readonly bugRebalanceOverlap: boolean;
  readonly bugSharedClientId: boolean;
}

export const DEFAULT_CLIENT_CONFIG: ClientConfig = {
  pollNameServerIntervalUs: sec(30),
  pollNameServerInitialDelayUs: ms(10),
  heartbeatBrokerIntervalUs: sec(30),
  heartbeatInitialDelayUs: sec(1),
  consumerOffsetPersistPeriodUs: sec(5),
  persistConsumerOffsetInitialDelayUs: sec(10),
  rebalanceIntervalUs: sec(20),
  rpcTimeoutUs: sec(3),
  connectTimeoutUs: sec(3),
  sendMsgTimeoutUs: sec(3),
  retryTimesWhenSendFailed: 2,
  retryTimesWhenSendAsyncFailed: 2,
  retryAnotherBrokerWhenNotStoreOK: false,
  sendLatencyFaultEnable: false,
  pullBatchSize: 32,
  consumeThreadMax: 20,
  pullThresholdForQueue: 1000,
  consumeConcurrentlyMaxSpan: 2000,
  pullDelayWhenFlowControlUs: ms(50),
  pullDelayWhenExceptionUs: sec(1),
  brokerSuspendMaxTimeUs: sec(15),
  pullRpcTimeoutUs: sec(30),
  offsetIllegalDelayUs: sec(10),
  maxReconsumeTimes: 16,
  consumeLaterDelayUs: sec(5),
  sendBackTimeoutUs: sec(5),
  offsetCommitTimeoutUs: sec(5),
  suspendCurrentQueueTimeUs: sec(1),
  lockIntervalUs: sec(20),
  lockMaxLiveTimeUs: sec(30),
  bugRetrySameBroker: false,
  bugCommitBeforeConsume: false,
  bugRebalanceOverlap: false,
  bugSharedClientId: false,
};

export type ClientBugSwitchName = 'client.retry-same-broker' | 'client.commit-before-consume' | 'client.rebalance-overlap' | 'client.shared-client-id';

export interface ClientBugSwitch {
  readonly name: ClientBugSwitchName;
  /** The ClientConfig flag that turns it on. */
  readonly flag: 'bugRetrySameBroker' | 'bugCommitBeforeConsume' | 'bugRebalanceOverlap' | 'bugSharedClientId';
  readonly description: string;
  /** The checker (and test) that catches it. */
  readonly caughtBy: string;
}

export const CLIENT_BUG_SWITCHES: readonly ClientBugSwitch[] = [
  {
    name: 'client.retry-same-broker',
    flag: 'bugRetrySameBroker',
    description: 'The producer retries a failed send on the same broker (no last-broker avoidance, no latency isolation), forever failing while that broker is down.',
    caughtBy: 'availability (send success ratio) in test/client/producer-e2e.test.ts',
  },
  {
    name: 'client.commit-before-consume',
    flag: 'bugCommitBeforeConsume',
    description: 'The consumer advances its offset when messages arrive, before they are consumed; a crash loses the backlog it held.',
    caughtBy: 'at-least-once in test/client/consumer-e2e.test.ts',
  },
  {
    name: 'client.rebalance-overlap',
    flag: 'bugRebalanceOverlap',
    description: 'Rebalance gives each instance its own block plus the next instance\'s first queue, so one queue has two owners and is consumed twice.',
    caughtBy: 'duplicates (max per group) on client-instance-crash in test/scenario/bug-switches.test.ts; attribution in test/client/consumer-e2e.test.ts',
  },
  {
    name: 'client.shared-client-id',
    flag: 'bugSharedClientId',
    description: 'Every consumer instance gets the same client id (one IP, instanceName DEFAULT turned into a pid that is 1 in every container): each finds itself first in the id list and they all take the same queues.',
    caughtBy: 'at-least-once (scenarios/incidents/duplicate-client-ids.yaml, apache/rocketmq#1589)',
  },
];

/** Turns on the client bug switches named in `bugs` (other layers' names are ignored). */
export function withClientBugs(config: ClientConfig, bugs: readonly string[]): ClientConfig {
  let out = config;
  for (const b of CLIENT_BUG_SWITCHES) if (bugs.includes(b.name)) out = { ...out, [b.flag]: true };
  return out;
}
