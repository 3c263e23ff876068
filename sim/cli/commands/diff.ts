// `rmqsim diff <a.yaml> [b.yaml] [--set key=value ...] [--seed N]`: what if?
// Runs two configurations with the same seed and prints side by side what
// differs (expectations, sends by status, losses and why they were allowed,
// availability phases, latency, failover times), and writes diff.html with
// both runs' charts on one time axis. B is the second file, or A with the
// --set changes (which may also be applied to a second file). Exit 0 when
// both ran and B holds every expectation A holds, 1 when B breaks one that A
// holds (a regression), 2 on bad input, 3 when the simulator crashed.
import {
  compareRuns,
  configChanges,
  renderDiffHtml,
  writeReportAtomically,
  type DiffSection,
} from '../../report/index.js';
import { applySets, blameSets, parseScenario, type Scenario } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { checkBugsOrFail, loadedOrFail, loadOrFail, outDirOrFail, printJson, reportError } from './common.js';
import { printFailure } from './run.js';
import { execute } from '../execute.js';
import { printDiff } from '../diff-print.js';

export interface DiffFlags {
  readonly set: readonly string[];
  readonly seed?: number;
  readonly json: boolean;
  readonly out: string;
  readonly bug: readonly string[];
  readonly report: boolean;
}

/** Loads B: the second file or A's file, with the --set changes applied before validation. */
function loadB(io: CliIo, fileA: string, fileB: string | undefined, flags: DiffFlags): Scenario | number {
  const file = fileB ?? fileA;
  if (flags.set.length === 0) return loadOrFail(io, file, flags.json);
  // The file alone first: its own errors at their lines; whatever fails after the changes is theirs.
  const base = loadOrFail(io, file, flags.json);
  if (typeof base === 'number') return base;
  const read = readText(file);
  if (!read.ok) return loadOrFail(io, file, flags.json);
  const changed = applySets(read.text, flags.set);
  if (!changed.ok) {
    if (flags.json) printJson(io, { ok: false, error: 'usage', option: '--set', message: changed.error });
    else io.stderr.write(`error: ${changed.error}\n`);
    return EXIT.USAGE;
  }
  const label = `${file} ${flags.set.map((s) => `--set ${s}`).join(' ')}`;
  const r = parseScenario(changed.text, label);
  if (r.ok) return { ...r.scenario, file };
  return loadedOrFail(io, { ok: false, errors: blameSets(r.errors, changed.written, label) }, label, flags.json);
}

const regressions = (sections: readonly DiffSection[]): string[] =>
  (sections.find((s) => s.title === 'Expectations')?.rows ?? [])
    .filter((r) => r.a.startsWith('PASS') && r.b.startsWith('FAIL'))
    .map((r) => r.label);

export function diffCommand(io: CliIo, fileA: string, fileB: string | undefined, flags: DiffFlags): number {
  if (fileB === undefined && flags.set.length === 0) {
    const message = 'two scenario files, or one with --set key=value (e.g. --set broker.flushDiskType=SYNC_FLUSH)';
    if (flags.json) printJson(io, { ok: false, error: 'usage', message: `expected ${message}` });
    else io.stderr.write(`error: rmqsim diff: expected ${message}\n`);
    return EXIT.USAGE;
  }
  const a = loadOrFail(io, fileA, flags.json);
  if (typeof a === 'number') return a;
  const b = loadB(io, fileA, fileB, flags);
  if (typeof b === 'number') return b;
  const bugCheck = checkBugsOrFail(io, flags.bug, flags.json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const outCheck = outDirOrFail(io, flags.out, flags.json, flags.report);
  if (outCheck !== EXIT.OK) return outCheck;
  const seed = flags.seed ?? a.seed;
  const xa = execute(a, { seed, bugs: flags.bug, build: io.build });
  if (!xa.ok) return printFailure(io, xa, flags.json);
  const xb = execute(b, { seed, bugs: flags.bug, build: io.build });
  if (!xb.ok) return printFailure(io, xb, flags.json);
  const sections = compareRuns(xa.result, xb.result, configChanges(a, b));
  const labelA = fileA;
  const labelB =
    flags.set.length === 0 ? (fileB ?? fileA) : `${fileB ?? fileA} ${flags.set.map((s) => `--set ${s}`).join(' ')}`;
  const worse = regressions(sections);
  const summary = {
    ok: worse.length === 0,
    seed,
    regressions: worse,
    a: { label: labelA, scenario: xa.result.scenario, ok: xa.result.ok, traceHash: xa.result.traceHash },
    b: { label: labelB, scenario: xb.result.scenario, ok: xb.result.ok, traceHash: xb.result.traceHash },
    sections,
  };
  let dir: string | undefined;
  if (flags.report) {
    const target = `${flags.out.replace(/\/+$/, '')}/diff/${a.name}-vs-${fileB === undefined ? 'set' : b.name}/${seed}`;
    const html = renderDiffHtml({ a: xa.result, b: xb.result, labelA, labelB }, sections);
    const json = `${JSON.stringify({ seed, a: labelA, b: labelB, sections }, null, 2)}\n`;
    const w = writeReportAtomically(target, { 'diff.html': html, 'diff.json': json });
    // Like `run`: a diff.html that could not be written is bad output (exit 2), never a warning under exit 0.
    if (!w.ok) return reportError(io, flags.json, flags.out, w.reason, summary);
    dir = w.dir;
  }
  if (flags.json) {
    printJson(io, { ...summary, ...(dir !== undefined ? { diffDir: dir } : {}) });
  } else {
    printDiff(colours(io.stdoutTTY, io.env), io.stdout, { seed, labelA, labelB }, sections);
    if (worse.length > 0) io.stdout.write(`B breaks what A holds: ${worse.join(', ')}\n`);
    if (dir !== undefined) io.stdout.write(`diff: ${dir}/diff.html (also diff.json)\n`);
  }
  return worse.length > 0 ? EXIT.FAILED : EXIT.OK;
}
