// Determinism guard, independent of the linter: code of the simulated world
// (sim/** except sim/cli and the report writer) must not reach real time,
// real randomness, real timers or real I/O.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EXEMPT = [/^sim\/cli\//, /^sim\/report\/write[^/]*\.ts$/];

const BANNED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /\bDate\s*\.\s*now\b|\bnew\s+Date\b|\bDate\s*\(/, why: 'real clock (Date)' },
  { pattern: /\bMath\s*\.\s*random\b/, why: 'unseeded randomness (Math.random)' },
  { pattern: /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, why: 'Node timers' },
  { pattern: /\bperformance\s*\.\s*now\b|\bprocess\s*\.\s*hrtime\b/, why: 'real clock (performance/hrtime)' },
  { pattern: /\b(randomUUID|randomBytes|getRandomValues)\b/, why: 'crypto randomness' },
  {
    pattern:
      /from\s+['"](node:)?(fs|fs\/promises|net|dgram|http|https|crypto|timers|perf_hooks|child_process|worker_threads)['"]/,
    why: 'real I/O or time module',
  },
  { pattern: /require\(\s*['"](node:)?(fs|net|crypto|timers)['"]\s*\)/, why: 'real I/O or time module' },
];

/** Removes comments and string contents so prose about a banned API is not a hit. */
function codeOnly(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

export function findBannedUses(files: readonly { path: string; source: string }[]): string[] {
  const hits: string[] = [];
  for (const { path, source } of files) {
    if (EXEMPT.some((re) => re.test(path))) continue;
    codeOnly(source)
      .split('\n')
      .forEach((line, i) => {
        const hit = BANNED.find(({ pattern }) => pattern.test(line));
        if (hit !== undefined) hits.push(`${path}:${i + 1}: ${hit.why}: ${line.trim()}`);
      });
  }
  return hits;
}

describe('determinism guard', () => {
  it('no simulated-world code uses real time, randomness, timers or I/O', () => {
    const files = tsFiles(join(ROOT, 'sim')).map((abs) => ({
      path: relative(ROOT, abs),
      source: readFileSync(abs, 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(5);
    expect(findBannedUses(files)).toEqual([]);
  });

  it('catches each banned API, and exempts only the CLI and the report writer', () => {
    const bad = [
      'const t = Date.now();',
      'const d = new Date();',
      'const r = Math.random();',
      'setTimeout(() => 1, 5);',
      'const p = performance.now();',
      'process.hrtime();',
      "import { readFileSync } from 'node:fs';",
      "import { randomUUID } from 'crypto';",
      "const fs = require('fs');",
    ];
    for (const source of bad) expect(findBannedUses([{ path: 'sim/broker/x.ts', source }])).toHaveLength(1);
    expect(findBannedUses([{ path: 'sim/cli/run.ts', source: 'Date.now()' }])).toEqual([]);
    expect(findBannedUses([{ path: 'sim/report/write-report.ts', source: "import fs from 'node:fs';" }])).toEqual([]);
    expect(findBannedUses([{ path: 'sim/report/render-html.ts', source: "import fs from 'node:fs';" }])).toHaveLength(
      1,
    );
    expect(findBannedUses([{ path: 'sim/engine/x.ts', source: '// never call Date.now() here' }])).toEqual([]);
  });
});
