// The what-if teaching pairs (examples/what-if): every file validates, and the
// cheapest pair runs on the real cluster and says what it teaches: ASYNC_FLUSH
// loses acknowledged messages to a power loss (allowed, with the reason) where
// SYNC_FLUSH loses none. `npm run what-if` runs all four pairs.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCaptured, type Captured } from './fake-cli.js';

/** The CLI on the real cluster, one core. */
const realCli = (argv: readonly string[]): Promise<Captured> => runCaptured(argv, { cores: 1 });

interface Row {
  label: string;
  a: string;
  b: string;
  differs: boolean;
}

describe('examples/what-if', () => {
  it('every pair file is a valid scenario', async () => {
    const files = readdirSync('examples/what-if')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `examples/what-if/${f}`);
    expect(files.length).toBe(5);
    expect((await realCli(['check', ...files])).code).toBe(0);
  });

  it('ASYNC vs SYNC flush under power loss: A loses acked messages, allowed by ASYNC_FLUSH; B loses none', async () => {
    const r = await realCli([
      'diff',
      'examples/what-if/flush-power-loss.yaml',
      '--set',
      'broker.flushDiskType=SYNC_FLUSH',
      '--json',
      '--no-report',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { sections: { title: string; rows: Row[] }[] };
    const loss = j.sections.find((s) => s.title === 'Acknowledged messages lost')?.rows ?? [];
    const lost = loss.find((x) => x.label === 'lost');
    expect(Number(lost?.a)).toBeGreaterThan(0);
    expect(lost?.b).toBe('0');
    expect(loss.some((x) => x.a.includes('allowed by ASYNC_FLUSH'))).toBe(true);
    const p50 = j.sections.find((s) => s.title.startsWith('Send latency'))?.rows.find((x) => x.label === 'p50');
    expect(parseFloat(p50?.b ?? '0')).toBeGreaterThan(parseFloat(p50?.a ?? '0'));
  });
});
