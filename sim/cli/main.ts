// rmqsim: the command line. One file per command in ./commands; this file
// only declares them with commander and maps every outcome to an exit code:
// 0 every expectation holds, 1 an expectation failed, 2 bad input or usage
// (commander's own usage errors included), 3 the simulator crashed.
import { stripVTControlCharacters } from 'node:util';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { bugsCommand } from './commands/bugs.js';
import { checkCommand } from './commands/check.js';
import { importCommand } from './commands/import.js';
import { crashMessage } from './execute.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { listCommand } from './commands/list.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { inspectCommand, type InspectFlags } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { shrinkCommand } from './commands/shrink.js';
import { sweepCommand } from './commands/sweep.js';
import { codeVersion, processIo, type CliIo } from './io.js';
import { EXIT } from './style.js';
import { isLang, langFromEnv, LANGS, type Lang } from '../i18n/index.js';
import { parseSeed } from '../scenario/index.js';
import { printJson } from './commands/common.js';

/** An integer option in [min, max]: digits only, never rounded (a value past 2^53 is refused, not approximated). */
function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw new InvalidArgumentError(`${name} must be an integer ${min} .. ${max}.`);
    return Number(v);
  };
}

/** --seed: what a scenario's `seed:` accepts (issue 10 row 9). */
function seedOption(v: string): number {
  const seed = parseSeed(v);
  if (typeof seed === 'string') throw new InvalidArgumentError(`--seed: expected ${seed}.`);
  return seed;
}

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

interface Common {
  json?: boolean;
  out: string;
  bug?: string[];
  report: boolean;
}

/** Where commander writes help and --version (stdout, or a buffer that --json prints as one object). */
type WriteOut = (text: string) => void;
/** Where a command's action leaves its exit code (or the promise of one). */
type SetCode = (code: number | Promise<number>) => void;

function program(io: CliIo, setCode: SetCode, writeOut: WriteOut): Command {
  const p = new Command('rmqsim')
    .description(
      'Deterministic simulator of a RocketMQ 4.9.7 cluster: run fault scenarios, check invariants, write reports.',
    )
    .version(codeVersion())
    .showHelpAfterError('(run `rmqsim --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut, writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  rmqsim list                                              the scenario library',
        '  rmqsim explain scenarios/dledger-leader-crash.yaml       the story in plain words',
        '  rmqsim run scenarios/production-ha.yaml                  run it; report in reports/production-ha/42/',
        '  rmqsim run scenarios/raft-chaos.yaml --seed 7 --bug raft.vote-without-persist',
        '  rmqsim sweep scenarios/swarm.yaml --seeds 1..50          many seeds, one worker per core',
        "  rmqsim sweep scenarios/swarm.yaml --seeds 1..200 --shard 0/4 --json > part0.json   one machine's share",
        '  rmqsim merge part*.json --junit junit.xml                the shards as one sweep',
        '  rmqsim diff scenarios/async-flush-power-loss.yaml --set broker.flushDiskType=SYNC_FLUSH   what if?',
        '  rmqsim replay reports/production-ha/42/report.json       same trace hash, or exit 1',
        '  rmqsim inspect reports/production-ha/42/report.json --at 2m05s clusterList   mqadmin at that instant',
        '',
        'Exit codes: 0 every expectation holds, 1 an expectation failed, 2 bad input or usage, 3 simulator error.',
      ].join('\n'),
    );
  runCommands(p, io, setCode);
  whatIfCommands(p, io, setCode);
  toolCommands(p, io, setCode);
  return p;
}

// A fresh Option per command (commander keeps state on it); the default follows LANG.
const lang = (): Option =>
  new Option(
    '--lang <lang>',
    'language of the timeline, verdicts and reports: zh or en (default: from LANG, else en)',
  ).choices(LANGS);
const langOf = (io: CliIo, v: string | undefined): Lang => (v !== undefined && isLang(v) ? v : langFromEnv(io.env));
const bug = (): Option =>
  new Option('--bug <name>', 'turn a bug switch on (repeatable; see `rmqsim bugs`)').argParser(collect);

/** The commands that run scenarios: run, sweep, merge. */
function runCommands(p: Command, io: CliIo, setCode: SetCode): void {
  const out = new Option('--out <dir>', 'where reports are written').default('reports');
  p.command('run')
    .argument('<file>', 'scenario file')
    .description('run a scenario once and write reports/<scenario>/<seed>/')
    .option('--seed <n>', "seed (default: the scenario's)", seedOption)
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(out)
    .addOption(bug())
    .option('--no-report', 'do not write the report directory')
    .option('--trace <file>', 'also write the trace as JSON lines (faults, lifecycle, decisions)')
    .option('--trace-hot', 'with --trace: include every message delivery and timer firing (large)')
    .option(
      '--history <file>',
      'also write the client history as Jepsen-style operation JSON lines (docs/history-format.md)',
    )
    .addOption(new Option('--quiet', 'print only the expectations').conflicts('verbose'))
    .option('--verbose', 'print every recorded event, not only faults and decisions')
    .addOption(lang())
    .action(
      (
        file: string,
        o: Common & {
          seed?: number;
          quiet?: boolean;
          verbose?: boolean;
          trace?: string;
          traceHot?: boolean;
          lang?: string;
          history?: string;
        },
      ) => {
        setCode(
          runCommand(io, file, {
            lang: langOf(io, o.lang),
            ...(o.seed !== undefined ? { seed: o.seed } : {}),
            ...(o.trace !== undefined ? { trace: o.trace } : {}),
            traceHot: o.traceHot === true,
            ...(o.history !== undefined ? { history: o.history } : {}),
            json: o.json === true,
            out: o.out,
            bug: o.bug ?? [],
            quiet: o.quiet === true,
            verbose: o.verbose === true,
            report: o.report,
          }),
        );
      },
    );

  p.command('sweep')
    .argument('<file>', 'scenario file')
    .description('run a scenario with many seeds on worker threads')
    .requiredOption('--seeds <range>', 'seeds, as A..B (inclusive), N or A,B,C')
    .option('--jobs <n>', 'worker threads (default: one per core, at most one per 8 seeds)', integer('--jobs', 1))
    .option(
      '--shard <K/N>',
      'run only shard K of N (K from 0, e.g. $JOB_COMPLETION_INDEX/4); combine the parts with `rmqsim merge`',
    )
    .option('--junit <file>', 'also write the sweep as JUnit XML (one test case per seed)')
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(new Option('--out <dir>', 'where reports of failing seeds are written').default('reports'))
    .addOption(new Option('--bug <name>', 'turn a bug switch on (repeatable)').argParser(collect))
    .option('--no-report', 'do not write reports for failing seeds')
    .action((file: string, o: Common & { seeds: string; jobs?: number; shard?: string; junit?: string }) => {
      setCode(
        sweepCommand(io, file, {
          seeds: o.seeds,
          ...(o.jobs !== undefined ? { jobs: o.jobs } : {}),
          ...(o.shard !== undefined ? { shard: o.shard } : {}),
          ...(o.junit !== undefined ? { junit: o.junit } : {}),
          json: o.json === true,
          out: o.out,
          bug: o.bug ?? [],
          report: o.report,
        }),
      );
    });

  p.command('merge')
    .argument('<parts...>', 'shard parts written by `rmqsim sweep --shard K/N --json`')
    .description('combine the shard parts of one sweep into the sweep result (same JSON, JUnit and exit code)')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--junit <file>', 'also write the merged sweep as JUnit XML')
    .action((parts: string[], o: { json?: boolean; junit?: string }) => {
      setCode(mergeCommand(io, parts, { json: o.json === true, ...(o.junit !== undefined ? { junit: o.junit } : {}) }));
    });
}

/** The what-if commands: diff two configurations, shrink a failing run. */
function whatIfCommands(p: Command, io: CliIo, setCode: SetCode): void {
  p.command('diff')
    .argument('<a>', 'scenario file (A)')
    .argument('[b]', 'second scenario file (B); without it, B is A with the --set changes')
    .description(
      'what if? run two configurations with the same seed and show side by side what differs; writes diff.html',
    )
    .option(
      '--set <key=value>',
      'change a value for B (repeatable): namesrvs=3, broker.flushDiskType=SYNC_FLUSH, broker.<constant>=v, cluster.groups.0.mode=dledger',
      collect,
    )
    .option('--seed <n>', "seed for both runs (default: A's)", seedOption)
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(new Option('--out <dir>', 'diff.html goes to <dir>/diff/<a>-vs-<b>/<seed>/').default('reports'))
    .addOption(bug())
    .option('--no-report', 'do not write diff.html')
    .action((a: string, b: string | undefined, o: Common & { set?: string[]; seed?: number }) => {
      setCode(
        diffCommand(io, a, b, {
          set: o.set ?? [],
          ...(o.seed !== undefined ? { seed: o.seed } : {}),
          json: o.json === true,
          out: o.out,
          bug: o.bug ?? [],
          report: o.report,
        }),
      );
    });

  p.command('shrink')
    .argument('<report>', 'report.json of a failing run')
    .description('find a small scenario that still fails the same expectation; writes shrunk.yaml and its report')
    .option('--max-runs <n>', 'at most this many simulation runs in all', integer('--max-runs', 1), 300)
    .option('--expectation <name>', 'the expectation to keep failing (default: the first that failed)')
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(new Option('--out <dir>', 'shrunk.yaml goes to <dir>/<scenario>-shrunk/<seed>/').default('reports'))
    .action((report: string, o: { out: string; maxRuns: number; json?: boolean; expectation?: string }) => {
      setCode(
        shrinkCommand(io, report, {
          out: o.out,
          maxRuns: o.maxRuns,
          json: o.json === true,
          ...(o.expectation !== undefined ? { expectation: o.expectation } : {}),
        }),
      );
    });
}

/** The commands that read reports and scenarios: replay, inspect, list, explain, check, import, bugs. */
function toolCommands(p: Command, io: CliIo, setCode: SetCode): void {
  p.command('replay')
    .argument('<report>', 'a report.json written by `rmqsim run`')
    .description('re-run a report; exit 0 only if the trace hash matches')
    .option('--json', 'print exactly one JSON object on stdout')
    .action((report: string, o: { json?: boolean }) => setCode(replayCommand(io, report, o.json === true)));

  p.command('inspect')
    .argument('<report>', 'a report.json written by `rmqsim run`')
    .argument('<view>', 'clusterList | topicRoute | consumerProgress | brokerStatus')
    .description('what mqadmin would show at an instant of the run (the run is replayed to it)')
    .requiredOption('--at <time>', 'the simulated instant, e.g. 2m05s or 2m05.437s')
    .option('-t, --topic <topic>', 'topicRoute: the topic')
    .option('-g, --group <group>', 'consumerProgress: the consumer group')
    .option('-b, --broker <broker>', 'brokerStatus: the broker (its address, e.g. broker-a-0)')
    .action((report: string, view: string, o: InspectFlags) => setCode(inspectCommand(io, report, view, o)));

  p.command('list')
    .description('list the scenarios')
    .option('--dir <dir>', 'scenario directory', 'scenarios')
    .option('--json', 'JSON output')
    .action((o: { dir: string; json?: boolean }) => setCode(listCommand(io, o.dir, o.json === true)));

  p.command('explain')
    .argument('<file>', 'scenario file')
    .description('tell a scenario in plain words before running it')
    .option('--json', 'JSON output')
    .addOption(lang())
    .action((file: string, o: { json?: boolean; lang?: string }) =>
      setCode(explainCommand(io, file, o.json === true, langOf(io, o.lang))),
    );

  p.command('check')
    .argument('<files...>', 'scenario files')
    .description('validate scenario files without running them')
    .option('--json', 'JSON output')
    .action((files: string[], o: { json?: boolean }) => setCode(checkCommand(io, files, o.json === true)));

  p.command('import')
    .argument('<paths...>', 'RocketMQ .properties files, or directories holding them')
    .description(
      'write a scenario from real RocketMQ configuration files (broker-a.properties, broker-a-s.properties, namesrv.properties)',
    )
    .option('--out <file>', 'write the scenario here (default: stdout)')
    .option('--json', 'JSON output')
    .action((paths: string[], o: { out?: string; json?: boolean }) =>
      setCode(importCommand(io, paths, o.out, o.json === true)),
    );

  p.command('bugs')
    .description('list the bug switches and what each breaks')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) => setCode(bugsCommand(io, o.json === true)));
}

/** Whether the command line asks for --json (before a `--` that ends the options). */
function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Text written for a terminal, as one plain message: colour codes dropped, blank lines trimmed. */
const plain = (text: string): string => stripVTControlCharacters(text).trim();

async function parseAndRun(argv: readonly string[], io: CliIo, onUsage: (message: string) => void): Promise<number> {
  // Set from the command's action (a closure), so widened: flow analysis would pin it to EXIT.OK.
  let code = EXIT.OK as number | Promise<number>;
  // Under --json, help and --version are held back and printed as the one JSON object (issue 10 row 10).
  const json = jsonRequested(argv);
  let held = '';
  const p = program(
    io,
    (c) => {
      code = c;
    },
    json
      ? (s) => {
          held += s;
        }
      : (s) => io.stdout.write(s),
  );
  try {
    await p.parseAsync([...argv], { from: 'user' });
    return await code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error (2, not commander's 1).
      if (e.exitCode === 0) {
        if (json)
          printJson(
            io,
            e.code === 'commander.version' ? { ok: true, version: held.trim() } : { ok: true, help: plain(held) },
          );
        return EXIT.OK;
      }
      onUsage(plain(e.message));
      return EXIT.USAGE;
    }
    io.stderr.write(`simulator error (a bug in rmqsim): ${crashMessage(e)}\n`);
    return EXIT.CRASH;
  }
}

/**
 * Parses `argv` (without node and script) and runs the command; resolves to the exit code. Under
 * --json, stdout always carries exactly one JSON object: when a path printed nothing there (a usage
 * error commander caught, an output file that cannot be opened, a crash), the error goes out as
 * `{ ok: false, error, message }` (issue 10 row 10).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let printed = false as boolean; // set by the watched writer, a closure
  let errors = '';
  let usage: string | undefined;
  const watched: CliIo = {
    ...io,
    stdout: {
      write: (t) => {
        printed = true;
        io.stdout.write(t);
      },
    },
    stderr: {
      write: (t) => {
        errors += t;
        io.stderr.write(t);
      },
    },
  };
  const code = await parseAndRun(argv, watched, (m) => (usage = m));
  if (jsonRequested(argv) && !printed && code !== EXIT.OK) {
    const error = code === EXIT.CRASH ? 'simulator error' : code === EXIT.USAGE ? 'usage' : 'failed';
    printJson(io, { ok: false, error, exitCode: code, message: usage ?? plain(errors) });
  }
  return code;
}

export async function main(): Promise<void> {
  // `rmqsim list | head` closes the pipe early: that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const argv = process.argv.slice(2);
  if (argv.length === 0) argv.push('--help');
  process.exitCode = await runCli(argv, processIo());
}
