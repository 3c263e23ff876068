// The end of a sweep, shared by `rmqsim sweep` and `rmqsim merge`: the
// summary object (the one JSON shape of a sweep result), its human form, its
// JUnit file, and the exit code (0 all seeds pass, 1 one failed, 3 the
// simulator crashed on one).
import { renderSweepJunit, replayCommand, type SeedOutcome, type Shard, type SweepSummary } from '../report/index.js';
import type { Scenario } from '../scenario/index.js';
import type { CliIo } from './io.js';
import { writeOutFile } from './out-file.js';
import { colours, EXIT } from './style.js';
import { printJson } from './commands/common.js';

export interface SweepIdentity {
  readonly seeds: string;
  readonly bugs: readonly string[];
  readonly jobs: number;
  readonly shard: Shard | undefined;
}

export function sweepSummary(
  s: Pick<Scenario, 'name' | 'file'>,
  id: SweepIdentity,
  outcomes: readonly SeedOutcome[],
  reports: readonly string[],
  wallMs: number,
): SweepSummary {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  const failed = sorted.filter((o) => !o.ok);
  return {
    scenario: s.name,
    file: s.file,
    seeds: id.seeds,
    bugs: [...id.bugs],
    jobs: id.jobs,
    ...(id.shard !== undefined ? { shard: id.shard } : {}),
    runs: sorted.length,
    passed: sorted.length - failed.length,
    failed: failed.length,
    wallMs: Math.round(wallMs),
    failures: failed.map((o) => ({ ...o, replay: replayCommand({ file: s.file, seed: o.seed, bugs: id.bugs }) })),
    results: sorted.map((o) => ({ seed: o.seed, ok: o.ok, traceHash: o.traceHash, wallMs: o.wallMs })),
    reports: [...reports].sort(),
  };
}

/** Prints a usage error (inside the one JSON object with --json); gives exit code 2. */
export function usage(io: CliIo, json: boolean, option: string, expected: string): number {
  if (json) printJson(io, { ok: false, error: 'usage', option, message: `${option}: expected ${expected}` });
  else io.stderr.write(`error: ${option}: expected ${expected}\n`);
  return EXIT.USAGE;
}

function printSummary(io: CliIo, s: SweepSummary): void {
  const c = colours(io.stdoutTTY, io.env);
  const share = s.shard === undefined ? '' : ` (shard ${s.shard.index}/${s.shard.count} of seeds ${s.seeds})`;
  const line = `${s.runs} runs of ${s.scenario}${share}: ${s.passed} passed, ${s.failed} failed (${(s.wallMs / 1000).toFixed(1)}s)`;
  io.stdout.write(`${s.failed === 0 ? c.green.bold(line) : c.red.bold(line)}\n`);
  for (const o of s.failures) {
    const why =
      o.error !== undefined ? `simulator error: ${o.error}` : o.failed.map((f) => `${f.name}: ${f.detail}`).join('; ');
    io.stdout.write(`  ${c.red('seed')} ${o.seed}  ${why}\n    ${c.dim('replay:')} ${o.replay}\n`);
    // Its report (<out>/<scenario>/<seed>), the input `rmqsim shrink` takes.
    const report = o.error === undefined ? s.reports.find((d) => d.endsWith(`/${o.seed}`)) : undefined;
    if (report !== undefined) io.stdout.write(`    ${c.dim('shrink:')} rmqsim shrink ${report}/report.json\n`);
  }
}

/** Prints the summary (JSON or human), writes the JUnit file if asked, and gives the exit code. */
export function finishSweep(
  io: CliIo,
  s: SweepSummary,
  flags: { readonly json: boolean; readonly junit?: string | undefined },
): number {
  if (flags.junit !== undefined) {
    const unwritten = writeOutFile(flags.junit, renderSweepJunit(s));
    if (unwritten !== undefined)
      return usage(io, flags.json, '--junit', `a writable file, but ${flags.junit} cannot be written: ${unwritten}`);
  }
  if (flags.json) printJson(io, s);
  else printSummary(io, s);
  const crashed = s.failures.some((o) => o.error !== undefined);
  return crashed ? EXIT.CRASH : s.failed > 0 ? EXIT.FAILED : EXIT.OK;
}
