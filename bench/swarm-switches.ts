// Every bug switch against the config swarm (npm run swarm:switches): for each
// switch, the first seed of scenarios/config-swarm.yaml (1..maxSeeds) that
// catches it (fails with the switch, holds without), then `rmqsim shrink` of that seed's report: how many faults the
// shrunk scenario keeps (at most 3 is the goal), whether it fails with the
// switch on and holds with it off, and the runs shrinking used (median
// printed). Exits 1 when a switch is not caught or a shrink misses the goal.
// Usage: node dist/bench/swarm-switches.js [maxSeeds=200] [switch ...]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../sim/cli/main.js';
import { processIo, readText, type CliIo } from '../sim/cli/io.js';
import { BUG_REGISTRY, loadScenario, runScenario } from '../sim/scenario/index.js';

const FILE = 'scenarios/config-swarm.yaml';
const maxSeeds = Number(process.argv[2] ?? '200') || 200;
const only = process.argv.slice(3);
const switches = BUG_REGISTRY.map((b) => b.name).filter((n) => only.length === 0 || only.includes(n));

const quiet: CliIo = { ...processIo(), stdout: { write: () => undefined }, stderr: { write: () => undefined } };

async function cliJson(argv: readonly string[]): Promise<Record<string, unknown>> {
  let out = '';
  await runCli(argv, {
    ...quiet,
    stdout: {
      write: (t) => {
        out += t;
      },
    },
  });
  return JSON.parse(out) as Record<string, unknown>;
}

interface Row {
  name: string;
  seed: number | undefined;
  expectation: string;
  before: number;
  after: number;
  runs: number;
  fails: boolean;
  passesOff: boolean;
}

async function main(): Promise<void> {
  const loaded = loadScenario(FILE, readText);
  if (!loaded.ok) throw new Error(`${FILE} does not load`);
  const out = mkdtempSync(join(tmpdir(), 'rmqsim-switches-'));
  const rows: Row[] = [];
  for (const name of switches) {
    let seed: number | undefined;
    // A seed catches the switch only when it holds with the switch off (a seed that fails anyway proves nothing).
    for (let s = 1; s <= maxSeeds && seed === undefined; s++) {
      if (!runScenario(loaded.scenario, { seed: s, bugs: [name] }).ok && runScenario(loaded.scenario, { seed: s }).ok)
        seed = s;
    }
    if (seed === undefined) {
      rows.push({ name, seed, expectation: '-', before: 0, after: 0, runs: 0, fails: false, passesOff: false });
      process.stdout.write(`${name}: not caught in seeds 1..${maxSeeds}\n`);
      continue;
    }
    await runCli(['run', FILE, '--seed', String(seed), '--bug', name, '--out', out, '--quiet'], quiet);
    const j = await cliJson(['shrink', join(out, 'config-swarm', String(seed), 'report.json'), '--out', out, '--json']);
    const row: Row = {
      name,
      seed,
      expectation: typeof j['expectation'] === 'string' ? j['expectation'] : '?',
      before: Number(j['faultsBefore'] ?? 0),
      after: Number(j['faultsAfter'] ?? 0),
      runs: Number(j['runs'] ?? 0),
      fails: j['stillFails'] === true,
      passesOff: j['withoutBugs'] === 'passes',
    };
    rows.push(row);
    process.stdout.write(
      `${name}: seed ${seed} fails ${row.expectation}; shrunk ${row.before} -> ${row.after} fault(s) in ${row.runs} runs; on: ${row.fails ? 'fails' : 'PASSES'}, off: ${row.passesOff ? 'passes' : 'FAILS'}\n`,
    );
  }
  const runs = rows
    .filter((r) => r.seed !== undefined)
    .map((r) => r.runs)
    .sort((a, b) => a - b);
  const median = runs.length === 0 ? Number.NaN : (runs[Math.floor((runs.length - 1) / 2)] as number);
  const bad = rows.filter((r) => r.seed === undefined || r.after > 3 || !r.fails || !r.passesOff);
  process.stdout.write(
    `\n${rows.length} switch(es): ${rows.length - bad.length} caught and shrunk to <= 3 faults; median runs used ${median}\n`,
  );
  process.exitCode = bad.length === 0 ? 0 : 1;
}

await main();
