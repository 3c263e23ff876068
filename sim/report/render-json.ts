// The machine-readable forms of a run: the summary object that `--json`
// prints (one object, nothing else) and report.json, which adds the fault
// intervals, timeline, node tracks and send series. Pure.
import type { Lang } from '../i18n/index.js';
import type { ResolvedConstants, RunResult } from '../scenario/index.js';

/** What the CLI knows about a run that the simulation does not: wall time and the code's version. */
export interface RunMeta {
  readonly wallMs: number;
  readonly codeVersion: string;
  /** The language of report.md, report.html and the viewer's first view (default en). */
  readonly lang?: Lang;
  /** The scenario file's text, embedded in report.json so a replay needs nothing but the report. */
  readonly scenarioText?: string;
  /** The constants the run used: defaults with the file's overrides applied (sim/scenario/constants.ts). */
  readonly constants?: ResolvedConstants;
  /** The code that ran, finer than the version: the git commit it was built from and a digest of the built code. */
  readonly code?: CodeIdentity;
}

export interface CodeIdentity {
  readonly version: string;
  /** The git commit at build time, when the build knew it. */
  readonly commit?: string;
  /** sha256 over the simulator's code files as loaded (sim/ or dist/sim/). */
  readonly digest: string;
}

/** The `--json` object: the run's identity and verdicts, plus what only the CLI knows. */
export type RunSummary = Pick<
  RunResult,
  | 'scenario'
  | 'file'
  | 'seed'
  | 'bugs'
  | 'ok'
  | 'traceHash'
  | 'scenarioDigest'
  | 'simulatedMs'
  | 'events'
  | 'expectations'
  | 'stats'
> & {
  readonly codeVersion: string;
  readonly wallMs: number;
  /** The command that re-runs exactly this run. */
  readonly replay: string;
  /** Per producer group: offered vs achieved rate and outcomes. */
  readonly producers: RunResult['sends']['groups'];
  /** Per consumer group: consumed, RECONSUME_LATER, and the backlog when the run ended. */
  readonly consumers: RunResult['consumption'];
  /** The configuration a config swarm drew for this seed. */
  readonly drawn?: RunResult['drawn'];
};

const quote = (s: string): string => (/^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** `rmqsim run <file> --seed N [--bug X ...]`. */
export function replayCommand(r: Pick<RunResult, 'file' | 'seed' | 'bugs'>): string {
  return ['rmqsim run', quote(r.file), `--seed ${r.seed}`, ...r.bugs.map((b) => `--bug ${quote(b)}`)].join(' ');
}

export function runSummary(r: RunResult, meta: RunMeta): RunSummary {
  return {
    scenario: r.scenario,
    file: r.file,
    seed: r.seed,
    bugs: r.bugs,
    ok: r.ok,
    traceHash: r.traceHash,
    scenarioDigest: r.scenarioDigest,
    codeVersion: meta.codeVersion,
    simulatedMs: r.simulatedMs,
    wallMs: Math.round(meta.wallMs),
    events: r.events,
    expectations: r.expectations,
    stats: r.stats,
    replay: replayCommand(r),
    producers: r.sends.groups,
    consumers: r.consumption,
    ...(r.drawn !== undefined ? { drawn: r.drawn } : {}),
  };
}

/** report.json: the summary plus everything the HTML report draws. */
export function reportJson(r: RunResult, meta: RunMeta): string {
  const full = {
    ...runSummary(r, meta),
    ...(meta.code !== undefined ? { code: meta.code } : {}),
    ...(meta.scenarioText !== undefined ? { scenarioText: meta.scenarioText } : {}),
    ...(meta.constants !== undefined ? { constants: meta.constants } : {}),
    description: r.description,
    explanation: r.explanation,
    faults: r.faults,
    timeline: r.timeline,
    timelineDropped: r.timelineDropped,
    nodes: r.nodes,
    sends: r.sends,
    consumption: r.consumption,
  };
  return `${JSON.stringify(full, null, 2)}\n`;
}
