// Constant overrides by name: a scenario says `registerNameServerPeriodUs: 10s`
// and the builder applies it to the component's defaults. A name matches a
// scalar field at the top level of the defaults object or, if unique, inside
// one nested group (e.g. BrokerConfig.timings). Values are checked against the
// default's runtime type: booleans, strings (enums keep their allowed values
// via `choices`), numbers, and `...Us` fields, which also accept "30s".
import { DurationError, toMicros } from '../engine/index.js';
import type { Overrides } from './spec.js';

export interface OverrideProblem {
  /** The constant's name as written in the scenario. */
  readonly path: string;
  /** What the value should be; the caller states what was found (the value as written). */
  readonly expected: string;
  /** What was found when the name, not the value, is wrong (an unknown constant). */
  readonly found?: string;
}

export type OverrideResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly OverrideProblem[] };

type Scalar = string | number | boolean;
type Plain = { readonly [key: string]: unknown };

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
/** Bug switches are turned on by name (--bug), never through constant overrides. */
const isBugFlag = (key: string): boolean => /^bug[A-Z]/.test(key);

/** Where each overridable name lives: [] for top level, ['timings'] for a nested group. */
function locate(base: Plain): Map<string, readonly string[] | null> {
  const where = new Map<string, readonly string[] | null>();
  for (const [key, value] of Object.entries(base)) {
    if (isScalar(value) && !isBugFlag(key)) where.set(key, []);
  }
  for (const [group, value] of Object.entries(base)) {
    if (!isPlain(value) || group === 'bugs') continue;
    for (const [key, inner] of Object.entries(value)) {
      if (!isScalar(inner) || isBugFlag(key)) continue;
      // A name found in two places is ambiguous: null marks it so the caller must qualify it.
      where.set(key, where.has(key) ? null : [group]);
    }
  }
  return where;
}

/** The overridable constant names of a defaults object, sorted (for "did you mean" and docs). */
export function overridableNames(base: object): string[] {
  return [...locate(base as Plain).keys()].sort();
}

/**
 * Periods, intervals, timeouts and sizes must be positive: a zero scan interval
 * re-arms its timer at the same instant forever, a zero heartbeat interval
 * gives a zero election timeout (issue 10 row 2). Other numbers are >= 0.
 */
const MUST_BE_POSITIVE = /(Interval|Period|Timeout)Us$|(Size|Bytes|Threshold|BatchNums?)$/;

function inDomain(name: string, value: number): Scalar | OverrideProblem {
  if (MUST_BE_POSITIVE.test(name) && value <= 0)
    return { path: name, expected: `a positive ${name.endsWith('Us') ? 'duration' : 'number'}` };
  if (value < 0) return { path: name, expected: 'a non-negative number' };
  return value;
}

function coerce(
  name: string,
  current: Scalar,
  value: Scalar,
  choices: readonly string[] | undefined,
): Scalar | OverrideProblem {
  if (typeof current === 'boolean')
    return typeof value === 'boolean' ? value : { path: name, expected: 'true or false' };
  if (typeof current === 'string') {
    if (typeof value !== 'string') return { path: name, expected: 'a string' };
    if (choices !== undefined && !choices.includes(value))
      return { path: name, expected: `one of ${choices.join(', ')}` };
    return value;
  }
  if (name.endsWith('Us')) {
    if (typeof value === 'boolean') return { path: name, expected: 'a duration such as "30s"' };
    try {
      return inDomain(name, toMicros(value));
    } catch (e) {
      return { path: name, expected: e instanceof DurationError ? e.expected : 'a duration such as "30s"' };
    }
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return { path: name, expected: 'a number' };
  return inDomain(name, value);
}

/**
 * Applies overrides to a copy of `base`. Unknown names, ambiguous names and
 * wrongly typed values are reported together; nothing is applied then.
 */
export function applyOverrides<T extends object>(
  base: T,
  overrides: Overrides,
  choices: Readonly<Record<string, readonly string[]>> = {},
): OverrideResult<T> {
  const plain = base as Plain;
  const where = locate(plain);
  const problems: OverrideProblem[] = [];
  const top: Record<string, unknown> = { ...plain };
  for (const name of Object.keys(overrides).sort()) {
    const value = overrides[name];
    const path = where.get(name);
    if (value === undefined) continue;
    if (path === undefined) {
      problems.push({
        path: name,
        expected: `a known constant${suggest(name, [...where.keys()])}`,
        found: `unknown key "${name}"`,
      });
      continue;
    }
    if (path === null) {
      problems.push({ path: name, expected: 'a unique constant name (this one exists in two groups)' });
      continue;
    }
    const group = path[0];
    const holder: Plain = group === undefined ? plain : ((plain[group] as Plain | undefined) ?? {});
    const current = holder[name];
    if (!isScalar(current)) continue;
    const coerced = coerce(name, current, value, choices[name]);
    if (typeof coerced === 'object') {
      problems.push(coerced);
      continue;
    }
    if (group === undefined) top[name] = coerced;
    else top[group] = { ...(isPlain(top[group]) ? top[group] : {}), [name]: coerced };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: top as T };
}

/** ", did you mean X?" for the closest known name, by edit distance. */
export function suggest(name: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const k of [...known].sort()) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== '' && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** Levenshtein distance (also used by the scenario loader's "did you mean"). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
