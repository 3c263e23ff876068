// Client constants: every default of the RocketMQ 4.9.7 Java client that the
// model uses (docs/model.md §5), each with the class it comes from, plus
// the client bug switches (deliberate deviations, off by default). The
// cluster builder applies scenario overrides by field name to
// DEFAULT_CLIENT_CONFIG (sim/cluster/overrides.ts); durations are microseconds.
import type { BugSwitch } from '../base/index.js';
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
  /**
   * Sends one producer instance keeps in progress at most; later arrivals queue and start as
   * sends finish, and one that waited its whole sendMsgTimeout fails as DefaultMQProducerImpl's
   * async path does ("DEFAULT ASYNC send call timeout", RemotingTooMuchRequestException).
   * Default NettyClientConfig.clientAsyncSemaphoreValue = 65535 (async permits per client);
   * a sync sender is bounded by its own thread pool: set the group's maxInFlight to its size.
   */
  readonly producerMaxInFlight: number;
  /**
   * Resolution of the workload clock: arrivals due within one tick start together, with one
   * timer event per tick. 1 ms, the resolution of Java's timers and of born timestamps.
   */
  readonly workloadTickUs: Micros;

  // ---- push consumer [R4 DPC] [R4 DPCI] [R4 CC] [R4 PQ] [R4 CMOS] ----
  /** DefaultMQPushConsumer.pullBatchSize = 32. */
  readonly pullBatchSize: number;
  /**
   * DefaultMQPushConsumer.consumeThreadMin = consumeThreadMax = 20 (4.x): the consume thread pool,
   * messages consumed at once per instance (a group's `threads` overrides it).
   */
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
  readonly bugFaultPickRewritesRoute: boolean;
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
  producerMaxInFlight: 65_535,
  workloadTickUs: ms(1),
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
  bugFaultPickRewritesRoute: false,
};

/** The ClientConfig fields that turn a client bug switch on. */
export type ClientBugFlag =
  | 'bugRetrySameBroker'
  | 'bugCommitBeforeConsume'
  | 'bugRebalanceOverlap'
  | 'bugSharedClientId'
  | 'bugFaultPickRewritesRoute';

export const CLIENT_BUG_SWITCHES: readonly BugSwitch<ClientBugFlag>[] = [
  {
    name: 'client.retry-same-broker',
    layer: 'client',
    flag: 'bugRetrySameBroker',
    description:
      'The producer retries a failed send on the same broker (no last-broker avoidance, no latency isolation), forever failing while that broker is down.',
    caughtBy: [{ expectation: 'availability', story: 'scenarios/classic-broker-killed.yaml' }],
  },
  {
    name: 'client.commit-before-consume',
    layer: 'client',
    flag: 'bugCommitBeforeConsume',
    description:
      'The consumer advances its offset when messages arrive, before they are consumed; a crash loses the backlog it held.',
    caughtBy: [{ expectation: 'at-least-once', story: 'scenarios/consumer-crash-backlog.yaml' }],
  },
  {
    name: 'client.rebalance-overlap',
    layer: 'client',
    flag: 'bugRebalanceOverlap',
    description:
      "Rebalance gives each instance its own block plus the next instance's first queue, so one queue has two owners and is consumed twice.",
    caughtBy: [{ expectation: 'duplicates', story: 'scenarios/consumers-share-queues.yaml' }],
  },
  {
    name: 'client.shared-client-id',
    layer: 'client',
    flag: 'bugSharedClientId',
    description:
      'Every consumer instance gets the same client id (one IP, instanceName DEFAULT turned into a pid that is 1 in every container): each finds itself first in the id list and they all take the same queues.',
    caughtBy: [{ expectation: 'at-least-once', story: 'scenarios/incidents/duplicate-client-ids.yaml' }],
  },
  {
    name: 'client.fault-pick-rewrites-route',
    layer: 'client',
    flag: 'bugFaultPickRewritesRoute',
    description:
      'With sendLatencyFaultEnable and every broker avoided, the producer rewrites a queue of its shared publish list to the broker it falls back to (apache/rocketmq#7779), so sends stay skewed after every broker recovers, until the route changes.',
    caughtBy: [{ expectation: 'send-spread', story: 'scenarios/incidents/latency-fault-skews-queues.yaml' }],
  },
];
