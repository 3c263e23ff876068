// What one run of a scenario produces: verdicts, figures, the trace hash and
// the material reports draw (timeline, node tracks, fault intervals, send
// series). Plain JSON-safe data, so a sweep worker can post it to the main
// thread and report.json can hold it whole.
import type { Micros } from '../engine/index.js';
import type { InjectedFault, Violation } from '../check/index.js';
import type { FinishedSendOutcome } from '../protocol/index.js';
import type { Phrase } from '../i18n/index.js';
import type { AdminSnapshot } from '../cluster/index.js';
import type { TrafficCounts } from './traffic.js';
import type { DrawnConfig } from './swarm.js';
import type { OwnershipChange, RouteTableChange } from './state-recorder.js';
import type { ExpectMode } from './types.js';

export interface ExpectationVerdict {
  /** Stable name, e.g. "availability(order-system)". */
  readonly name: string;
  /** The checker's name, e.g. "no-acked-loss". */
  readonly checker: string;
  readonly expect: ExpectMode;
  /** Whether the expectation is met (for `expect: break`, the checker must have found a violation). */
  readonly ok: boolean;
  readonly detail: string;
  readonly violations: readonly Violation[];
  readonly notes: readonly string[];
  /** The notes written from catalogue phrases (sim/i18n), told in any language; absent in older report.json files. */
  readonly notePhrases?: readonly Phrase[];
  readonly figures: Readonly<Record<string, number>>;
}

export type TimelineSource = 'fault' | 'lifecycle' | 'event';

export interface TimelineEntry {
  readonly atUs: Micros;
  /** The node (or host, or "-" for cluster-wide faults) the entry is about. */
  readonly node: string;
  readonly source: TimelineSource;
  /** Event kind ("raft.role", "crash", "partition", ...). */
  readonly kind: string;
  /** One line that says what happened and why (English, canonical). */
  readonly text: string;
  /** The same line in Chinese (sim/i18n); never hashed. */
  readonly zh: string;
  /** Decisions and faults; minor entries are shown only with --verbose. */
  readonly major: boolean;
}

export type NodeState = 'up' | 'down' | 'paused';

export interface NodeSegment {
  readonly fromUs: Micros;
  readonly toUs: Micros;
  readonly state: NodeState;
  /** The role last announced by the node ("LEADER", "SYNC_MASTER", "SLAVE", ...); "" when none. */
  readonly role: string;
}

export interface NodeTrack {
  readonly node: string;
  /** namesrv, broker, producer, consumer, or other. */
  readonly kind: string;
  readonly segments: readonly NodeSegment[];
}

/** A fault of the run for the report: the judges' InjectedFault (its endUs undefined when never undone, e.g. a crash without `for`) with its words. */
export interface FaultInterval extends InjectedFault {
  readonly detail: string;
  readonly random: boolean;
}

export interface SendBucketSummary {
  readonly startUs: Micros;
  readonly acked: number;
  readonly failed: number;
  readonly unknown: number;
  /** Latency percentiles of the bucket's acknowledged sends; 0 when none. */
  readonly p50Us: Micros;
  readonly p99Us: Micros;
}

/** Sends by final status, every finished status listed (0 when none), in report order. */
export type SendStatusCounts = Readonly<Record<FinishedSendOutcome, number>>;

/** One producer group's sends over the run. */
export interface GroupSends {
  readonly group: string;
  /** Stored by a broker: any of SEND_OK and the three "stored, but" statuses (see `statuses`). */
  readonly acked: number;
  readonly failed: number;
  readonly unknown: number;
  /** Messages the workload offered (every arrival, whatever became of it). */
  readonly offered: number;
  /** Every finished send by status (issue 10 row 5): SEND_OK apart from the statuses that are not. */
  readonly statuses: SendStatusCounts;
  /** Sends still waiting for an answer when the run ended (offered = every status + pending). */
  readonly pending: number;
  /** Offered messages per second over the group's sending window (`sendingFromUs` to `sendingToUs`). */
  readonly offeredPerSecond: number;
  /**
   * The achieved rate: acknowledged sends per second from the window's start to its end or to the last
   * acknowledgement (`lastAckUs`), whichever is later. A client that cannot keep up acks after its window
   * and shows it here (below offeredPerSecond), where acked / window alone would equal the offered rate.
   */
  readonly ackedPerSecond: number;
  /** The group's sending window: its `start`, and its `stop` or the end of the run (absent in older report.json files). */
  readonly sendingFromUs?: Micros;
  readonly sendingToUs?: Micros;
  /** When the group's last acknowledged send completed; absent when none was acknowledged. */
  readonly lastAckUs?: Micros;
}

export interface SendSeries {
  readonly groups: readonly GroupSends[];
  readonly bucketUs: Micros;
  readonly buckets: readonly SendBucketSummary[];
  /** Latency percentiles of every acknowledged send of the run. */
  readonly percentiles: readonly { readonly p: number; readonly us: Micros }[];
}

export interface RunResult {
  readonly scenario: string;
  readonly file: string;
  readonly description: string;
  /** The scenario told in plain words (rmqsim explain). */
  readonly explanation: readonly string[];
  readonly seed: number;
  readonly bugs: readonly string[];
  /** Digest of the validated scenario, so a replay can tell the file changed. */
  readonly scenarioDigest: string;
  readonly traceHash: string;
  readonly simulatedMs: number;
  /** Kernel events processed. */
  readonly events: number;
  readonly ok: boolean;
  readonly expectations: readonly ExpectationVerdict[];
  readonly stats: Readonly<Record<string, number>>;
  readonly faults: readonly FaultInterval[];
  readonly timeline: readonly TimelineEntry[];
  /** Entries left out of `timeline` because of its cap. */
  readonly timelineDropped: number;
  readonly nodes: readonly NodeTrack[];
  readonly sends: SendSeries;
  /** Consumptions per consumer group (a re-delivery counts again; failed = RECONSUME_LATER). */
  readonly consumption: readonly ConsumptionSummary[];
  /** The configuration this seed drew, when the scenario has a `swarm:` block. */
  readonly drawn?: DrawnConfig;
  /** Material for the replay viewer (not in report.json): mqadmin samples and traffic counts, when asked for. */
  readonly replay?: ReplayMaterial;
}

export interface ReplayMaterial {
  /** 0 when no samples were taken. */
  readonly adminSampleUs: Micros;
  readonly admin: readonly AdminSnapshot[];
  readonly traffic: TrafficCounts | undefined;
  readonly routes: readonly RouteTableChange[];
  readonly owners: readonly OwnershipChange[];
}

export interface ConsumptionSummary {
  readonly group: string;
  readonly total: number;
  readonly failed: number;
  /**
   * The group's backlog when the run ended: mqadmin consumerProgress's Diff Total (broker offsets less
   * committed offsets, retry queue included). Absent when no NameServer answered at the end (mqadmin
   * could not tell either) and in older report.json files.
   */
  readonly behindAtEnd?: number;
  /**
   * The most acknowledged messages of the group's topics not yet consumed successfully, counted from the
   * client history at the end of each of the run's send buckets (`sends.bucketUs`), and when (history/backlog.ts).
   */
  readonly peakBacklog?: number;
  readonly peakBacklogAtUs?: Micros;
  /** The longest a successful consumption came after its copy was stored (the broker's store timestamp). */
  readonly maxConsumeLagUs?: Micros;
}
