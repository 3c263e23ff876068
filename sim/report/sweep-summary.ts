// The result of `rmqsim sweep` (and of `rmqsim merge`, which rebuilds the
// same object from shard parts): what `--json` prints, and its JUnit form
// (one test case per seed, a broken seed's failed expectations as its
// <failure>). Pure.
import { junitDocument, xmlEscape } from './render-junit.js';

/** One seed's outcome in a sweep. */
export interface SeedOutcome {
  readonly seed: number;
  readonly ok: boolean;
  readonly traceHash: string;
  readonly wallMs: number;
  /** Broken expectations: name and detail. */
  readonly failed: readonly { readonly name: string; readonly detail: string }[];
  /** Set when the simulator itself threw (a bug in rmqsim). */
  readonly error?: string | undefined;
}

/** One seed's line of a sweep: its verdict, its trace, and its wall time (a part from before wallMs has none). */
export interface SeedResult {
  readonly seed: number;
  readonly ok: boolean;
  readonly traceHash: string;
  readonly wallMs?: number | undefined;
}

/** A deterministic share of a seed list: the seeds at positions p with p mod count == index (0-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface SweepSummary {
  readonly scenario: string;
  readonly file: string;
  /** The seed list as given to --seeds (the whole list, also in a shard's part). */
  readonly seeds: string;
  readonly bugs: readonly string[];
  readonly jobs: number;
  /** Present only in a shard's part; a merged or unsharded sweep has none. */
  readonly shard?: Shard;
  readonly runs: number;
  readonly passed: number;
  readonly failed: number;
  readonly wallMs: number;
  readonly failures: readonly (SeedOutcome & { readonly replay: string })[];
  readonly results: readonly SeedResult[];
  readonly reports: readonly string[];
}

/** junit.xml of a sweep: one suite, one test case per seed. */
export function renderSweepJunit(s: SweepSummary): string {
  const failures = new Map(s.failures.map((f) => [f.seed, f]));
  const suite = `${s.scenario} (seeds ${s.seeds}${s.bugs.length > 0 ? `, bugs ${s.bugs.join(' ')}` : ''})`;
  const cases = s.results.map((r) => {
    // The seed's wall seconds: what CI shows per test case (0 for a merged part that did not record it).
    const time = ((r.wallMs ?? 0) / 1000).toFixed(3);
    const head = `    <testcase classname="${xmlEscape(`rmqsim.${s.scenario}`)}" name="seed ${r.seed}" time="${time}">`;
    const f = failures.get(r.seed);
    if (r.ok || f === undefined)
      return `${head}\n      <system-out>trace ${xmlEscape(r.traceHash)}</system-out>\n    </testcase>`;
    const message = f.error !== undefined ? `simulator error: ${f.error}` : f.failed.map((x) => x.name).join(', ');
    const body = [...f.failed.map((x) => `${x.name}: ${x.detail}`), `replay: ${f.replay}`].join('\n');
    const tag = f.error !== undefined ? 'error' : 'failure';
    return `${head}\n      <${tag} message="${xmlEscape(message)}" type="rmqsim">${xmlEscape(body)}</${tag}>\n    </testcase>`;
  });
  const errors = s.failures.filter((f) => f.error !== undefined).length;
  return junitDocument(
    { suite, tests: s.runs, failures: s.failed - errors, errors, wallMs: s.wallMs },
    { file: s.file, seeds: s.seeds },
    cases,
  );
}
