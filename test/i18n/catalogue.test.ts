// The i18n catalogue is complete: every fixed message has both languages,
// every event kind the protocol and Raft declare has its Chinese describer,
// and every shipped scenario has its Chinese story. The failure messages say
// which key to add and in which file, for engineers adding event kinds,
// messages or scenarios in parallel.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  LANGS,
  MESSAGES,
  PHRASES,
  ZH_DESCRIPTIONS,
  ZH_EVENT_CATALOGUE,
  ZH_STORIES,
  zhExplainLineOrUndefined,
} from '../../sim/i18n/index.js';
import { explainScenario, loadScenario } from '../../sim/scenario/index.js';

/** Event kinds as declared in the source (`kind: 'x.y'` in the event unions). */
function declaredKinds(): Map<string, string> {
  const files = [
    ...readdirSync('sim/protocol')
      .filter((f) => f.endsWith('-events.ts'))
      .map((f) => `sim/protocol/${f}`),
    'sim/raft/events.ts',
  ];
  const kinds = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/readonly kind: '([a-z]+\.[a-z-]+)'/g))
      kinds.set(m[1] ?? '', file);
  }
  return kinds;
}

const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

/** Every shipped scenario file (scenarios/**\/*.yaml) with its `name:`. */
function shippedScenarios(): { file: string; name: string }[] {
  return readdirSync('scenarios', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = `scenarios/${f}`;
      return { file, name: /^name:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? f };
    });
}

describe('i18n catalogue', () => {
  const catalogues = [
    { table: 'MESSAGES', file: 'sim/i18n/messages.ts', entries: Object.entries(MESSAGES) },
    { table: 'PHRASES (violations)', file: 'sim/i18n/violations.ts', entries: Object.entries(PHRASES) },
  ];
  for (const { table, file, entries } of catalogues) {
    it(`gives every key of ${table} a non-empty text in every language, with the same placeholders`, () => {
      expect(entries.length).toBeGreaterThan(20);
      const problems: string[] = [];
      for (const [key, texts] of entries) {
        for (const lang of LANGS) {
          const text: string = texts[lang];
          if (text.trim() === '')
            problems.push(`"${key}" has no ${lang} text: fill in ${lang} for "${key}" in ${table}, ${file}`);
        }
        if (placeholders(texts.en).join() !== placeholders(texts.zh).join()) {
          problems.push(
            `"${key}": en uses {${placeholders(texts.en).join('},{')}} but zh uses {${placeholders(texts.zh).join('},{')}} (${file})`,
          );
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('has a Chinese describer for every event kind the protocol and Raft declare', () => {
    const declared = declaredKinds();
    expect(declared.size).toBeGreaterThan(30);
    const have = new Set(Object.keys(ZH_EVENT_CATALOGUE));
    const missing = [...declared]
      .filter(([kind]) => !have.has(kind))
      .map(
        ([kind, file]) =>
          `event kind "${kind}" (declared in ${file}) has no Chinese text: add "'${kind}': (e) => \`...\`" to the table for its prefix ` +
          `(NAMESRV, BROKER, CLIENT or RAFT) in sim/i18n/zh-events.ts; keep RocketMQ terms as its Chinese docs write them`,
      );
    const stale = [...have]
      .filter((kind) => !declared.has(kind))
      .map((kind) => `sim/i18n/zh-events.ts describes "${kind}", which no event union declares any more: remove it`);
    expect([...missing, ...stale]).toEqual([]);
  });

  it("tells every shipped scenario's story in Chinese", () => {
    const names = shippedScenarios();
    expect(names.length).toBeGreaterThan(5);
    const missing = names
      .filter((n) => (ZH_STORIES[n.name] ?? []).length === 0)
      .map(
        (n) =>
          `${n.file} (name: ${n.name}) has no Chinese story: add '${n.name}': [ ... ] to ZH_STORIES in sim/i18n/zh-stories.ts, telling its opening comment in Chinese`,
      );
    expect(missing).toEqual([]);
  });

  it("tells every shipped scenario's description in Chinese", () => {
    const names = shippedScenarios();
    expect(names.some((n) => n.file.startsWith('scenarios/incidents/'))).toBe(true);
    const missing = names
      .filter((n) => (ZH_DESCRIPTIONS[n.name] ?? '').trim() === '')
      .map(
        (n) =>
          `${n.file} (name: ${n.name}) has no Chinese description: add '${n.name}': '...' to ZH_DESCRIPTIONS in sim/i18n/zh-descriptions.ts, telling its description: field in Chinese`,
      );
    const known = new Set(names.map((n) => n.name));
    const stale = [...Object.keys(ZH_DESCRIPTIONS), ...Object.keys(ZH_STORIES)]
      .filter((k) => !known.has(k))
      .map(
        (k) =>
          `the i18n catalogue tells "${k}", which no shipped scenario is named any more: remove or rename it (sim/i18n/zh-descriptions.ts, zh-stories.ts)`,
      );
    expect([...missing, ...stale]).toEqual([]);
  });

  it("tells every line of every shipped scenario's explain outline in Chinese", () => {
    const untold: string[] = [];
    for (const { file: f } of shippedScenarios()) {
      const r = loadScenario(f, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
      if (!r.ok) continue;
      // The first line is "name (file): description": the description is the file's own English.
      for (const line of explainScenario(r.scenario).slice(1)) {
        if (zhExplainLineOrUndefined(line) === undefined)
          untold.push(`${f}: "${line}" has no Chinese rule: add one to sim/i18n/zh-explain.ts`);
      }
    }
    expect(untold).toEqual([]);
  });
});
