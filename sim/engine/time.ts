// Virtual time: an integer count of microseconds since the start of the run.
// Scenario files write durations as strings ("250ms", "30s", "1h30m"); this
// module turns them into Micros and back, and rejects anything else.

/** A duration or instant in microseconds of simulated time. Always an integer. */
export type Micros = number;

/**
 * The later of two instants. Not Math.max: its result is a small integer (Smi) while it fits, so
 * optimized callers that store it assume 31-bit times and deoptimize at once when the clock passes
 * 2^31 us (35.8 simulated min); a plain compare hands back the operand as it is.
 */
export const laterOf = (a: Micros, b: Micros): Micros => (a > b ? a : b);

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

const UNIT_US: Readonly<Record<string, number>> = {
  us: 1,
  ms: US_PER_MS,
  s: US_PER_S,
  m: 60 * US_PER_S,
  h: 3_600 * US_PER_S,
};

/** Units in the order they must appear in a compound duration such as "1h30m15s". */
const UNIT_ORDER = ['h', 'm', 's', 'ms', 'us'] as const;

const PART = /(\d+(?:\.\d+)?)(us|ms|s|m|h)/y;

export class DurationError extends Error {
  constructor(
    readonly input: string,
    readonly expected: string,
  ) {
    super(`invalid duration "${input}": expected ${expected}`);
    this.name = 'DurationError';
  }
}

const EXPECTED = 'a number with a unit (us, ms, s, m, h), e.g. "250ms", "30s", "2m", "1h30m"';

/**
 * Parses "250ms", "30s", "2m", "1h", "1h30m", "1.5s" into integer microseconds.
 * Units must descend (h, m, s, ms, us) and appear at most once; "0" alone is accepted.
 */
export function parseDuration(input: string): Micros {
  const text = input.trim();
  if (text === '0') return 0;
  if (text.length === 0) throw new DurationError(input, EXPECTED);
  let total = 0;
  let lastRank = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (match === null || match.index !== start) throw new DurationError(input, EXPECTED);
    const [, amount = '', unit = ''] = match;
    const rank = UNIT_ORDER.indexOf(unit as (typeof UNIT_ORDER)[number]);
    if (rank <= lastRank) throw new DurationError(input, `${EXPECTED}, units in descending order`);
    lastRank = rank;
    total += Number(amount) * (UNIT_US[unit] ?? 0);
  }
  const rounded = Math.round(total);
  if (!Number.isSafeInteger(rounded)) throw new DurationError(input, 'a duration below 2^53 microseconds');
  return rounded;
}

/** Accepts a duration string or a plain non-negative integer of microseconds. */
export function toMicros(value: string | number): Micros {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new DurationError(String(value), 'a non-negative integer of microseconds');
    return value;
  }
  return parseDuration(value);
}

/** Renders microseconds compactly for humans: 0.250s, 12.5s, 2m05.000s, 1h00m00.000s. */
export function formatTime(us: Micros): string {
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(us);
  const totalMs = Math.floor(abs / US_PER_MS);
  const ms = totalMs % 1000;
  const totalS = Math.floor(totalMs / 1000);
  const s = totalS % 60;
  const totalM = Math.floor(totalS / 60);
  const m = totalM % 60;
  const h = Math.floor(totalM / 60);
  const frac = `${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}s`;
  if (h > 0) return `${sign}${h}h${String(m).padStart(2, '0')}m${frac}`;
  if (m > 0) return `${sign}${m}m${frac}`;
  return `${sign}${s}.${String(ms).padStart(3, '0')}s`;
}

/** Renders a duration with the largest exact unit: "30s", "250ms", "2m", "1500us". */
export function formatDuration(us: Micros): string {
  if (us === 0) return '0';
  for (const unit of UNIT_ORDER) {
    const size = UNIT_US[unit] ?? 1;
    if (us % size === 0) return `${us / size}${unit}`;
  }
  return `${us}us`;
}

export const ms = (n: number): Micros => Math.round(n * US_PER_MS);
export const sec = (n: number): Micros => Math.round(n * US_PER_S);
