// What a client workload looks like, as data: the typed form of a scenario's
// producer and consumer groups. The client layer owns these types (the
// producer and consumer read them); the cluster layer re-exports them as part
// of its ClusterSpec/WorkloadSpec vocabulary.
import type { PerMillion } from '../engine/index.js';

/** How many messages per second one instance offers, as a function of the time since its group started. */
export type RateSpec =
  | { readonly kind: 'constant'; readonly perSecond: number }
  | { readonly kind: 'ramp'; readonly fromPerSecond: number; readonly toPerSecond: number; readonly overUs: number }
  /** A day's cycle: a cosine between `minPerSecond` and `maxPerSecond` with period 24 h, highest at `peakAtUs`. */
  | { readonly kind: 'daily'; readonly minPerSecond: number; readonly maxPerSecond: number; readonly peakAtUs: number }
  /** `basePerSecond`, except for the last `forUs` of every `everyUs`, which offer `burstPerSecond`. */
  | {
      readonly kind: 'bursts';
      readonly basePerSecond: number;
      readonly burstPerSecond: number;
      readonly everyUs: number;
      readonly forUs: number;
    };

export type KeySpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'uniform'; readonly count: number }
  | { readonly kind: 'hot'; readonly count: number; readonly hotKeys: number; readonly hotRatio: PerMillion };

export type SendMode = 'sync' | 'async' | 'oneway';

export interface ProducerGroupSpec {
  readonly group: string;
  readonly topic: string;
  /** Instances; nodes `${group}-1` .. `${group}-N`. */
  readonly instances: number;
  /** Rate per instance. */
  readonly rate: RateSpec;
  readonly messageBytes: number;
  readonly keys: KeySpec;
  readonly mode: SendMode;
  /** Ordered send: the queue is chosen by key hash (MessageQueueSelector), single attempt. */
  readonly ordered: boolean;
  readonly startUs: number;
  /** When the producers stop sending; undefined = until the end of the run. */
  readonly stopUs: number | undefined;
  /**
   * Sends one instance keeps in progress at most (its sending threads, or the async-send permits);
   * arrivals beyond it wait their turn. Undefined = ClientConfig.producerMaxInFlight.
   */
  readonly maxInFlight?: number | undefined;
}

export type MessageModelSpec = 'CLUSTERING' | 'BROADCASTING';

export interface ConsumerGroupSpec {
  readonly group: string;
  readonly topics: readonly string[];
  readonly instances: number;
  readonly model: MessageModelSpec;
  readonly consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' | 'CONSUME_FROM_FIRST_OFFSET';
  /** Time to consume one message (mean, exponential). */
  readonly consumeTimeUs: number;
  /** Consume threads per instance; undefined = ClientConfig.consumeThreadMax (20). */
  readonly consumeThreads?: number | undefined;
  /** Chance per million that a consumption fails (RECONSUME_LATER). */
  readonly failureRate: PerMillion;
  readonly orderly: boolean;
  readonly startUs: number;
}
