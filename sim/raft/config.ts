// Defaults of the DLedger-style Raft, each with its source (style.md #20).
// Models io.openmessaging.storage.dledger.DLedgerConfig at dledger 0.3.1.2
// (docs/model.md §4.1). Durations are integer microseconds, units last.
// Scenarios override fields by name through a partial (resolveRaftConfig).
import type { PeerId } from './types.js';

/** Deliberate, documented deviations (off by default); see bugs.ts for the catalog. */
export interface RaftBugs {
  /** Vote replies go out without the vote being written to `currterm` (memory only). */
  readonly voteWithoutPersist: boolean;
  /** The leader commits by counting replicas even for entries of earlier terms (Raft Figure 8). */
  readonly commitOldTermByCount: boolean;
  /** A leader that sees a higher term adopts it but stays leader. */
  readonly leaderIgnoresHigherTerm: boolean;
  /** A follower answers COMPARE with SUCCESS without comparing, and appends without checking the previous entry. */
  readonly followerSkipsConsistencyCheck: boolean;
  /** A member whose disk fills stops answering anything until its process restarts (rmqsim before issue 14). */
  readonly diskFullFencesMember: boolean;
  /** A wall-clock jump forward leaves the member's deadlines where they were (rmqsim before issue 14). */
  readonly ignoreClockJump: boolean;
  /** The preferred-leader check hands leadership to a member that answers pushes with DISK_FULL (openmessaging/dledger#287). */
  readonly transferToFullDisk: boolean;
  /** A REJECT_ALREADY_HAS_LEADER answer does not hold the candidate back: it votes again in a higher term (before openmessaging/dledger#25). */
  readonly revoteNextTermDespiteLeader: boolean;
}

/**
 * The switches that break Raft's safety on purpose (two leaders in a term, a committed entry overwritten).
 * With one on, the log invariants core.ts and follower.ts assert (terms never decrease, truncation never
 * reaches a committed entry) become findings for the raft-safety checker, not simulator bugs.
 */
export const breaksLogSafety = (b: RaftBugs): boolean =>
  b.voteWithoutPersist || b.commitOldTermByCount || b.leaderIgnoresHigherTerm || b.followerSkipsConsistencyCheck;

export const NO_RAFT_BUGS: RaftBugs = {
  voteWithoutPersist: false,
  commitOldTermByCount: false,
  leaderIgnoresHigherTerm: false,
  followerSkipsConsistencyCheck: false,
  diskFullFencesMember: false,
  ignoreClockJump: false,
  transferToFullDisk: false,
  revoteNextTermDespiteLeader: false,
};

export interface RaftConfig {
  /** DLedgerConfig.heartBeatTimeIntervalMs = 2000: leader heartbeat period and heartbeat round wait. */
  readonly heartbeatIntervalUs: number;
  /** DLedgerConfig.maxHeartBeatLeak = 3: follower timeout and leader step-down = leak x interval (6 s). */
  readonly maxHeartbeatLeak: number;
  /** DLedgerConfig.minVoteIntervalMs = 300: lower bound of the random vote back-off. */
  readonly minVoteIntervalUs: number;
  /** DLedgerConfig.maxVoteIntervalMs = 1000: upper bound of the back-off; also the vote wait jitter and the +1 s penalty. */
  readonly maxVoteIntervalUs: number;
  /** DLedgerLeaderElector: a vote round waits 2000 ms + rand(maxVoteIntervalMs). */
  readonly voteWaitBaseUs: number;
  /** DLedgerConfig.maxWaitAckTimeMs = 2500: an append waits this long for its quorum ack. */
  readonly maxWaitAckTimeUs: number;
  /** DLedgerConfig.maxPendingRequestsNum = 10000: pending appends before LEADER_PENDING_FULL. */
  readonly maxPendingRequests: number;
  /** DLedgerConfig.maxPushTimeOutMs = 1000: an unacked push is re-sent after this; idle commit push period. */
  readonly maxPushTimeoutUs: number;
  /** DLedgerEntryPusher: entries per APPEND push (dledger 0.3 pushes one entry per request, pipelined). */
  readonly maxPushBatchEntries: number;
  /** DLedgerEntryPusher.maxPendingSize = 1000: unacked APPEND pushes in flight per follower. */
  readonly maxInflightPushes: number;
  /** DLedgerConfig.preferredLeaderIds (broker preferredLeaderId); empty = no preferred leader. */
  readonly preferredLeaderIds: readonly PeerId[];
  /** DLedgerConfig.maxLeadershipTransferWaitIndex = 1000: a transferee must be this close to the leader's end. */
  readonly maxLeadershipTransferWaitIndex: number;
  /** DLedgerConfig.minTakeLeadershipVoteIntervalMs = 30. */
  readonly minTakeLeadershipVoteIntervalUs: number;
  /** DLedgerConfig.maxTakeLeadershipVoteIntervalMs = 100. */
  readonly maxTakeLeadershipVoteIntervalUs: number;
  /** DLedgerServer.checkPreferredLeader runs every 1000 ms on the leader. */
  readonly preferredLeaderCheckIntervalUs: number;
  /** DLedgerConfig.flushFileInterval = 10 ms: the store's flush loop (page cache -> disk). */
  readonly flushIntervalUs: number;
  /**
   * DLedgerLeaderElector.StateMaintainer sleeps 10 ms between passes: a leader starts its next heartbeat
   * round on the first pass after more than heartBeatTimeIntervalMs, i.e. about 2010 ms after the last.
   */
  readonly stateMaintainerIntervalUs: number;
  /** Followers (and the leader's own count) ack only after fsync. DLedger acks from page cache: false. */
  readonly ackAfterFsync: boolean;
  /** [deviation] A new leader appends a no-op entry so it can commit earlier-term entries (§5.4.2); DLedger does not. */
  readonly appendNoopOnElection: boolean;
  /** Width of an entry's numeric payload (the broker encodes message metadata as a few numbers). */
  readonly payloadFields: number;
  /** Bytes of a heartbeat or vote message on the wire (DLedger RPC frame, approximate). */
  readonly controlMessageBytes: number;
  /**
   * [derived] How often a member silenced by a failed write looks for free space again. DLedger checks the
   * disk before each append (DLedgerMmapFileStore.isDiskFull) and never goes silent; this covers only the
   * writes the driver cannot check first (a new leader's no-op, a longer currterm).
   */
  readonly diskFullRetryUs: number;
  /** [derived] Free bytes the disk must have before such a member reloads itself (1 MiB). */
  readonly diskFullResumeBytes: number;
  readonly bugs: RaftBugs;
}

export const DEFAULT_RAFT_CONFIG: RaftConfig = {
  heartbeatIntervalUs: 2_000_000,
  maxHeartbeatLeak: 3,
  minVoteIntervalUs: 300_000,
  maxVoteIntervalUs: 1_000_000,
  voteWaitBaseUs: 2_000_000,
  maxWaitAckTimeUs: 2_500_000,
  maxPendingRequests: 10_000,
  maxPushTimeoutUs: 1_000_000,
  maxPushBatchEntries: 1,
  maxInflightPushes: 1_000,
  preferredLeaderIds: [],
  maxLeadershipTransferWaitIndex: 1_000,
  minTakeLeadershipVoteIntervalUs: 30_000,
  maxTakeLeadershipVoteIntervalUs: 100_000,
  preferredLeaderCheckIntervalUs: 1_000_000,
  flushIntervalUs: 10_000,
  stateMaintainerIntervalUs: 10_000,
  ackAfterFsync: false,
  appendNoopOnElection: true,
  payloadFields: 2,
  controlMessageBytes: 64,
  diskFullRetryUs: 1_000_000,
  diskFullResumeBytes: 1 << 20,
  bugs: NO_RAFT_BUGS,
};

export type RaftConfigOverrides = Partial<Omit<RaftConfig, 'bugs'>> & { readonly bugs?: Partial<RaftBugs> };

/** Defaults with overrides applied; bugs merge field by field. */
export function resolveRaftConfig(overrides: RaftConfigOverrides = {}): RaftConfig {
  const { bugs, ...rest } = overrides;
  return { ...DEFAULT_RAFT_CONFIG, ...rest, bugs: { ...NO_RAFT_BUGS, ...bugs } };
}

/** Follower heartbeat timeout and leader step-down: maxHeartBeatLeak x heartBeatTimeIntervalMs. */
export const electionTimeoutUs = (c: RaftConfig): number => c.maxHeartbeatLeak * c.heartbeatIntervalUs;
