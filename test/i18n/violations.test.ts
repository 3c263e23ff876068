// Violations are told from their phrase, in either language: a checker's
// English message is exactly its phrase told in en (nothing drifts), and the
// CLI / report.md / report.html tell the same violation in Chinese under
// --lang zh, including the one the verdict's detail quotes. The runs are
// short stories with bug switches that break three different checkers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noteText, say, violationText, zhDetail } from '../../sim/i18n/index.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { renderMarkdown } from '../../sim/report/render-md.js';
import type { RunResult } from '../../sim/scenario/result.js';

function run(file: string, bug?: string): RunResult {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return runScenario(loaded.scenario, { bugs: bug === undefined ? [] : [bug] });
}

const CJK = /[\u4e00-\u9fff]/;

describe('violations in both languages', () => {
  for (const [file, bug] of [
    ['scenarios/classic-broker-killed.yaml', 'client.retry-same-broker'],
    ['scenarios/consumers-share-queues.yaml', 'client.rebalance-overlap'],
    ['scenarios/dledger-leader-bounce.yaml', 'raft.vote-without-persist'],
  ] as const) {
    it(`tells every violation of ${file} with ${bug} in Chinese`, () => {
      const r = run(file, bug);
      const failed = r.expectations.filter((e) => !e.ok && e.violations.length > 0);
      expect(failed.length).toBeGreaterThan(0);
      for (const e of failed) {
        for (const v of e.violations) {
          expect(say('en', v.phrase)).toBe(v.message);
          const zh = violationText('zh', v);
          expect(zh).toMatch(CJK);
          expect(zh).not.toBe(v.message);
          expect(violationText('en', v)).toBe(v.message);
        }
        const first = e.violations[0];
        if (first !== undefined && e.detail.includes(first.message)) {
          const told = zhDetail(e.detail, e.violations);
          expect(told).toContain(violationText('zh', first));
          expect(told).not.toContain(first.message);
        }
      }
      const md = renderMarkdown(r, { wallMs: 1, codeVersion: 'test', lang: 'zh' });
      for (const e of failed) for (const v of e.violations) expect(md).toContain(violationText('zh', v));
      expect(md).not.toContain(failed[0]?.violations[0]?.message ?? '-');
    });
  }

  it('tells the losses the configuration allows (no-acked-loss notes) in Chinese from their phrases', () => {
    const r = run('scenarios/async-flush-power-loss.yaml');
    const e = r.expectations.find((x) => x.checker === 'no-acked-loss');
    const phrases = e?.notePhrases ?? [];
    expect(phrases.length).toBeGreaterThan(0);
    for (const p of phrases) {
      const en = say('en', p);
      expect(e?.notes).toContain(en);
      expect(noteText('en', en, phrases)).toBe(en);
      expect(noteText('zh', en, phrases)).toMatch(CJK);
      expect(noteText('zh', en, phrases)).not.toContain('is gone');
    }
  });
});
