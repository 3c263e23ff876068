// `rmqsim explain <file> [--lang zh|en]`: the scenario told in plain words
// before running it. In Chinese the story comes from the i18n catalogue (the
// files' opening comments stay English) and the generated outline of the
// deployment, faults and expectations is told by sim/i18n/zh-explain.ts.
import { descriptionIn, t, zhExplain, zhStoryOf, type Lang } from '../../i18n/index.js';
import { explainScenario, storyOf } from '../../scenario/index.js';
import { readText, type CliIo } from '../io.js';
import { EXIT } from '../style.js';
import { loadOrFail, printJson } from './common.js';

export function explainCommand(io: CliIo, file: string, json: boolean, lang: Lang = 'en'): number {
  const s = loadOrFail(io, file, json);
  if (typeof s === 'number') return s;
  const outline = explainScenario(s);
  // The first line is "name (file): description"; in Chinese the description is the catalogue's.
  const lines =
    lang === 'zh'
      ? [`${s.name} (${s.file}): ${descriptionIn(lang, s.name, s.description)}`, ...zhExplain(outline.slice(1))]
      : outline;
  const read = readText(file);
  const fileStory = read.ok ? storyOf(read.text) : [];
  const story = lang === 'zh' ? (zhStoryOf(s.name) ?? fileStory) : fileStory;
  if (json) {
    printJson(io, { ok: true, scenario: s.name, file, lang, story, explanation: lines });
    return EXIT.OK;
  }
  const told = story.length > 0 ? ['', t(lang, 'explain.story'), ...story.map((l) => (l === '' ? '' : `  ${l}`))] : [];
  io.stdout.write(`${(lang === 'zh' ? [...told.slice(1), '', ...lines] : [...lines, ...told]).join('\n')}\n`);
  return EXIT.OK;
}
