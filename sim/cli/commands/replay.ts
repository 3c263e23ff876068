// `rmqsim replay <report.json>`: re-runs a report's scenario with its seed and
// bug switches and exits 0 only if the trace hash is the same (replay proves
// determinism: same scenario + same seed + same code => same hash).
import { codeIdentity, readReport, readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { checkBugsOrFail, loadedOrFail, loadOrFail, printJson } from './common.js';
import { printFailure } from './run.js';
import { execute } from '../execute.js';
import {
  constantChanges,
  parseScenario,
  resolveConstants,
  scenarioDigest,
  type Scenario,
} from '../../scenario/index.js';
import type { CodeIdentity } from '../../report/index.js';

export interface Recorded {
  readonly file: string;
  readonly seed: number;
  readonly bugs: readonly string[];
  readonly traceHash: string;
  readonly scenarioDigest: string | undefined;
  /** The scenario text the report embeds (reports written before issue 10 row 6 have none). */
  readonly scenarioText: string | undefined;
  /** The code that wrote the report. */
  readonly code: CodeIdentity | undefined;
  /** The resolved constants the report recorded (undefined in older reports). */
  readonly constants: unknown;
}

function codeOf(v: unknown): CodeIdentity | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  if (typeof c['version'] !== 'string' || typeof c['digest'] !== 'string') return undefined;
  return {
    version: c['version'],
    digest: c['digest'],
    ...(typeof c['commit'] === 'string' ? { commit: c['commit'] } : {}),
  };
}

export function parseReport(text: string): Recorded | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof data !== 'object' || data === null) return 'not a JSON object';
  const d = data as Record<string, unknown>;
  if (typeof d['file'] !== 'string') return 'no "file" field';
  if (typeof d['seed'] !== 'number') return 'no numeric "seed" field';
  if (typeof d['traceHash'] !== 'string') return 'no "traceHash" field';
  const bugs = Array.isArray(d['bugs']) ? d['bugs'].filter((b): b is string => typeof b === 'string') : [];
  const digest = typeof d['scenarioDigest'] === 'string' ? d['scenarioDigest'] : undefined;
  const scenarioText = typeof d['scenarioText'] === 'string' ? d['scenarioText'] : undefined;
  return {
    file: d['file'],
    seed: d['seed'],
    bugs,
    traceHash: d['traceHash'],
    scenarioDigest: digest,
    scenarioText,
    code: codeOf(d['code']),
    constants: d['constants'],
  };
}

/**
 * The report's scenario: from the text it embeds (nothing else needed, from any directory or machine),
 * else, for an older report, from its file. Prints why not and gives 2 when it does not load.
 */
export function loadRecorded(
  io: CliIo,
  rec: Recorded,
  json: boolean,
): { readonly scenario: Scenario; readonly text: string | undefined } | typeof EXIT.USAGE {
  if (rec.scenarioText === undefined) {
    const s = loadOrFail(io, rec.file, json);
    if (typeof s === 'number') return s;
    const read = readText(rec.file);
    return { scenario: s, text: read.ok ? read.text : undefined };
  }
  const s = loadedOrFail(io, parseScenario(rec.scenarioText, rec.file), rec.file, json);
  return typeof s === 'number' ? s : { scenario: s, text: rec.scenarioText };
}

/** What differs between the code that wrote a report and this one, or undefined when nothing does (or the report does not say). */
export function codeChange(recorded: CodeIdentity | undefined, now: CodeIdentity): string | undefined {
  if (recorded === undefined) return undefined;
  const name = (c: CodeIdentity): string =>
    `${c.version}${c.commit !== undefined ? ` commit ${c.commit.slice(0, 12)}` : ''} code ${c.digest}`;
  const same =
    recorded.version === now.version &&
    recorded.digest === now.digest &&
    (recorded.commit === undefined || now.commit === undefined || recorded.commit === now.commit);
  return same ? undefined : `the report was written by rmqsim ${name(recorded)}; this is ${name(now)}`;
}

export function replayCommand(io: CliIo, reportPath: string, json: boolean): number {
  const read = readReport(reportPath);
  const rec = read.ok ? parseReport(read.text) : read.reason;
  if (typeof rec === 'string') {
    if (json) printJson(io, { ok: false, error: 'bad report', file: reportPath, message: rec });
    else io.stderr.write(`error: ${reportPath}: expected a report.json written by \`rmqsim run\`, found ${rec}\n`);
    return EXIT.USAGE;
  }
  const loaded = loadRecorded(io, rec, json);
  if (typeof loaded === 'number') return loaded;
  const s = loaded.scenario;
  const codeChanged = codeChange(rec.code, codeIdentity());
  const constants = rec.constants === undefined ? [] : constantChanges(rec.constants, resolveConstants(s.cluster));
  const bugCheck = checkBugsOrFail(io, rec.bugs, json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const scenarioChanged = rec.scenarioDigest !== undefined && rec.scenarioDigest !== scenarioDigest(s);
  const x = execute(s, { seed: rec.seed, bugs: rec.bugs, build: io.build });
  if (!x.ok) return printFailure(io, x, json);
  const same = x.result.traceHash === rec.traceHash;
  if (json) {
    printJson(io, {
      ok: same,
      scenario: s.name,
      file: rec.file,
      seed: rec.seed,
      recordedTraceHash: rec.traceHash,
      traceHash: x.result.traceHash,
      scenarioChanged,
      embeddedScenario: rec.scenarioText !== undefined,
      constantChanges: constants,
      codeChanged: codeChanged !== undefined,
      ...(codeChanged !== undefined ? { codeChange: codeChanged } : {}),
    });
  } else {
    const c = colours(io.stdoutTTY, io.env);
    io.stdout.write(
      same
        ? `${c.green.bold('replayed')}: ${s.name} seed ${rec.seed} gives trace ${x.result.traceHash}, as recorded\n`
        : `${c.red.bold('diverged')}: ${s.name} seed ${rec.seed} gives trace ${x.result.traceHash}, the report recorded ${rec.traceHash}\n`,
    );
    if (codeChanged !== undefined) io.stdout.write(`  ${c.yellow('code changed')}: ${codeChanged}\n`);
    if (constants.length > 0)
      io.stdout.write(
        `  ${c.yellow('constants changed')} since the report: ${constants.slice(0, 10).join('; ')}${constants.length > 10 ? `; ${constants.length - 10} more` : ''}\n`,
      );
    if (rec.scenarioText === undefined)
      io.stdout.write(`  (an older report without the scenario text: ${rec.file} was read from disk)\n`);
    if (!same && scenarioChanged) io.stdout.write(`  the scenario ${rec.file} changed since the report was written\n`);
    if (!same && !scenarioChanged)
      io.stdout.write(
        codeChanged !== undefined
          ? '  same scenario, different code: the trace moved with the code\n'
          : '  same scenario, same code, different trace: determinism is broken\n',
      );
  }
  return same ? EXIT.OK : EXIT.FAILED;
}
