// `rmqsim shrink <report.json> [--out DIR] [--max-runs N] [--json]`: from a
// failing run (a sweep seed's report, a --bug run), find a small scenario that
// still fails the same expectation. Replays the run, turns its random chaos
// draws into a scripted fault list, delta-debugs it (sim/scenario/shrink.ts),
// and writes shrunk.yaml (a normal scenario file, with a comment saying what
// it was shrunk from) and its report. With bug switches on, it also runs the
// shrunk scenario with them off and says whether it passes then.
import type { ChalkInstance } from 'chalk';
import { stringify, parse } from 'yaml';
import { REPORT_FILES, renderReportFiles, replayCommand, writeReportAtomically } from '../../report/index.js';
import {
  expectationName,
  faultsOf,
  parseScenario,
  pinSwarm,
  scriptChaos,
  shrinkScenario,
  type Doc,
  type Probe,
  type Scenario,
} from '../../scenario/index.js';
import { readReport, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { usage } from '../sweep-output.js';
import { checkBugsOrFail, outDirOrFail, printJson, reportError, reportMeta } from './common.js';
import { execute } from '../execute.js';
import { loadRecorded, parseReport, type Recorded } from './replay.js';

export interface ShrinkFlags {
  readonly out: string;
  readonly maxRuns: number;
  readonly json: boolean;
  /** Shrink this expectation (default: the report's first failed one). */
  readonly expectation?: string;
}

interface Failing {
  readonly file: string;
  readonly seed: number;
  readonly bugs: string[];
  readonly failed: string[];
  readonly rec: Recorded;
}

/** The run a report names (replay's parser), plus the expectations it failed. */
function parseFailing(text: string): Failing | string {
  const rec = parseReport(text);
  if (typeof rec === 'string') return `a report.json written by \`rmqsim run\` or \`rmqsim sweep\` (${rec})`;
  const expectations: unknown = (JSON.parse(text) as Record<string, unknown>)['expectations'];
  if (!Array.isArray(expectations)) return 'a report.json with file, seed and expectations';
  const failed = expectations
    .filter(
      (e): e is { name: string; ok: boolean } =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as { name?: unknown }).name === 'string' &&
        (e as { ok?: unknown }).ok === false,
    )
    .map((e) => e.name);
  return { file: rec.file, seed: rec.seed, bugs: [...rec.bugs], failed, rec };
}

/**
 * Runs a document with the seed and switches: does it fail `expectation`? With bug switches on, a
 * candidate counts as failing only if the same expectation holds with them off: the shrunk scenario
 * must catch the bug, not fail on its own. `runs` counts every simulation run.
 */
function prober(
  io: CliIo,
  seed: number,
  bugs: readonly string[],
  expectation: string,
): { probe: Probe; runs: () => number } {
  let runs = 0;
  const fails = (s: Scenario, on: readonly string[]): boolean | undefined => {
    runs++;
    const x = execute(s, { seed, bugs: on, build: io.build });
    return x.ok ? x.result.expectations.some((e) => e.name === expectation && !e.ok) : undefined;
  };
  const probe: Probe = (doc) => {
    const loaded = parseScenario(stringify(doc), 'shrunk.yaml');
    if (!loaded.ok) return 'invalid';
    const on = fails(loaded.scenario, bugs);
    if (on !== true) return on === undefined ? 'invalid' : 'passes';
    if (bugs.length === 0) return 'fails';
    return fails(loaded.scenario, []) === false ? 'fails' : 'passes';
  };
  return { probe, runs: () => runs };
}

/** Keeps only the expectation being shrunk (the others are not what this failure is about). */
function onlyExpectation(doc: Doc, s: Scenario, expectation: string): Doc {
  const raw = Array.isArray(doc['expectations']) ? (doc['expectations'] as unknown[]) : [];
  return {
    ...doc,
    expectations: raw.filter((_, i) => {
      const e = s.expectations[i];
      return e !== undefined && expectationName(e) === expectation;
    }),
  };
}

/**
 * The expectation to shrink: --expectation when the report failed it, else the first the report
 * failed. Otherwise the option (or the report) and what was expected.
 */
function pickExpectation(
  f: Failing,
  wanted: string | undefined,
  reportPath: string,
): { readonly name: string } | { readonly option: string; readonly problem: string } {
  const first = f.failed[0];
  if (wanted === undefined)
    return first === undefined
      ? { option: reportPath, problem: 'a report of a failing run (every expectation held)' }
      : { name: first };
  if (f.failed.includes(wanted)) return { name: wanted };
  const failed = f.failed.length === 0 ? 'none' : f.failed.join(', ');
  return { option: '--expectation', problem: `an expectation the run failed (${failed}), found "${wanted}"` };
}

function header(f: Failing, expectation: string, runs: number, before: number, after: number): string {
  return [
    `# Shrunk by \`rmqsim shrink\` from ${f.file}, seed ${f.seed}${f.bugs.length > 0 ? `, bug switch(es) ${f.bugs.join(' ')}` : ''}.`,
    `# It still fails ${expectation}: ${before} scripted fault(s) became ${after}, in ${runs} runs.`,
    `# Replay: rmqsim run <this file>${f.bugs.map((b) => ` --bug ${b}`).join('')}`,
    '',
  ].join('\n');
}

/**
 * How --max-runs is shared; exact, every simulation run counts. With bug switches a probe, and the shrunk
 * file's closing run, is two runs: with them and without. Always run: the replay, the scripted schedule's
 * probe and the closing run(s); the shrinker gets the rest. What is expected when the bound is below that.
 */
function runBudget(
  withBugs: boolean,
  maxRuns: number,
): { readonly maxRuns: number; readonly runsPerProbe: number } | string {
  const runsPerProbe = withBugs ? 2 : 1;
  const fixed = 1 + 2 * runsPerProbe;
  if (maxRuns < fixed)
    return `at least ${fixed} (the replay, the scripted schedule's check and the shrunk file's own run${withBugs ? 's, with and without the bug switches' : ''}), found ${maxRuns}`;
  return { maxRuns: maxRuns - runsPerProbe, runsPerProbe };
}

interface ShrunkSummary {
  readonly faultsBefore: number;
  readonly faultsAfter: number;
  readonly runs: number;
  readonly exhausted: boolean;
  readonly shrunk: string;
  readonly replay: string;
  readonly withoutBugs?: string;
}

/** The closing lines: faults before and after, the runs used, where shrunk.yaml is and how to replay it. */
function printShrunk(say: (line: string) => void, c: ChalkInstance, s: ShrunkSummary, maxRuns: number): void {
  const stopped = s.exhausted ? ` (stopped at --max-runs ${maxRuns})` : '';
  say(c.bold(`${s.faultsBefore} fault(s) -> ${s.faultsAfter}; ${s.runs} runs${stopped}`));
  if (s.withoutBugs !== undefined) say(`  with the bug switch(es) off it ${s.withoutBugs}`);
  say(`shrunk: ${s.shrunk} (report beside it)`);
  say(`replay: ${s.replay}`);
}

export function shrinkCommand(io: CliIo, reportPath: string, flags: ShrinkFlags): number {
  const read = readReport(reportPath);
  const f = read.ok ? parseFailing(read.text) : `a readable report.json, found ${read.reason}`;
  if (typeof f === 'string') return usage(io, flags.json, reportPath, f);
  const loaded = loadRecorded(io, f.rec, flags.json);
  if (typeof loaded === 'number') return loaded;
  const s: Scenario = loaded.scenario;
  const bugCheck = checkBugsOrFail(io, f.bugs, flags.json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const outCheck = outDirOrFail(io, flags.out, flags.json, true);
  if (outCheck !== EXIT.OK) return outCheck;
  const picked = pickExpectation(f, flags.expectation, reportPath);
  if ('problem' in picked) return usage(io, flags.json, picked.option, picked.problem);
  const expectation = picked.name;
  const budget = runBudget(f.bugs.length > 0, flags.maxRuns);
  if (typeof budget === 'string') return usage(io, flags.json, '--max-runs', budget);
  const c = colours(io.stdoutTTY, io.env);
  const say = (line: string): void => {
    if (!flags.json) io.stdout.write(`${line}\n`);
  };
  const { probe, runs: runsUsed } = prober(io, f.seed, f.bugs, expectation);
  const original = (loaded.text !== undefined ? parse(loaded.text) : {}) as Doc;
  say(c.bold(`shrinking ${f.file} seed ${f.seed}${f.bugs.map((b) => ` --bug ${b}`).join('')}: ${expectation}`));
  const replay = execute(s, { seed: f.seed, bugs: f.bugs, build: io.build });
  if (!replay.ok || !replay.result.expectations.some((e) => e.name === expectation && !e.ok)) {
    return usage(
      io,
      flags.json,
      reportPath,
      `a run that fails ${expectation}; the replay ${replay.ok ? 'passes it (the file or the code changed?)' : `crashed: ${replay.error}`}`,
    );
  }
  const scripted = scriptChaos(
    pinSwarm(onlyExpectation({ ...original, seed: f.seed }, s, expectation), replay.result.drawn),
    replay.result.faults,
  );
  const before = faultsOf(scripted.doc).length;
  say(`  replayed: fails ${expectation}; ${scripted.drawn} random fault(s) scripted, ${before} fault(s) in all`);
  if (probe(scripted.doc) !== 'fails') {
    return usage(
      io,
      flags.json,
      reportPath,
      f.bugs.length === 0
        ? 'a failure that survives scripting its chaos draws; the scripted schedule passes (the failure hangs on the random stream)'
        : `a failure caused by the bug switch(es): the scripted schedule must fail ${expectation} with them on and hold it with them off, and does not`,
    );
  }
  const seen = replay.result.expectations
    .filter((e) => e.name === expectation)
    .flatMap((e) => e.violations.map((v) => v.atUs))
    .filter((t) => t > 0);
  const failedAtUs = seen.length === 0 ? undefined : Math.min(...seen);
  // Every simulation run counts, the replay first: each probe with bug switches is two runs.
  const options = { ...budget, onProgress: say, failedAtUs, runsUsed: () => runsUsed() + 1 };
  const shrunk = shrinkScenario(scripted.doc, probe, options);
  // Besides the replay and the probes' runs: the shrunk file's own run, and with bug switches its run without them.
  const runs = runsUsed() + 1 + budget.runsPerProbe;
  const name = `${typeof original['name'] === 'string' ? original['name'] : s.name}-shrunk`;
  const after = faultsOf(shrunk.doc).length;
  const yamlText =
    header(f, expectation, runs, before, after) +
    stringify({
      ...shrunk.doc,
      name,
      description: `Shrunk from ${f.file} seed ${f.seed}: fails ${expectation} with ${after} fault(s).`,
    });
  const final = parseScenario(yamlText, `${name}.yaml`);
  if (!final.ok) return usage(io, flags.json, reportPath, 'a shrunk scenario that validates (a bug in shrink)');
  const dir = `${flags.out.replace(/\/+$/, '')}/${name}/${f.seed}`;
  const shrunkFile = `${dir}/shrunk.yaml`;
  const run = execute({ ...final.scenario, file: shrunkFile }, { seed: f.seed, bugs: f.bugs, build: io.build });
  // Proven inside every accepted probe already; run once more for the report's statement.
  const offRun = f.bugs.length === 0 ? undefined : execute(final.scenario, { seed: f.seed, bugs: [], build: io.build });
  const withoutBugs = offRun === undefined ? undefined : offRun.ok && offRun.result.ok ? 'passes' : 'fails';
  const files: Record<string, string> = { 'shrunk.yaml': yamlText };
  if (run.ok) Object.assign(files, renderReportFiles(run.result, reportMeta(run.wallMs, yamlText)));
  const summary = {
    ok: true,
    from: { report: reportPath, file: f.file, seed: f.seed, bugs: f.bugs },
    expectation,
    faultsBefore: before,
    faultsAfter: after,
    runs,
    exhausted: shrunk.exhausted,
    steps: shrunk.steps,
    shrunk: shrunkFile,
    replay: replayCommand({ file: shrunkFile, seed: f.seed, bugs: f.bugs }),
    stillFails: run.ok && !run.result.ok,
    ...(withoutBugs !== undefined ? { withoutBugs } : {}),
  };
  // Owns its report files too: a shrunk run that crashed leaves no earlier shrink's report beside the new file.
  const w = writeReportAtomically(dir, files, ['shrunk.yaml', ...REPORT_FILES]);
  // Like `run`: shrunk.yaml and its report not written is bad output (exit 2), never a warning under exit 0.
  if (!w.ok) return reportError(io, flags.json, flags.out, w.reason, summary);
  if (flags.json) printJson(io, { ...summary, reportDir: dir });
  else printShrunk(say, c, summary, flags.maxRuns);
  return EXIT.OK;
}
