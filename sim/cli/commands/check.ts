// `rmqsim check <file...>`: validates scenario files without running them.
// Exit 0 when every file is valid, 2 when any is not.
import { estimateLoad, loadScenario, loadWarning } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { printJson, printScenarioErrors } from './common.js';

export function checkCommand(io: CliIo, files: readonly string[], json: boolean): number {
  const c = colours(io.stdoutTTY, io.env);
  const results = files.map((file) => ({ file, result: loadScenario(file, readText) }));
  const bad = results.filter((r) => !r.result.ok).length;
  const warningOf = (r: (typeof results)[number]['result']): string | undefined => (r.ok ? loadWarning(estimateLoad(r.scenario)) : undefined);
  if (json) {
    printJson(io, {
      ok: bad === 0,
      files: results.map(({ file, result }) => {
        if (!result.ok) return { file, ok: false, errors: result.errors };
        const warning = warningOf(result);
        return { file, ok: true, scenario: result.scenario.name, estimate: estimateLoad(result.scenario), ...(warning !== undefined ? { warnings: [warning] } : {}) };
      }),
    });
    return bad === 0 ? EXIT.OK : EXIT.USAGE;
  }
  for (const { file, result } of results) {
    if (!result.ok) {
      printScenarioErrors(io, result.errors);
      continue;
    }
    io.stdout.write(`${c.green('ok')}    ${file} (${result.scenario.name})\n`);
    const warning = warningOf(result);
    if (warning !== undefined) io.stderr.write(`${colours(io.stderrTTY, io.env).yellow('warning')} ${file}: ${warning}\n`);
  }
  return bad === 0 ? EXIT.OK : EXIT.USAGE;
}
