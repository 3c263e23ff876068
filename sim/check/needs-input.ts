// What the availability judge is given and what it gives back
// (availability-needs.ts): the drawn groups, the node outages the faults
// caused, the DLedger handovers and fault-explained elections, the graces the
// model's constants give, and the excused windows, each with its reason.
// Also the words for windows and graces.
import { formatDuration, formatTime, type Micros } from '../engine/index.js';

/** One group as the configuration drew it; members in brokerId / DLedger order (a classic master first). */
export interface NeedsGroup {
  readonly name: string;
  readonly mode: 'classic' | 'dledger';
  readonly brokerRole: 'ASYNC_MASTER' | 'SYNC_MASTER';
  readonly flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH';
  readonly members: readonly string[];
}

/** How a node was lost; `silent` when a send to it gets no answer (no RST) or an unaccepted one. */
export interface NodeOutage {
  readonly node: string;
  readonly fromUs: Micros;
  readonly toUs: Micros;
  /** "crash", "power-loss", "pause", "partition", "disk-full", "slow-disk". */
  readonly how: string;
  readonly silent: boolean;
  /** Only what a group's leader/master needs (slow disk under SYNC_FLUSH): does not cost a quorum member. */
  readonly masterOnly?: boolean;
}

export interface NeedsTimings {
  /** ClientConfig.pollNameServerInterval + DefaultMQProducer.sendMsgTimeout. */
  readonly routeGraceUs: Micros;
  /** The broker's registration period (a restarted NameServer has no routes until then). */
  readonly registrationUs: Micros;
  /** Bound on a DLedger election after its leader is lost: follower timeout plus two vote rounds. */
  readonly electionUs: Micros;
  /** DefaultMQProducer.sendMsgTimeout: a send started just before a recovery still fails within it. */
  readonly sendTimeoutUs: Micros;
  /** How long a master keeps waiting on a slave lost with no RST (HA housekeeping interval). */
  readonly haDetectUs: Micros;
  /** How long a slave back takes to reconnect and catch up (HA reconnect interval). */
  readonly haCatchUpUs: Micros;
}

/**
 * A DLedger leadership transfer to the group's preferred leader (§4.3): from the leader's start to the
 * transferee's taking over as master (completed) or the leader's giving up (not completed).
 */
export interface LeadershipTransfer {
  readonly group: string;
  readonly transferee: string;
  readonly fromUs: Micros;
  readonly toUs: Micros;
  readonly completed: boolean;
}

/**
 * A DLedger election an injected fault explains (election-causes.ts, the rule leader-changes counts by): from
 * the old leader's deposition (a member left its term, so it refuses the old leader's pushes) to the new
 * leader's taking writes as master.
 */
export interface FaultElection {
  readonly group: string;
  readonly node: string;
  readonly term: number;
  readonly fromUs: Micros;
  /** When the group had a master again (brokerId 0), at most the election bound after the election. */
  readonly masterUs: Micros;
  /** The fault, in words. */
  readonly cause: string;
}

export interface NeedsInput {
  readonly groups: readonly NeedsGroup[];
  readonly namesrvs: readonly string[];
  /** The instances of the producer group under check. */
  readonly producers: readonly string[];
  readonly outages: readonly NodeOutage[];
  /** Leadership transfers to preferred leaders the run made (none when no group has one). */
  readonly transfers?: readonly LeadershipTransfer[];
  /** Elections an injected fault explains (none when no group is DLedger). */
  readonly elections?: readonly FaultElection[];
  /** The group's acting master / DLedger leader at an instant (from its broker.role announcements). */
  readonly leaderAt: (group: string, atUs: Micros) => string | undefined;
  /** Times no instance of the producer group held a route with a writable group (availability-routes.ts). */
  readonly routeless?: readonly { readonly fromUs: Micros; readonly toUs: Micros }[];
  readonly needsSlave: boolean;
  readonly needsFastDisk: boolean;
  readonly timings: NeedsTimings;
  readonly endUs: Micros;
}

export interface ExcusedWindow {
  readonly fromUs: Micros;
  readonly toUs: Micros;
  /** Undefined: every send is excused; a group name: only sends that went to that group. */
  readonly group: string | undefined;
  readonly reason: string;
}

const span = (w: ExcusedWindow): string => `${formatTime(w.fromUs)}-${formatTime(w.toUs)}`;

/** "1m05.000s-1m38.000s, sends to broker-a: broker-a ...". */
export function describeWindow(w: ExcusedWindow): string {
  return `${span(w)}, ${w.group === undefined ? 'every send' : `sends to ${w.group}`}: ${w.reason}`;
}

/** Grace after each recovery, stated for reports. */
export function describeTimings(t: NeedsTimings): string {
  return `send budget ${formatDuration(t.sendTimeoutUs)}, route grace ${formatDuration(t.routeGraceUs)} (pollNameServerInterval + sendMsgTimeout), registration ${formatDuration(t.registrationUs)}, DLedger election bound ${formatDuration(t.electionUs)}, HA housekeeping ${formatDuration(t.haDetectUs)}`;
}
