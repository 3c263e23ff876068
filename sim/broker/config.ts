// Broker configuration: the knobs of BrokerConfig and MessageStoreConfig that
// rmqsim models, with RocketMQ 4.9.7 defaults. Every constant carries its
// source (a §-number of docs/model.md and the real class) and can
// be overridden per scenario through `resolveBrokerConfig`'s deep-partial.
// Mirrors [R4 BCFG] BrokerConfig, [R4 MSC] MessageStoreConfig, [R4 BS] BrokerStartup.
import { ms, sec, type Micros, type NodeId } from '../engine/index.js';
import type { TopicConfig } from '../protocol/index.js';
import { NO_BROKER_BUGS, type BrokerBugSwitches } from './bug-switches.js';

export type BrokerRole = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';
export type FlushDiskType = 'ASYNC_FLUSH' | 'SYNC_FLUSH';

/** Classic master/slave mode: a fixed role and id (§1.1: masters are id 0, slaves > 0). */
export interface ClassicMode {
  readonly kind: 'classic';
  readonly brokerRole: BrokerRole;
  readonly brokerId: number;
}

/** DLedger mode (§4.1): the commit log is a Raft log; the role comes from the election. */
export interface DLedgerMode {
  readonly kind: 'dledger';
  /** dLegerGroup; by convention the brokerName. */
  readonly group: string;
  /** Node ids of every member in member-index order (n0, n1, n2, ...). */
  readonly peers: readonly NodeId[];
  /** Index of this node in `peers` (dLegerSelfId nX); a follower registers as id X+1 (§4.4). */
  readonly selfIndex: number;
}

export type BrokerMode = ClassicMode | DLedgerMode;

/** Timers and limits. All durations in microseconds; names carry the unit last. */
export interface BrokerTimings {
  /** §3.1 [R4 BC]: first periodic registration after 10 s. */
  readonly registerInitialDelayUs: Micros;
  /** §3.1 [R4 BCFG] registerNameServerPeriod = 30 s, clamped to [10 s, 60 s]. */
  readonly registerNameServerPeriodUs: Micros;
  /** §3.1 [R4 BCFG] registerBrokerTimeoutMills = 6 s (4.9.7). */
  readonly registerBrokerTimeoutUs: Micros;
  /** §3.4 [R4 MSC] haSendHeartbeatInterval = 5 s: slave offset report / master idle frame. */
  readonly haSendHeartbeatIntervalUs: Micros;
  /** §3.4 [R4 MSC] haHousekeepingInterval = 20 s without traffic closes the HA link. */
  readonly haHousekeepingIntervalUs: Micros;
  /** §3.4 [R4 HAS] a disconnected HAClient retries every 5 s. */
  readonly haReconnectIntervalUs: Micros;
  /** §3.4 [R4 MSC] haSlaveFallbehindMax = 256 MiB: a slave further behind is "not available". */
  readonly haSlaveFallbehindMaxBytes: number;
  /** §3.4 [R4 HAC] transfer batch size, 32 KiB. */
  readonly haTransferBatchBytes: number;
  /** §3.4 [R4 MSC] syncFlushTimeout/slaveTimeout = 3 s: SYNC_MASTER wait for the slave's ack. */
  readonly slaveTimeoutUs: Micros;
  /** §3.9 [R4 BCFG] flushConsumerOffset(Interval) = 5 s. */
  readonly consumerOffsetFlushPeriodUs: Micros;
  /** §3.9 [R4 BC] SlaveSynchronize period 10 s. */
  readonly slaveSyncIntervalUs: Micros;
  /** §3.9 [R4 BC] SlaveSynchronize initial delay 3 s. */
  readonly slaveSyncInitialDelayUs: Micros;
  /** RPC timeout of SlaveSynchronize requests ([R4 BOA] 3 s). */
  readonly slaveSyncTimeoutUs: Micros;
  /** §3.7 [R4 PRHS] long-poll re-check period 5 s. */
  readonly longPollingCheckIntervalUs: Micros;
  /** §3.7 client suspendTimeoutMillis upper bound honoured by the broker, 15 s. */
  readonly longPollingMaxSuspendUs: Micros;
  /** §3.8 [R4 CM] channel expiry 120 s. */
  readonly clientChannelExpiryUs: Micros;
  /** §3.8 [R4 CHS] expiry scan every 10 s. */
  readonly clientScanIntervalUs: Micros;
  /** §3.10 [R4 SMS] schedule service re-poll of a delay level, ~100 ms. */
  readonly scheduleTickUs: Micros;
  /** §3.10 [R4 SMS] first schedule run 1 s after start. */
  readonly scheduleInitialDelayUs: Micros;
  /** §3.10 [R4 SMS] flushDelayOffset(Interval) = 10 s. */
  readonly delayOffsetFlushPeriodUs: Micros;
  /** §4.4 [R4 DRCH] a new leader polls every 100 ms until committed == ledger end. */
  readonly dledgerReadyPollUs: Micros;
}

/**
 * The capacity model: one FIFO per request kind, one server each (§3.2 BrokerFastFailure).
 * One server because the CommitLog append is serialized by putMessageLock (a spin lock by
 * default since 4.0, which is why [R4 BCFG] sendMessageThreadPoolNums defaults to 1 in 4.x;
 * 5.x uses min(cores, 4) threads around the same lock).
 */
export interface BrokerCapacity {
  /**
   * Service time of one SEND_MESSAGE; 0 = infinite capacity. Default 40 us = 25,000 sends/s per
   * broker group [derived]: published single-master stress tests with RocketMQ's
   * benchmark/producer.sh reach tens of thousands of 1 KB sends/s, and the seeds' sizing example
   * puts 20,000 QPS on each of 5 brokers (docs/seeds.md), which this serves at 80% load.
   */
  readonly sendServiceTimeUs: Micros;
  /** Service time of one PULL_MESSAGE [derived: pulls run on 16 + 2 x cores threads, far from the bottleneck]. 0 = infinite. */
  readonly pullServiceTimeUs: Micros;
  /** §3.2 [R4 BCFG] waitTimeMillsInSendQueue = 200 ms, then SYSTEM_BUSY. */
  readonly sendQueueWaitLimitUs: Micros;
  /** [R4 BCFG] waitTimeMillsInPullQueue = 5 s, then SYSTEM_BUSY. */
  readonly pullQueueWaitLimitUs: Micros;
  /** [R4 BCFG] sendThreadPoolQueueCapacity = 10000: a full send queue rejects at once ([OVERLOAD] SYSTEM_BUSY). */
  readonly sendQueueCapacity: number;
  /** [R4 BCFG] pullThreadPoolQueueCapacity = 100000. */
  readonly pullQueueCapacity: number;
  /**
   * Threads serving pulls: [R4 BCFG] pullMessageThreadPoolNums = 16 + 2 x availableProcessors, 32 on an
   * 8-core broker host. Each holds a pull for pullServiceTimeUs, so a burst of pulls (every held pull
   * woken by one dispatch) is served at once, not one after another. Sends keep one server: the
   * CommitLog append is serialized by putMessageLock whatever sendMessageThreadPoolNums is.
   */
  readonly pullThreads: number;
}

export interface BrokerConfig {
  /** §1.1 brokerClusterName, default DefaultCluster. */
  readonly brokerClusterName: string;
  /** §1.1 the group name, e.g. broker-a. */
  readonly brokerName: string;
  readonly mode: BrokerMode;
  /** §3.3 [R4 MSC] flushDiskType, default ASYNC_FLUSH. */
  readonly flushDiskType: FlushDiskType;
  /** NameServer node ids (namesrvAddr). */
  readonly namesrvAddrs: readonly NodeId[];
  /** Topics configured on this broker at start. */
  readonly topics: readonly TopicConfig[];
  /** [R4 BCFG] autoCreateTopicEnable, default true: a send to an unknown topic creates it. */
  readonly autoCreateTopicEnable: boolean;
  /**
   * Queues of an auto-created topic: [R4 broker/topic/TopicConfigManager.createTopicInSendMessageMethod]
   * takes min(client defaultTopicQueueNums = 4, TBW102's writeQueueNums = 8) = 4.
   */
  readonly defaultTopicQueueNums: number;
  /** §3.7 [R4 BCFG] slaveReadEnable, default false. */
  readonly slaveReadEnable: boolean;
  /** §3.7 [R4 SGC] whichBrokerWhenConsumeSlowly, default 1. */
  readonly whichBrokerWhenConsumeSlowly: number;
  /** §3.7 [R4 BCFG] longPollingEnable, default true. */
  readonly longPollingEnable: boolean;
  /** §3.10 [R4 SGC] retryMaxTimes = 16 (the client's maxReconsumeTimes usually wins). */
  readonly maxReconsumeTimes: number;
  /** §3.10 [R4 MSC] messageDelayLevel "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h". */
  readonly delayLevelsUs: readonly Micros[];
  readonly timings: BrokerTimings;
  readonly capacity: BrokerCapacity;
  readonly bugs: BrokerBugSwitches;
}

const MIB = 1024 * 1024;

/** §3.10 [R4 MSC] messageDelayLevel. */
export const DEFAULT_DELAY_LEVELS_US: readonly Micros[] = [
  sec(1),
  sec(5),
  sec(10),
  sec(30),
  sec(60),
  sec(120),
  sec(180),
  sec(240),
  sec(300),
  sec(360),
  sec(420),
  sec(480),
  sec(540),
  sec(600),
  sec(1200),
  sec(1800),
  sec(3600),
  sec(7200),
];

export const DEFAULT_BROKER_TIMINGS: BrokerTimings = {
  registerInitialDelayUs: sec(10),
  registerNameServerPeriodUs: sec(30),
  registerBrokerTimeoutUs: sec(6),
  haSendHeartbeatIntervalUs: sec(5),
  haHousekeepingIntervalUs: sec(20),
  haReconnectIntervalUs: sec(5),
  haSlaveFallbehindMaxBytes: 256 * MIB,
  haTransferBatchBytes: 32 * 1024,
  slaveTimeoutUs: sec(3),
  consumerOffsetFlushPeriodUs: sec(5),
  slaveSyncIntervalUs: sec(10),
  slaveSyncInitialDelayUs: sec(3),
  slaveSyncTimeoutUs: sec(3),
  longPollingCheckIntervalUs: sec(5),
  longPollingMaxSuspendUs: sec(15),
  clientChannelExpiryUs: sec(120),
  clientScanIntervalUs: sec(10),
  scheduleTickUs: ms(100),
  scheduleInitialDelayUs: sec(1),
  delayOffsetFlushPeriodUs: sec(10),
  dledgerReadyPollUs: ms(100),
};

export const DEFAULT_BROKER_CAPACITY: BrokerCapacity = {
  sendServiceTimeUs: 40,
  pullServiceTimeUs: 50,
  sendQueueWaitLimitUs: ms(200),
  pullQueueWaitLimitUs: sec(5),
  sendQueueCapacity: 10_000,
  pullQueueCapacity: 100_000,
  pullThreads: 32,
};

/** What a scenario may leave out; identity and mode are always given. */
export type BrokerConfigInput = Pick<BrokerConfig, 'brokerName' | 'mode' | 'namesrvAddrs'> &
  Partial<Omit<BrokerConfig, 'brokerName' | 'mode' | 'namesrvAddrs' | 'timings' | 'capacity' | 'bugs'>> & {
    readonly timings?: Partial<BrokerTimings>;
    readonly capacity?: Partial<BrokerCapacity>;
    readonly bugs?: Partial<BrokerBugSwitches>;
  };

/** Fills every default of a broker's configuration (the typed deep-partial of style.md #20). */
export function resolveBrokerConfig(input: BrokerConfigInput): BrokerConfig {
  return {
    brokerClusterName: input.brokerClusterName ?? 'DefaultCluster',
    brokerName: input.brokerName,
    mode: input.mode,
    flushDiskType: input.flushDiskType ?? 'ASYNC_FLUSH',
    namesrvAddrs: input.namesrvAddrs,
    topics: input.topics ?? [],
    autoCreateTopicEnable: input.autoCreateTopicEnable ?? true,
    defaultTopicQueueNums: input.defaultTopicQueueNums ?? 4,
    slaveReadEnable: input.slaveReadEnable ?? false,
    whichBrokerWhenConsumeSlowly: input.whichBrokerWhenConsumeSlowly ?? 1,
    longPollingEnable: input.longPollingEnable ?? true,
    maxReconsumeTimes: input.maxReconsumeTimes ?? 16,
    delayLevelsUs: input.delayLevelsUs ?? DEFAULT_DELAY_LEVELS_US,
    timings: { ...DEFAULT_BROKER_TIMINGS, ...input.timings },
    capacity: { ...DEFAULT_BROKER_CAPACITY, ...input.capacity },
    bugs: { ...NO_BROKER_BUGS, ...input.bugs },
  };
}

/** §3.1 [R4 BC]: period = max(10 s, min(registerNameServerPeriod, 60 s)). */
export function registrationPeriodUs(t: BrokerTimings): Micros {
  return Math.max(sec(10), Math.min(t.registerNameServerPeriodUs, sec(60)));
}
