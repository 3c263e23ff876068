// Golden trace hashes (issue 11 part 4): the trace hash and event count of every
// shipped scenario (scenarios/**.yaml) at its default seed, committed in
// test/golden/trace-hashes.json. The scenario-library test compares against the
// file; only `npm run golden:update` rewrites it, and its diff is reviewed: a
// change that moves a hash says why in its commit.
// Usage: node dist/bench/golden.js [--update] [--json]
//   (no flag) check every scenario against the file; exit 1 on any difference
//   --update  rewrite the file from this code
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readText } from '../sim/cli/io.js';
import { loadScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';

export const GOLDEN_FILE = 'test/golden/trace-hashes.json';
export const SCENARIO_ROOT = 'scenarios';

export interface GoldenEntry {
  readonly seed: number;
  readonly traceHash: string;
  readonly events: number;
}

export type GoldenTable = Readonly<Record<string, GoldenEntry>>;

/** Every shipped scenario file, sorted, with '/' separators (the table's keys). */
export function shippedScenarios(dir: string = SCENARIO_ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) out.push(...shippedScenarios(path));
    else if (name.endsWith('.yaml')) out.push(path);
  }
  return out.sort();
}

export function goldenOf(file: string): GoldenEntry {
  const loaded = loadScenario(file, readText);
  if (!loaded.ok) throw new Error(`${file} does not load: ${JSON.stringify(loaded.errors[0])}`);
  const r = runScenario(loaded.scenario);
  return { seed: loaded.scenario.seed, traceHash: r.traceHash, events: r.events };
}

export function readGolden(path: string = GOLDEN_FILE): GoldenTable {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error(`${path}: expected an object of scenario -> {seed, traceHash, events}`);
  return parsed as GoldenTable;
}

function main(argv: readonly string[]): number {
  const update = argv.includes('--update');
  const json = argv.includes('--json');
  const files = shippedScenarios();
  const now: Record<string, GoldenEntry> = {};
  for (const f of files) now[f] = goldenOf(f);
  if (update) {
    writeFileSync(GOLDEN_FILE, `${JSON.stringify(now, null, 2)}\n`);
    process.stdout.write(`wrote ${files.length} golden hashes to ${GOLDEN_FILE} (node ${process.version})\n`);
    return 0;
  }
  const golden = readGolden();
  const differ = files.filter(
    (f) => golden[f]?.traceHash !== now[f]?.traceHash || golden[f]?.events !== now[f]?.events,
  );
  const stale = Object.keys(golden).filter((f) => !(f in now));
  if (json)
    process.stdout.write(
      `${JSON.stringify({ node: process.version, ok: differ.length === 0 && stale.length === 0, checked: files.length, differ, stale })}\n`,
    );
  else {
    for (const f of differ)
      process.stdout.write(
        `DIFFER ${f}: golden ${golden[f]?.traceHash ?? '(none)'}/${golden[f]?.events ?? '-'} now ${now[f]?.traceHash ?? '-'}/${now[f]?.events ?? '-'}\n`,
      );
    for (const f of stale) process.stdout.write(`STALE  ${f}: in ${GOLDEN_FILE} but not shipped\n`);
    process.stdout.write(
      `${differ.length + stale.length === 0 ? 'OK' : 'FAIL'}: ${files.length} scenarios checked under node ${process.version}\n`,
    );
  }
  return differ.length + stale.length === 0 ? 0 : 1;
}

if (process.argv[1]?.endsWith('golden.js') === true) process.exitCode = main(process.argv.slice(2));
