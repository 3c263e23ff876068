// The README's quick start shows lines of the flagship's output: they must be
// lines the flagship prints today (a change that moves its trace moves them too;
// a fresh-clone trial found them a millisecond and one index off after one).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realCli } from './fake-cli.js';

/** The lines of the README's sample output block (the one after "The run explains every decision:"), less "...". */
function readmeSampleLines(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const after = readme.split('The run explains every decision:')[1] ?? '';
  const block = /```\n([\s\S]*?)```/.exec(after)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '' && line.trim() !== '...');
}

describe('README quick start sample', () => {
  it('every line it shows is a line of `rmqsim run scenarios/production-ha.yaml` today', async () => {
    const sample = readmeSampleLines();
    expect(sample.length).toBeGreaterThanOrEqual(5);
    const r = await realCli(['run', 'scenarios/production-ha.yaml', '--no-report']);
    expect(r.code).toBe(0);
    const printed = new Set(r.out.split('\n').map((line) => line.trimEnd()));
    expect(sample.filter((line) => !printed.has(line.trimEnd()))).toEqual([]);
  }, 60_000);
});

describe('README scenario table', () => {
  it('names every story of scenarios/ (the incidents as one row)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const stories = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(stories.length).toBeGreaterThan(10);
    expect(stories.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
    expect(readme).toContain('`incidents/*`');
  });
});
