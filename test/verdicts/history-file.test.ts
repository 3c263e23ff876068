// `run --history FILE` lets others check the run (issue 10): a story's
// at-least-once verdict, re-derived from the file alone, agrees with rmqsim's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../cli/fake-cli.js';
import { writeFileSync } from 'node:fs';
import { consumeStory } from './stories.js';
import { useTempDirs } from '../support/temp-dirs.js';

const dir = useTempDirs('rmqsim-history-')();

interface Op {
  readonly type: string;
  readonly f: string;
  readonly time: number;
  readonly value: Record<string, string | number | null>;
}

/** At-least-once from the operations alone: every SEND_OK acked 30 s before the end has a successful poll. */
function rejudge(
  ops: readonly Op[],
  endNs: number,
): { readonly acked: number; readonly consumed: number; readonly missing: number } {
  const succeeded = new Set(
    ops.filter((o) => o.f === 'poll' && o.value['result'] === 'success').map((o) => o.value['id']),
  );
  const acked = ops.filter(
    (o) => o.f === 'send' && o.type === 'ok' && o.value['status'] === 'SEND_OK' && o.time <= endNs - 30e9,
  );
  const consumed = acked.filter((o) => succeeded.has(o.value['id'])).length;
  return { acked: acked.length, consumed, missing: acked.length - consumed };
}

async function runWithHistory(
  name: string,
  yaml: string,
): Promise<{ code: number; json: Record<string, unknown>; ops: Op[] }> {
  const file = join(dir, `${name}.yaml`);
  const history = join(dir, `${name}.jsonl`);
  writeFileSync(file, yaml);
  const { code, out } = await runCaptured(['run', file, '--json', '--no-report', '--history', history], { cores: 1 });
  const ops = readFileSync(history, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Op);
  return { code, json: JSON.parse(out) as Record<string, unknown>, ops };
}

function atLeastOnceOf(json: Record<string, unknown>): { ok: boolean; figures: Record<string, number> } {
  const list = json['expectations'] as { checker: string; ok: boolean; figures: Record<string, number> }[];
  const v = list.find((e) => e.checker === 'at-least-once');
  if (v === undefined) throw new Error('no at-least-once verdict');
  return v;
}

describe('run --history FILE', () => {
  for (const failureRate of [0, 1]) {
    it(`re-derives the at-least-once verdict from the file alone (listener failure rate ${failureRate})`, async () => {
      const r = await runWithHistory(
        `story-${failureRate}`,
        consumeStory({ failureRate, expectations: '  - at-least-once' }),
      );
      const mine = rejudge(r.ops, 90e9);
      const theirs = atLeastOnceOf(r.json);
      expect(mine.acked).toBeGreaterThan(50);
      expect(mine.missing === 0).toBe(theirs.ok);
      expect(mine.consumed).toBe(theirs.figures['c.consumed']);
      expect(r.code).toBe(failureRate === 0 ? 0 : 1);
      // Every send has an invoke before its completion, and lines are in time order.
      expect(r.ops.filter((o) => o.f === 'send' && o.type === 'invoke').length).toBe(
        r.ops.filter((o) => o.f === 'send' && o.type !== 'invoke').length,
      );
      for (let i = 1; i < r.ops.length; i++)
        expect((r.ops[i] as Op).time).toBeGreaterThanOrEqual((r.ops[i - 1] as Op).time);
    });
  }

  it('a history file that cannot be written (a file where its folder should be) is a usage error (exit 2)', async () => {
    const file = join(dir, 'x.yaml');
    writeFileSync(file, consumeStory({ failureRate: 0, expectations: '  - at-least-once' }));
    const { code, out } = await runCaptured(
      ['run', file, '--json', '--no-report', '--history', join(file, 'under-a-file', 'h.jsonl')],
      { cores: 1 },
    );
    expect(code).toBe(2);
    expect((JSON.parse(out) as { ok: boolean }).ok).toBe(false);
  });
});
