// `rmqsim merge part*.json`: the shard parts of one sweep (`sweep --shard K/N
// --json`, one per machine) become the sweep result the unsharded run would
// have printed. The parts must belong to one sweep (same scenario, file, seed
// list and bug switches), and together cover every shard 0..N-1 exactly once
// and so every seed of the list; otherwise the merge says what is missing or
// doubled instead of passing a partial sweep.
import { z } from 'zod';
import type { SweepSummary } from '../report/index.js';
import { parseSeeds, shardSeeds } from './sweep-protocol.js';

const outcome = z.object({
  seed: z.number().int(),
  ok: z.boolean(),
  traceHash: z.string(),
  wallMs: z.number(),
  failed: z.array(z.object({ name: z.string(), detail: z.string() })),
  error: z.string().optional(),
  replay: z.string(),
});

const partSchema = z.object({
  scenario: z.string(),
  file: z.string(),
  seeds: z.string(),
  bugs: z.array(z.string()),
  jobs: z.number().int(),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
  runs: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  wallMs: z.number(),
  failures: z.array(outcome),
  results: z.array(
    z.object({ seed: z.number().int(), ok: z.boolean(), traceHash: z.string(), wallMs: z.number().min(0).optional() }),
  ),
  reports: z.array(z.string()),
});

export type SweepPart = z.output<typeof partSchema>;

const PART = 'the JSON output of `rmqsim sweep --shard K/N --json`';

/**
 * A part whose counts or failure list disagree with its per-seed results was edited or cut: merging
 * it could pass a seed that failed, so it is refused. A string says what disagrees.
 */
function inconsistency(p: SweepPart): string | undefined {
  const failing = p.results.filter((r) => !r.ok).map((r) => r.seed);
  const listed = p.failures.map((f) => f.seed).sort((a, b) => a - b);
  if (p.runs !== p.results.length) return `runs ${p.runs} but ${p.results.length} result(s)`;
  if (p.failed !== failing.length || p.passed !== p.runs - failing.length)
    return `passed ${p.passed} and failed ${p.failed} but ${failing.length} failing result(s) of ${p.runs}`;
  if (!same(failing.sort((a, b) => a - b).map(String), listed.map(String)))
    return `failures for seed(s) [${listed.join(', ')}] but failing results for [${failing.join(', ')}]`;
  return undefined;
}

/** Validates one part's JSON text; a string, to follow "expected", says what was wrong (field and expectation). */
export function parsePart(text: string): SweepPart | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `${PART}, found text that is not JSON`;
  }
  const r = partSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the object' : issue.path.join('.');
    return `${PART}, found ${where}: ${issue?.message ?? 'invalid'}`;
  }
  const bad = inconsistency(r.data);
  return bad === undefined ? r.data : `${PART} with counts that agree with its results, found ${bad}`;
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Merges validated parts (named for messages) into one sweep summary, or says why they do not make one sweep. */
export function mergeParts(
  parts: readonly { readonly name: string; readonly part: SweepPart }[],
): SweepSummary | string {
  const first = parts[0];
  if (first === undefined) return 'at least one part file';
  const p0 = first.part;
  const count = p0.shard.count;
  const seen = new Map<number, string>();
  for (const { name, part } of parts) {
    for (const key of ['scenario', 'file', 'seeds'] as const) {
      if (part[key] !== p0[key])
        return `${name}: ${key} "${part[key]}" differs from ${first.name}'s "${p0[key]}" (parts of one sweep)`;
    }
    if (!same(part.bugs, p0.bugs))
      return `${name}: bug switches [${part.bugs.join(', ')}] differ from ${first.name}'s [${p0.bugs.join(', ')}]`;
    if (part.shard.count !== count)
      return `${name}: shard count ${part.shard.count} differs from ${first.name}'s ${count}`;
    const twin = seen.get(part.shard.index);
    if (twin !== undefined) return `${name}: shard ${part.shard.index}/${count} is also in ${twin}`;
    seen.set(part.shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0)
    return `every shard 0..${count - 1}; missing ${missing.map((i) => `${i}/${count}`).join(', ')}`;
  const all = parseSeeds(p0.seeds);
  if (typeof all === 'string') return `${first.name}: seeds: ${all}`;
  for (const { name, part } of parts) {
    const want = shardSeeds(all, part.shard);
    const got = part.results.map((r) => r.seed);
    if (!same(want.map(String), got.map(String)))
      return `${name}: shard ${part.shard.index}/${count} should hold seeds ${want.join(',') || '(none)'}, holds ${got.join(',') || '(none)'}`;
  }
  const results = parts.flatMap((x) => x.part.results).sort((a, b) => a.seed - b.seed);
  const failures = parts.flatMap((x) => x.part.failures).sort((a, b) => a.seed - b.seed);
  return {
    scenario: p0.scenario,
    file: p0.file,
    seeds: p0.seeds,
    bugs: p0.bugs,
    jobs: parts.reduce((n, x) => n + x.part.jobs, 0),
    runs: results.length,
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    // The shards ran side by side: the sweep took as long as its slowest shard.
    wallMs: Math.max(...parts.map((x) => x.part.wallMs)),
    failures,
    results,
    reports: parts.flatMap((x) => x.part.reports).sort(),
  };
}
