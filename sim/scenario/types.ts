// The typed form of a scenario file (scenarios/*.yaml) after validation:
// what runs, with which topology and workload, which faults strike when, and
// which invariants must hold. The cluster and workload parts are exactly the
// cluster builder's types (sim/cluster/spec.ts); faults and expectations are
// this layer's own vocabulary (turmoil's verbs, VOPR's two phases).
import type { Micros, PerMillion } from '../engine/index.js';
import type { ClusterSpec, WorkloadSpec } from '../cluster/index.js';
import type { SendStatus } from '../protocol/index.js';
import type { FaultAction } from './verbs.js';

// The fault verbs and their actions are the verb table's (verbs.ts): one row per verb.
export type { FaultAction, FaultVerb } from './verbs.js';

/** A target list: node names and role selectors, resolved when the fault fires. */
export type Targets = readonly string[];

/** A fault scripted at a time; `forUs` undoes it automatically after that long. */
export interface ScriptedFault {
  readonly atUs: Micros;
  readonly action: FaultAction;
  readonly forUs: Micros | undefined;
}

/** One kind of fault in a random mix: drawn with `chance` per tick, undone after a duration in [min, max]. */
export interface MixEntry {
  readonly action: FaultAction;
  /** Chance per tick, per million (the file's ratio in [0, 1], converted when it loads). */
  readonly chance: PerMillion;
  readonly forMinUs: Micros;
  readonly forMaxUs: Micros;
}

/** A seeded random fault mix (VOPR: faults on, then heal and demand convergence). */
export interface ChaosSpec {
  readonly startUs: Micros;
  /** Every fault of the mix is undone at this time; nothing new is drawn after it. */
  readonly healUs: Micros;
  readonly tickUs: Micros;
  /** Quiet time after any injected or undone fault before the next draw, so nodes do not flap. */
  readonly minStableUs: Micros;
  /** At most this many mix faults active at once. */
  readonly maxActive: number;
  readonly mix: readonly MixEntry[];
}

/** Whether the story expects the invariant to hold, or to be broken (a demonstration of a known weakness). */
export type ExpectMode = 'hold' | 'break';

/** One expectation with its bounds; maps to one checker of sim/check. */
export type ExpectationSpec =
  | {
      readonly check: 'availability';
      readonly expect: ExpectMode;
      /** Producer group whose sends are measured. */
      readonly producers: string;
      /** Minimum ratio of successful sends over the run, in [0, 1]. */
      readonly minRatio: number;
      /** Longest allowed window with no successful send while the group offers sends; undefined = unbounded. */
      readonly maxOutageUs: Micros | undefined;
      /** The send statuses that count as a success (SEND_OK only unless the file says otherwise). */
      readonly accept: readonly SendStatus[];
      /** Required only while the faults leave what the configuration needs (excused windows reported). */
      readonly followFaults: boolean;
    }
  | { readonly check: 'no-acked-loss'; readonly expect: ExpectMode }
  | {
      readonly check: 'at-least-once';
      readonly expect: ExpectMode;
      readonly consumers: string | undefined;
      /** A message that exhausted its retries and went to %DLQ%group counts as handled. */
      readonly allowDlq: boolean;
      /** A message whose every delivery failed and whose next retry is due after the judged part of the run is on its way. */
      readonly allowRetrying: boolean;
    }
  | {
      readonly check: 'duplicates';
      readonly expect: ExpectMode;
      readonly consumers: string;
      /** At most this many duplicate consumptions in the group over the run. */
      readonly max: number;
      /** Count only the duplicates no fault, master change or instance joining explains. */
      readonly followFaults: boolean;
    }
  | {
      readonly check: 'leader-changes';
      readonly expect: ExpectMode;
      readonly group: string;
      /** At most this many leader elections in the DLedger group over the run, the first one included. */
      readonly max: number;
      /** Count only the elections no injected fault explains (sim/check/election-causes.ts). */
      readonly followFaults: boolean;
    }
  | {
      readonly check: 'send-spread';
      readonly expect: ExpectMode;
      readonly producers: string;
      /** Only acked sends completed at or after this time count. */
      readonly fromUs: Micros;
      /** Each queue must take at least this fraction of an even share. */
      readonly minShare: number;
    }
  | { readonly check: 'order'; readonly expect: ExpectMode; readonly consumers: string | undefined }
  | { readonly check: 'raft-safety'; readonly expect: ExpectMode }
  /** Each SEND_OK judged when given: SYNC_MASTER's slave, DLedger's quorum, SYNC_FLUSH's disk had it. */
  | { readonly check: 'ack-promise'; readonly expect: ExpectMode }
  | {
      readonly check: 'convergence';
      readonly expect: ExpectMode;
      readonly withinUs: Micros;
      /** When the last fault is undone (scripted `at + for`, or the chaos heal time); the bound counts from here. */
      readonly afterUs: Micros;
    };

/**
 * A config swarm: per seed, each listed setting is drawn from its choices (sim/scenario/swarm.ts);
 * settings left out keep the file's value.
 */
export interface SwarmSpec {
  readonly namesrvs?: readonly number[] | undefined;
  readonly groups?: readonly number[] | undefined;
  readonly mode?: readonly ('classic' | 'dledger')[] | undefined;
  /** DLedger group sizes. */
  readonly replicas?: readonly number[] | undefined;
  /** Classic group sizes (master + slaves). */
  readonly classicReplicas?: readonly number[] | undefined;
  readonly brokerRole?: readonly ('ASYNC_MASTER' | 'SYNC_MASTER')[] | undefined;
  readonly flushDiskType?: readonly ('ASYNC_FLUSH' | 'SYNC_FLUSH')[] | undefined;
  readonly queues?: readonly number[] | undefined;
  readonly producerInstances?: readonly number[] | undefined;
  /** Messages per second per producer instance. */
  readonly producerRate?: readonly number[] | undefined;
  readonly consumerInstances?: readonly number[] | undefined;
  /** Mean time to consume one message. */
  readonly consumeTime?: readonly Micros[] | undefined;
  /** Chance per million that a consumption fails (RECONSUME_LATER, a retry through the delay levels). */
  readonly consumerFailureRate?: readonly PerMillion[] | undefined;
  /** Whether each DLedger group's first member is its preferred leader (preferredLeaderId, model §4.3). */
  readonly preferredLeader?: readonly boolean[] | undefined;
  /** Whether the producers send in bursts, 30 s of every minute at the drawn rate and idle in between. */
  readonly producerBursts?: readonly boolean[] | undefined;
  /** Whether the producers avoid slow brokers (sendLatencyFaultEnable, MQFaultStrategy, model §5.4). */
  readonly sendLatencyFaultEnable?: readonly boolean[] | undefined;
}

export interface Scenario {
  /** File the scenario came from (for messages and reports). */
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** The default seed; `--seed` overrides it. */
  readonly seed: number;
  readonly durationUs: Micros;
  readonly cluster: ClusterSpec;
  readonly workload: WorkloadSpec;
  readonly faults: readonly ScriptedFault[];
  readonly chaos: ChaosSpec | undefined;
  readonly expectations: readonly ExpectationSpec[];
  /** The config swarm, if the file has a `swarm:` block. */
  readonly swarm?: SwarmSpec | undefined;
}

/** A stable name for an expectation, as reports and JUnit show it. */
export function expectationName(e: ExpectationSpec): string {
  switch (e.check) {
    case 'availability':
      return `availability(${e.producers})`;
    case 'at-least-once':
    case 'order':
    case 'duplicates':
      return e.consumers === undefined ? e.check : `${e.check}(${e.consumers})`;
    case 'leader-changes':
      return `${e.check}(${e.group})`;
    case 'send-spread':
      return `${e.check}(${e.producers})`;
    case 'no-acked-loss':
    case 'raft-safety':
    case 'convergence':
    case 'ack-promise':
      return e.check;
  }
}
