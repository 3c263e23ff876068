// `rmqsim replay <report.json>`: re-runs a report's scenario with its seed and
// bug switches and exits 0 only if the trace hash is the same (replay proves
// determinism: same scenario + same seed + same code => same hash).
import { readReport, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { checkBugsOrFail, loadOrFail, printJson } from './common.js';
import { printFailure } from './run.js';
import { execute } from '../execute.js';
import { scenarioDigest } from '../../scenario/index.js';

export interface Recorded {
  readonly file: string;
  readonly seed: number;
  readonly bugs: readonly string[];
  readonly traceHash: string;
  readonly scenarioDigest: string | undefined;
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
  return { file: d['file'], seed: d['seed'], bugs, traceHash: d['traceHash'], scenarioDigest: digest };
}

export function replayCommand(io: CliIo, reportPath: string, json: boolean): number {
  const read = readReport(reportPath);
  const rec = read.ok ? parseReport(read.text) : read.reason;
  if (typeof rec === 'string') {
    if (json) printJson(io, { ok: false, error: 'bad report', file: reportPath, message: rec });
    else io.stderr.write(`error: ${reportPath}: expected a report.json written by \`rmqsim run\`, found ${rec}\n`);
    return EXIT.USAGE;
  }
  const s = loadOrFail(io, rec.file, json);
  if (typeof s === 'number') return s;
  const bugCheck = checkBugsOrFail(io, rec.bugs, json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const scenarioChanged = rec.scenarioDigest !== undefined && rec.scenarioDigest !== scenarioDigest(s);
  const x = execute(s, { seed: rec.seed, bugs: rec.bugs, build: io.build });
  if (!x.ok) return printFailure(io, x, json);
  const same = x.result.traceHash === rec.traceHash;
  if (json) {
    printJson(io, { ok: same, scenario: s.name, file: rec.file, seed: rec.seed, recordedTraceHash: rec.traceHash, traceHash: x.result.traceHash, scenarioChanged });
  } else {
    const c = colours(io.stdoutTTY, io.env);
    io.stdout.write(same
      ? `${c.green.bold('replayed')}: ${s.name} seed ${rec.seed} gives trace ${x.result.traceHash}, as recorded\n`
      : `${c.red.bold('diverged')}: ${s.name} seed ${rec.seed} gives trace ${x.result.traceHash}, the report recorded ${rec.traceHash}\n`);
    if (!same && scenarioChanged) io.stdout.write(`  the scenario file ${rec.file} changed since the report was written\n`);
    if (!same && !scenarioChanged) io.stdout.write('  same scenario, different trace: the code changed, or determinism is broken\n');
  }
  return same ? EXIT.OK : EXIT.FAILED;
}
