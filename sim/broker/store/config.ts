// Message-store configuration: the knobs of RocketMQ's MessageStoreConfig
// that rmqsim models, with 4.9.7 defaults (docs/model.md §3.2, §3.3, §6).
// Mapped-file sizes are irrelevant here: the simulated disk has no files to
// roll, only append-only logs. Every default names its source.
// Mirrors [R4 MSC] org.apache.rocketmq.store.config.MessageStoreConfig.
import { ms, sec, type Micros } from '../../engine/index.js';

export type StoreFlushDiskType = 'ASYNC_FLUSH' | 'SYNC_FLUSH';
/** The store's view of the broker role (same names as BrokerRole in the broker config). */
export type StoreBrokerRole = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

export interface StoreConfig {
  /** [R4 MSC] flushDiskType, default ASYNC_FLUSH (§3.3). */
  readonly flushDiskType: StoreFlushDiskType;
  /** [R4 MSC] brokerRole, default ASYNC_MASTER; a SLAVE store refuses puts (§3.2). Changeable at run time. */
  readonly brokerRole: StoreBrokerRole;
  /** [R4 MSC] flushIntervalCommitLog = 500 ms: FlushRealTimeService's sleep (ASYNC_FLUSH). */
  readonly flushIntervalCommitLogUs: Micros;
  /** [R4 MSC] flushCommitLogLeastPages = 4: flush only when >= 4 dirty pages... */
  readonly flushCommitLogLeastPages: number;
  /** ...of OS_PAGE_SIZE = 4 KiB [R4 MappedFile.OS_PAGE_SIZE]. */
  readonly osPageSizeBytes: number;
  /** [R4 MSC] flushCommitLogThoroughInterval = 10 s: flush regardless of dirty size. */
  readonly flushCommitLogThoroughIntervalUs: Micros;
  /** [R4 CL GroupCommitService] waits 10 ms between group commits (SYNC_FLUSH). */
  readonly groupCommitIntervalUs: Micros;
  /** [R4 MSC] syncFlushTimeout = 5 s: a SYNC_FLUSH put still unflushed then gets FLUSH_DISK_TIMEOUT [R4 FDW]. */
  readonly syncFlushTimeoutUs: Micros;
  /** [R4 CL GroupCommitService.doCommit] flush attempts per group commit before giving up (2). */
  readonly groupCommitFlushAttempts: number;
  /** [R4 MSC] flushIntervalConsumeQueue = 1 s. */
  readonly flushIntervalConsumeQueueUs: Micros;
  /** [R4 MSC] flushConsumeQueueLeastPages = 2. */
  readonly flushConsumeQueueLeastPages: number;
  /** [R4 MSC] flushConsumeQueueThoroughInterval = 60 s. */
  readonly flushConsumeQueueThoroughIntervalUs: Micros;
  /** [R4 MSC] maxMessageSize = 4 MiB: a larger body is MESSAGE_ILLEGAL. */
  readonly maxMessageSizeBytes: number;
  /** [R4 MSC] accessMessageInMemoryMaxRatio = 40 (%): beyond it a pull suggests the slave (§3.2). */
  readonly accessMessageInMemoryMaxRatio: number;
  /** [R4 StoreUtil.TOTAL_PHYSICAL_MEMORY_SIZE] the host's RAM; rmqsim default 16 GiB [derived]. */
  readonly physicalMemoryBytes: number;
  /** [R4 MSC] offsetCheckInSlave = false: a slave does not correct a consumer's bad offset (§3.7). */
  readonly offsetCheckInSlave: boolean;
  /** [R4 MSC] maxTransferCountOnMessageInMemory = 32: messages per pull when the data is in memory. */
  readonly maxTransferCountOnMessageInMemory: number;
  /** [R4 MSC] maxTransferBytesOnMessageInMemory = 256 KiB per pull when in memory. */
  readonly maxTransferBytesOnMessageInMemory: number;
  /** [R4 MSC] maxTransferCountOnMessageInDisk = 8: messages per pull when the data is cold. */
  readonly maxTransferCountOnMessageInDisk: number;
  /** [R4 MSC] maxTransferBytesOnMessageInDisk = 64 KiB per pull when cold. */
  readonly maxTransferBytesOnMessageInDisk: number;
}

export const DEFAULT_STORE_CONFIG: StoreConfig = {
  flushDiskType: 'ASYNC_FLUSH',
  brokerRole: 'ASYNC_MASTER',
  flushIntervalCommitLogUs: ms(500),
  flushCommitLogLeastPages: 4,
  osPageSizeBytes: 4 * KIB,
  flushCommitLogThoroughIntervalUs: sec(10),
  groupCommitIntervalUs: ms(10),
  syncFlushTimeoutUs: sec(5),
  groupCommitFlushAttempts: 2,
  flushIntervalConsumeQueueUs: sec(1),
  flushConsumeQueueLeastPages: 2,
  flushConsumeQueueThoroughIntervalUs: sec(60),
  maxMessageSizeBytes: 4 * MIB,
  accessMessageInMemoryMaxRatio: 40,
  physicalMemoryBytes: 16 * GIB,
  offsetCheckInSlave: false,
  maxTransferCountOnMessageInMemory: 32,
  maxTransferBytesOnMessageInMemory: 256 * KIB,
  maxTransferCountOnMessageInDisk: 8,
  maxTransferBytesOnMessageInDisk: 64 * KIB,
};

/** Fills the defaults of a partial store configuration (scenario overrides). */
export function resolveStoreConfig(input: Partial<StoreConfig> = {}): StoreConfig {
  return { ...DEFAULT_STORE_CONFIG, ...input };
}
