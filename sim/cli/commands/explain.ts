// `rmqsim explain <file>`: the scenario told in plain words before running it.
import { explainScenario, storyOf } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { EXIT } from '../style.js';
import { loadOrFail, printJson } from './common.js';

export function explainCommand(io: CliIo, file: string, json: boolean): number {
  const s = loadOrFail(io, file, json);
  if (typeof s === 'number') return s;
  const lines = explainScenario(s);
  const read = readText(file);
  const story = read.ok ? storyOf(read.text) : [];
  if (json) printJson(io, { ok: true, scenario: s.name, file, story, explanation: lines });
  else io.stdout.write(`${[...lines, ...(story.length > 0 ? ['', 'The story, as the file tells it:', ...story.map((l) => (l === '' ? '' : `  ${l}`))] : [])].join('\n')}\n`);
  return EXIT.OK;
}
