// `rmqsim explain <file>`: the scenario told in plain words before running it.
import { explainScenario } from '../../scenario/explain.js';
import type { CliIo } from '../io.js';
import { EXIT } from '../style.js';
import { loadOrFail, printJson } from './common.js';

export function explainCommand(io: CliIo, file: string, json: boolean): number {
  const s = loadOrFail(io, file, json);
  if (typeof s === 'number') return s;
  const lines = explainScenario(s);
  if (json) printJson(io, { ok: true, scenario: s.name, file, explanation: lines });
  else io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}
