// `rmqsim check <file...>`: validates scenario files without running them.
// Exit 0 when every file is valid, 2 when any is not.
import { loadScenario } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { printJson, printScenarioErrors } from './common.js';

export function checkCommand(io: CliIo, files: readonly string[], json: boolean): number {
  const c = colours(io.stdoutTTY, io.env);
  const results = files.map((file) => ({ file, result: loadScenario(file, readText) }));
  const bad = results.filter((r) => !r.result.ok).length;
  if (json) {
    printJson(io, {
      ok: bad === 0,
      files: results.map(({ file, result }) => (result.ok ? { file, ok: true, scenario: result.scenario.name } : { file, ok: false, errors: result.errors })),
    });
    return bad === 0 ? EXIT.OK : EXIT.USAGE;
  }
  for (const { file, result } of results) {
    if (result.ok) io.stdout.write(`${c.green('ok')}    ${file} (${result.scenario.name})\n`);
    else printScenarioErrors(io, result.errors);
  }
  return bad === 0 ? EXIT.OK : EXIT.USAGE;
}
