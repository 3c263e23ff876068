// `rmqsim check <file...>`: validates scenario files without running them.
// Exit 0 when every file is valid, 2 when any is not.
import { langFromEnv, t, type Lang } from '../../i18n/index.js';
import {
  estimateLoad,
  loadScenario,
  loadWarning,
  scenarioWarnings,
  type ScenarioWarning,
} from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { printJson, printScenarioErrors, warnIfLarge } from './common.js';

/** "file: path: text" in the language asked for. */
export function formatScenarioWarning(w: ScenarioWarning, lang: Lang): string {
  return `${w.file}: ${w.path}: ${t(lang, w.text, w.params)}`;
}

export function checkCommand(io: CliIo, files: readonly string[], json: boolean): number {
  const c = colours(io.stdoutTTY, io.env);
  const lang = langFromEnv(io.env);
  const results = files.map((file) => {
    const result = loadScenario(file, readText);
    if (!result.ok) return { file, result, warnings: [] };
    const estimate = estimateLoad(result.scenario);
    return { file, result, warnings: scenarioWarnings(result.scenario), estimate, load: loadWarning(estimate) };
  });
  const bad = results.filter((r) => !r.result.ok).length;
  if (json) {
    printJson(io, {
      ok: bad === 0,
      files: results.map(({ file, result, warnings, estimate, load }) => {
        if (!result.ok) return { file, ok: false, errors: result.errors };
        const all = [
          ...warnings.map((w) => ({ path: w.path, code: w.code, message: t('en', w.text, w.params) })),
          ...(load !== undefined ? [{ path: '', code: 'large-run', message: load }] : []),
        ];
        return { file, ok: true, scenario: result.scenario.name, estimate, warnings: all };
      }),
    });
    return bad === 0 ? EXIT.OK : EXIT.USAGE;
  }
  const yellow = colours(io.stderrTTY, io.env).yellow;
  for (const { file, result, warnings } of results) {
    if (!result.ok) {
      printScenarioErrors(io, result.errors);
      continue;
    }
    io.stdout.write(`${c.green('ok')}    ${file} (${result.scenario.name})\n`);
    for (const w of warnings)
      io.stderr.write(`${yellow(t(lang, 'warning.title'))} ${formatScenarioWarning(w, lang)}\n`);
    warnIfLarge(io, file, result.scenario);
  }
  return bad === 0 ? EXIT.OK : EXIT.USAGE;
}
