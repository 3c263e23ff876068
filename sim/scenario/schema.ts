// The one schema of scenario files (zod). It states every key, its type, its
// default and its bounds; durations are strings such as "30s" and become
// Micros here. Unknown keys are errors (a typo must never be silently
// ignored), reported with the keys that were expected. Cross-field rules
// (names that must exist elsewhere in the file) live in cross-checks.ts.
import { z } from 'zod';
import { fail } from '../base/index.js';
import {
  duration,
  expecting,
  isRecord,
  MIX_TIMING,
  perMillion,
  ratio,
  rejectUnknownKeys,
  SCRIPTED_TIMING,
  strict,
  type IssueParams,
} from './schema-parts.js';
import { FAULT_VERBS, isFaultVerb } from './verbs.js';
import type { SendStatus } from '../protocol/index.js';

export { duration, type IssueParams };

/** The statuses an availability expectation may accept (sim/protocol/send-status.ts). */
const SEND_STATUS_NAMES = [
  'SEND_OK',
  'FLUSH_DISK_TIMEOUT',
  'FLUSH_SLAVE_TIMEOUT',
  'SLAVE_NOT_AVAILABLE',
] as const satisfies readonly SendStatus[];

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "-", "_" or "." (starting with a letter or digit)');
const count = (min: number, max: number): z.ZodNumber => z.number().int().min(min).max(max);
const overrides = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

// ---- cluster ------------------------------------------------------------------------------

export const groupSchema = strict({
  name,
  mode: z.enum(['classic', 'dledger']).default('classic'),
  replicas: count(1, 9).optional(),
  brokerRole: z.enum(['ASYNC_MASTER', 'SYNC_MASTER']).default('ASYNC_MASTER'),
  flushDiskType: z.enum(['ASYNC_FLUSH', 'SYNC_FLUSH']).default('ASYNC_FLUSH'),
  config: overrides.default({}),
});

export const topicSchema = strict({
  name,
  queues: count(1, 256).default(4),
  groups: z.array(name).default([]),
  order: z.boolean().default(false),
});

const latencySchema = strict({
  fixed: duration.optional(),
  min: duration.optional(),
  max: duration.optional(),
  median: duration.optional(),
  sigma: z.number().min(0).max(3).optional(),
});

export const clusterSchema = strict({
  name: name.default('DefaultCluster'),
  namesrvs: count(1, 9).default(1),
  groups: z.array(groupSchema).min(1),
  topics: z.array(topicSchema).min(1),
  network: strict({ latency: latencySchema }).optional(),
  /** Each process starts at a time drawn from its own seeded stream: NameServers in [0, S], brokers in [S, 2S], clients in [2S, 3S] (issue 14). */
  startSpread: duration.default('2s'),
  disk: strict({
    capacityBytes: z.number().int().positive().optional(),
    fsyncMin: duration.optional(),
    fsyncMax: duration.optional(),
    tornTailProbability: perMillion.optional(),
  }).optional(),
  config: strict({
    namesrv: overrides.default({}),
    broker: overrides.default({}),
    client: overrides.default({}),
    raft: overrides.default({}),
  }).default({}),
});

// ---- workload -----------------------------------------------------------------------------

const perSecond = z.number().min(0).max(10_000_000);
/** The daily curve's peak is a time of day: the curve repeats every 24 h, so 25h would silently mean 1h. */
const timeOfDay = duration.refine((us) => us < 24 * 3_600_000_000, 'a time of day under 24h, such as "14h"');
const rateSchema = z.union(
  [
    z.number().positive().max(10_000_000),
    strict({ from: perSecond, to: perSecond, over: duration }),
    strict({ daily: strict({ min: perSecond, max: perSecond, peakAt: timeOfDay.default('14h') }) }),
    strict({ base: perSecond, burst: perSecond, every: duration, for: duration }),
  ],
  expecting(
    'messages per second per instance (a number), { from, to, over } (a ramp), { daily: { min, max, peakAt } } or { base, burst, every, for } (bursts)',
  ),
);

const keysSchema = z.union(
  [
    z.literal('none'),
    count(1, 1_000_000_000),
    strict({ count: count(1, 1_000_000_000), hotKeys: count(1, 1_000_000_000), hotRatio: perMillion }),
  ],
  expecting('"none", a number of distinct keys, or { count, hotKeys, hotRatio }'),
);

export const producerSchema = strict({
  group: name,
  topic: name.optional(),
  instances: count(1, 64).default(1),
  rate: rateSchema.default(100),
  messageBytes: count(1, 4 * 1024 * 1024).default(1024),
  keys: keysSchema.default('none'),
  mode: z.enum(['sync', 'async', 'oneway']).default('sync'),
  ordered: z.boolean().default(false),
  start: duration.default(0),
  stop: duration.optional(),
  maxInFlight: count(1, 1_000_000).optional(),
});

export const consumerSchema = strict({
  group: name,
  topics: z.array(name).min(1).optional(),
  instances: count(1, 64).default(1),
  model: z.enum(['CLUSTERING', 'BROADCASTING']).default('CLUSTERING'),
  consumeFrom: z.enum(['CONSUME_FROM_LAST_OFFSET', 'CONSUME_FROM_FIRST_OFFSET']).default('CONSUME_FROM_LAST_OFFSET'),
  consumeTime: duration.default('1ms'),
  threads: count(1, 1000).optional(),
  failureRate: perMillion.default(0),
  orderly: z.boolean().default(false),
  start: duration.default(0),
});

export const workloadSchema = strict({
  producers: z.array(producerSchema).default([]),
  consumers: z.array(consumerSchema).default([]),
});

// ---- faults -------------------------------------------------------------------------------

/** The verb table's rows, in table order: each holds its members of the two fault unions. */
const VERB_ROWS = Object.values(FAULT_VERBS);

function nonEmpty<T>(items: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) fail('the fault verb table has no row');
  return [first, ...rest];
}

/**
 * A fault union (a discriminated union on `do`, one member per row of the verb table) whose
 * unknown keys are all reported, with the keys that verb takes (`do`, the timing keys, its own).
 */
function withKnownKeys<U extends z.ZodTypeAny>(union: U, timing: z.ZodRawShape) {
  const timingKeys = Object.keys(timing);
  return z.preprocess((v, ctx) => {
    const verb = isRecord(v) ? v['do'] : undefined;
    if (isFaultVerb(verb)) rejectUnknownKeys(v, ['do', ...timingKeys, ...Object.keys(FAULT_VERBS[verb].shape)], ctx);
    return v;
  }, union);
}

export const scriptedFaultSchema = withKnownKeys(
  z.discriminatedUnion('do', nonEmpty(VERB_ROWS.map((r) => r.scripted))),
  SCRIPTED_TIMING,
);
export const mixEntrySchema = withKnownKeys(
  z.discriminatedUnion('do', nonEmpty(VERB_ROWS.map((r) => r.mix))),
  MIX_TIMING,
);

export const chaosSchema = strict({
  start: duration.default(0),
  heal: duration,
  tick: duration.default('1s'),
  minStable: duration.default('10s'),
  maxActive: count(1, 100).default(1),
  mix: z.array(mixEntrySchema).min(1),
});

// ---- expectations -------------------------------------------------------------------------

const expectMode = z.enum(['hold', 'break']).default('hold');

const expectationUnion = z.discriminatedUnion('check', [
  z
    .object({
      check: z.literal('availability'),
      expect: expectMode,
      producers: name,
      // A bound is required: an availability check with none would pass a dead cluster (issue 10 row 11).
      minRatio: z
        .number({ ...expecting('a required bound: the minimum ratio of accepted sends, from 0 to 1') })
        .min(0)
        .max(1),
      maxOutage: duration.optional(),
      accept: z.array(z.enum(SEND_STATUS_NAMES)).min(1).default(['SEND_OK']),
      // Require availability only while the faults leave what the configuration needs (sim/check/availability-needs.ts).
      followFaults: z.boolean().default(false),
    })
    .strict(),
  z.object({ check: z.literal('no-acked-loss'), expect: expectMode }).strict(),
  z
    .object({
      check: z.literal('at-least-once'),
      expect: expectMode,
      consumers: name.optional(),
      allowDlq: z.boolean().default(false),
      // A message still in its retry schedule at the end (next retry due after the judged part) is on its way.
      allowRetrying: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      check: z.literal('duplicates'),
      expect: expectMode,
      consumers: name,
      max: count(0, 1_000_000_000),
      // Count only duplicates no fault, master change or join explains (sim/check/duplicate-windows.ts).
      followFaults: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      check: z.literal('leader-changes'),
      expect: expectMode,
      group: name,
      max: count(1, 1_000_000),
      // Count only the elections no injected fault explains (sim/check/election-causes.ts).
      followFaults: z.boolean().default(false),
    })
    .strict(),
  z
    .object({ check: z.literal('send-spread'), expect: expectMode, producers: name, from: duration, minShare: ratio })
    .strict(),
  z.object({ check: z.literal('order'), expect: expectMode, consumers: name.optional() }).strict(),
  z.object({ check: z.literal('raft-safety'), expect: expectMode }).strict(),
  z.object({ check: z.literal('ack-promise'), expect: expectMode }).strict(),
  z.object({ check: z.literal('convergence'), expect: expectMode, within: duration.default('2m') }).strict(),
]);

/** Every expectation kind (the `check` values), for tests that walk them all. */
export const EXPECTATION_KINDS: readonly string[] = expectationUnion.options.map((o) => o.shape.check.value);

/** An expectation: a bare name ("raft-safety") or an object with `check` and bounds. */
export const expectationSchema = z.preprocess((v) => (typeof v === 'string' ? { check: v } : v), expectationUnion);

// ---- config swarm ------------------------------------------------------------------------

/** A list of choices, one drawn per seed. */
const choices = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(1).optional();

export const swarmSchema = strict({
  namesrvs: choices(count(1, 9)),
  groups: choices(count(1, 8)),
  mode: choices(z.enum(['classic', 'dledger'])),
  replicas: choices(count(1, 9)),
  classicReplicas: choices(count(1, 9)),
  brokerRole: choices(z.enum(['ASYNC_MASTER', 'SYNC_MASTER'])),
  flushDiskType: choices(z.enum(['ASYNC_FLUSH', 'SYNC_FLUSH'])),
  queues: choices(count(1, 256)),
  producerInstances: choices(count(1, 64)),
  producerRate: choices(z.number().positive()),
  consumerInstances: choices(count(1, 64)),
  // Consumer work per message and its failure ratio (RECONSUME_LATER: retries through the delay levels).
  consumeTime: choices(duration),
  consumerFailureRate: choices(perMillion),
  /** Whether a DLedger group's first member is its preferred leader (preferredLeaderId, §4.3). */
  preferredLeader: choices(z.boolean()),
  /** Whether the producers send in bursts (30 s of every minute at the drawn rate, idle in between). */
  producerBursts: choices(z.boolean()),
  /** Whether the producers avoid slow brokers (ClientConfig sendLatencyFaultEnable, MQFaultStrategy, model §5.4). */
  sendLatencyFaultEnable: choices(z.boolean()),
});

// ---- the file -----------------------------------------------------------------------------

/** A run's seed: the scenario's `seed:` and the CLI's --seed/--seeds follow this one rule. */
export const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

export const scenarioSchema = strict({
  name,
  description: z.string().default(''),
  seed: seedSchema.default(1),
  duration,
  cluster: clusterSchema,
  workload: workloadSchema.default({}),
  faults: z.array(scriptedFaultSchema).default([]),
  chaos: chaosSchema.optional(),
  swarm: swarmSchema.optional(),
  expectations: z.array(expectationSchema).default([]),
});

export type RawScenario = z.output<typeof scenarioSchema>;
export type RawFault = z.output<typeof scriptedFaultSchema>;
export type RawMixEntry = z.output<typeof mixEntrySchema>;
export type RawCluster = z.output<typeof clusterSchema>;
export type RawWorkload = z.output<typeof workloadSchema>;
