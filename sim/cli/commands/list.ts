// `rmqsim list [--dir DIR]`: the scenarios in a directory, each with its
// default seed, duration and one-line story; invalid files are flagged. The
// library is grouped: stories (scripted faults), sweeps (a random fault mix,
// meant for many seeds) and incidents (DIR/incidents/, real issues). Each line
// leads with the file to run; a scenario whose name is not its file's (the
// incidents) says the name too, which its reports are filed under.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatSpan } from '../../scenario/index.js';
import { loadScenario } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { printJson } from './common.js';

type Shelf = 'stories' | 'incidents' | 'sweeps';
const SHELVES: readonly Shelf[] = ['stories', 'incidents', 'sweeps'];

interface Row {
  readonly group: Shelf;
  readonly file: string;
  readonly ok: boolean;
  readonly name: string;
  readonly seed?: number;
  readonly duration?: string;
  readonly description: string;
}

/** The first sentence of a description, for a one-line listing. */
function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

function rowsOf(dir: string, incidents: boolean): Row[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  return files.map((f): Row => {
    const file = join(dir, f);
    const r = loadScenario(file, readText);
    const fallback: Shelf = incidents ? 'incidents' : 'stories';
    if (!r.ok)
      return {
        group: fallback,
        file,
        ok: false,
        name: f,
        description: `invalid: ${r.errors.length} problem(s); see \`rmqsim check ${file}\``,
      };
    const s = r.scenario;
    const group: Shelf = incidents ? 'incidents' : s.chaos !== undefined ? 'sweeps' : 'stories';
    return {
      group,
      file,
      ok: true,
      name: s.name,
      seed: s.seed,
      duration: formatSpan(s.durationUs),
      description: firstSentence(s.description),
    };
  });
}

function rows(dir: string): Row[] {
  const incidents = join(dir, 'incidents');
  const all = [...rowsOf(dir, false), ...(existsSync(incidents) ? rowsOf(incidents, true) : [])];
  return SHELVES.flatMap((shelf) => all.filter((r) => r.group === shelf));
}

export function listCommand(io: CliIo, dir: string, json: boolean): number {
  let found: Row[];
  try {
    found = rows(dir);
  } catch (e) {
    io.stderr.write(
      `error: cannot read the scenario directory ${dir}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return EXIT.USAGE;
  }
  if (json) {
    printJson(io, { dir, scenarios: found });
    return found.every((r) => r.ok) ? EXIT.OK : EXIT.USAGE;
  }
  const c = colours(io.stdoutTTY, io.env);
  const width = Math.max(8, ...found.map((r) => r.file.length));
  for (const [i, r] of found.entries()) {
    if (r.group !== found[i - 1]?.group) io.stdout.write(`${i > 0 ? '\n' : ''}${c.bold(r.group)}\n`);
    const head = r.ok ? c.bold(r.file.padEnd(width)) : c.red(r.file.padEnd(width));
    const meta = r.ok ? c.dim(`seed ${r.seed ?? 0}, ${r.duration ?? ''}`.padEnd(18)) : ''.padEnd(18);
    const named = r.ok && r.name !== basename(r.file).replace(/\.ya?ml$/, '') ? c.dim(` (name: ${r.name})`) : '';
    io.stdout.write(`${head}  ${meta}  ${r.description}${named}\n`);
  }
  if (found.length === 0) io.stdout.write(c.dim(`no scenario files in ${dir}\n`));
  return found.every((r) => r.ok) ? EXIT.OK : EXIT.USAGE;
}
