// Zod pieces shared by the scenario schema (schema.ts) and the fault verb
// table (verbs.ts): strict objects whose unknown keys are reported,
// durations, ratios, target lists and a fault's timing keys, each with the
// message the error formatter (errors.ts) shows.
import { z } from 'zod';
import { DurationError, parseDuration, toPerMillion, type Micros } from '../engine/index.js';

/** Issue params that carry "expected" and "found" to the error formatter. */
export interface IssueParams {
  readonly expected: string;
  readonly found?: string;
  readonly known?: readonly string[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function rejectUnknownKeys(value: unknown, known: readonly string[], ctx: z.RefinementCtx): void {
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const params: IssueParams = {
      expected: `one of the keys ${known.join(', ')}`,
      found: `unknown key "${key}"`,
      known,
    };
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'unknown key', params });
  }
}

/** An object schema whose unknown keys are reported (all of them, even when a sibling is invalid). */
export function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.preprocess((v, ctx) => {
    rejectUnknownKeys(v, known, ctx);
    return v;
  }, z.object(shape));
}

const DURATION_EXPECTED = 'a duration such as "250ms", "30s", "2m" or "1h30m"';

/** A zod error map whose message is what the field expects (zod only carries the message on these issues). */
export const expecting = (expected: string): { errorMap: () => { message: string } } => ({
  errorMap: () => ({ message: expected }),
});

export const duration = z
  .union([z.string(), z.literal(0)], {
    ...expecting(DURATION_EXPECTED),
  })
  .transform((v, ctx): Micros => {
    if (v === 0) return 0;
    try {
      return parseDuration(v);
    } catch (e) {
      const expected = e instanceof DurationError ? e.expected : DURATION_EXPECTED;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'bad duration',
        params: { expected, found: JSON.stringify(v) },
      });
      return z.NEVER;
    }
  });

export const ratio = z.number().min(0).max(1);

/** A probability written as a ratio in [0, 1], held as per-million from here on (the YAML edge: no float reaches a draw). */
export const perMillion = ratio.transform(toPerMillion);

/** A target list: a node name or selector, or a list of them. */
export const targets = z
  .union([z.string(), z.array(z.string()).min(1)], {
    ...expecting('a node name or selector (e.g. "master-of:broker-a"), or a list of them'),
  })
  .transform((t): readonly string[] => (typeof t === 'string' ? [t] : t));

const forRange = z.union([duration, strict({ min: duration, max: duration })], {
  ...expecting('a duration, or { min, max } durations'),
});

/** The timing keys of a scripted fault (`faults:`): when it fires, and how long it lasts when it is undone. */
export const SCRIPTED_TIMING = { at: duration, for: duration.optional() };
/** The timing keys of a chaos mix entry: its odds per tick, and how long it lasts once drawn. */
export const MIX_TIMING = { chance: perMillion, for: forRange.default('10s') };
