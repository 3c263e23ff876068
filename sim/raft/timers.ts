// Names of the core's timers. DLedger's 10 ms state-maintainer loop becomes
// exact deadlines (style.md #4); every name is prefixed "raft:" so an
// embedding node can route its timers.

/** Follower: no heartbeat from the leader for maxHeartBeatLeak x interval. */
export const T_HEARTBEAT_TIMEOUT = 'raft:heartbeat-timeout';
/** Candidate: nextTimeToRequestVote reached. */
export const T_VOTE = 'raft:vote';
/** Candidate: a vote round's wait (2000 + rand(1000) ms) elapsed. */
export const T_VOTE_WAIT = 'raft:vote-wait';
/** Leader: time for the next heartbeat round. */
export const T_HEARTBEAT = 'raft:heartbeat';
/** Leader: the oldest pending append reaches maxWaitAckTimeMs. */
export const T_ACK_TIMEOUT = 'raft:ack-timeout';
/** Leader: checkPreferredLeader period. */
export const T_PREFERRED = 'raft:preferred';
/** Leader: a leadership transfer gives up. */
export const T_TRANSFER = 'raft:transfer';
/** Driver: a member silenced by a failed write looks for free disk space again. */
export const T_DISK_RETRY = 'raft:disk-retry';
/** Driver: the store's flush loop (flushFileInterval). */
export const T_FLUSH = 'raft:flush';
/**
 * Leader: the per-follower dispatchers' periodic check (re-push unacked, idle commit push). One timer
 * serves every follower, due at the earliest follower's check (PeerProgress.checkAtUs): followers checked
 * at the same instant (always, while idle) take one timer firing instead of one each.
 */
export const T_PUSH = 'raft:push';

/** Every timer name of sim/raft: the core's and the driver's. */
export type RaftTimer =
  | typeof T_HEARTBEAT_TIMEOUT
  | typeof T_VOTE
  | typeof T_VOTE_WAIT
  | typeof T_HEARTBEAT
  | typeof T_ACK_TIMEOUT
  | typeof T_PREFERRED
  | typeof T_TRANSFER
  | typeof T_DISK_RETRY
  | typeof T_FLUSH
  | typeof T_PUSH;

/** True for names sim/raft set (all start with "raft:"); an unknown one then fails in dispatchTimer. */
export const isRaftTimer = (name: string): name is RaftTimer => name.startsWith('raft:');

/**
 * Every timer name of sim/raft, each at its place in per-timer arrays (timerSlot). The most frequent first
 * (an idle group's push check, heartbeat round and follower timeout): timerSlot scans the list.
 */
export const RAFT_TIMERS: readonly RaftTimer[] = [
  T_PUSH,
  T_HEARTBEAT,
  T_HEARTBEAT_TIMEOUT,
  T_VOTE,
  T_VOTE_WAIT,
  T_ACK_TIMEOUT,
  T_PREFERRED,
  T_TRANSFER,
  T_DISK_RETRY,
  T_FLUSH,
];

/**
 * The place of `name` in RAFT_TIMERS, -1 for a name not of sim/raft. Ten constant strings: a scan, no hashing
 * as a Map's would; a loop of `===`, which TurboFan compiles to reference compares of the constant
 * (internalized) names, where Array.indexOf was a builtin call per timer request and firing.
 */
export function timerSlot(name: string): number {
  for (let i = 0; i < RAFT_TIMERS.length; i++) if (RAFT_TIMERS[i] === name) return i;
  return -1;
}
