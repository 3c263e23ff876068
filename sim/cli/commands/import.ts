// `rmqsim import <dir or files...> [--out x.yaml] [--json]`: real RocketMQ
// .properties files in, a runnable scenario out (sim/scenario/import-properties.ts
// does the mapping). A directory stands for its *.properties files. Keys the
// importer does not model are listed as ignored (stderr, or in --json);
// inconsistent files exit 2 naming file and key, and nothing is written. The
// --out file's missing folders are created, as `run --out` creates its own.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';
import { importProperties, type PropertiesFile } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { writeOutFile } from '../out-file.js';
import { EXIT } from '../style.js';
import { printJson } from './common.js';

function expand(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    try {
      return statSync(p).isDirectory()
        ? readdirSync(p)
            .filter((f) => f.endsWith('.properties'))
            .sort()
            .map((f) => join(p, f))
        : [p];
    } catch {
      return [p];
    }
  });
}

export function importCommand(io: CliIo, paths: readonly string[], out: string | undefined, json: boolean): number {
  const files: PropertiesFile[] = [];
  for (const file of expand(paths)) {
    const r = readText(file);
    if (!r.ok) {
      if (json) printJson(io, { ok: false, problems: [{ file, key: '', message: r.reason }] });
      else io.stderr.write(`rmqsim import: ${file}: ${r.reason}\n`);
      return EXIT.USAGE;
    }
    files.push({ file, text: r.text });
  }
  const name = `imported-${
    out === undefined
      ? 'cluster'
      : basename(out)
          .replace(/\.ya?ml$/, '')
          .replace(/[^A-Za-z0-9_.-]/g, '-')
  }`;
  const r = importProperties(files, name);
  if (!r.ok) {
    if (json) printJson(io, { ok: false, problems: r.problems });
    else for (const p of r.problems) io.stderr.write(`rmqsim import: ${p.file}: ${p.key}: ${p.message}\n`);
    return EXIT.USAGE;
  }
  const yaml = `# Imported by rmqsim import from ${files.map((f) => f.file).join(', ')}.\n${stringify(r.doc)}`;
  const unwritten = out === undefined ? undefined : writeOutFile(out, yaml);
  if (out !== undefined && unwritten !== undefined) {
    const problem = { file: out, key: '--out', message: `cannot write the scenario: ${unwritten}` };
    if (json) printJson(io, { ok: false, problems: [problem] });
    else io.stderr.write(`rmqsim import: ${problem.file}: ${problem.key}: ${problem.message}\n`);
    return EXIT.USAGE;
  }
  if (json) printJson(io, { ok: true, out: out ?? null, ignored: r.ignored, scenario: r.doc });
  else {
    if (out === undefined) io.stdout.write(yaml);
    for (const i of r.ignored) io.stderr.write(`rmqsim import: ignored ${i.file}: ${i.key} (not modelled)\n`);
  }
  return EXIT.OK;
}
