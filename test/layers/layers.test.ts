// The layer order of sim/ (.dependency-cruiser.cjs) holds on the real tree,
// and the check really fails on an upward import, on an import that reaches
// past a module's index.ts, and on a cycle between modules: each planted in a
// scratch tree shaped like sim/ and cruised with the project's own rules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-layers-');

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const BIN = join(ROOT, 'node_modules', '.bin', 'depcruise');

interface Cruise {
  readonly ok: boolean;
  readonly rules: readonly string[];
}

function cruise(cwd: string, targets: readonly string[]): Cruise {
  try {
    execFileSync(BIN, [...targets, '--config', CONFIG, '--output-type', 'err'], {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, rules: [] };
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? '';
    return { ok: false, rules: [...out.matchAll(/error ([a-z-]+):/g)].map((m) => m[1] ?? '') };
  }
}

/** A scratch tree with the given files (path -> source) and the tsconfig the rules name. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
  );
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

describe('layering (dependency-cruiser)', () => {
  it('the real tree keeps the layer order', () => {
    const r = cruise(ROOT, ['sim', 'bench', 'test']);
    expect(r.rules).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('fails on an upward import (namesrv -> scenario)', () => {
    const dir = tree({
      'sim/scenario/index.ts': 'export const story = 1;\n',
      'sim/namesrv/index.ts': "import { story } from '../scenario/index.js';\nexport const x = story;\n",
    });
    const r = cruise(dir, ['sim']);
    expect(r.ok).toBe(false);
    expect(r.rules).toContain('layer-namesrv');
  });

  it("fails on an import that reaches past another module's index.ts", () => {
    const dir = tree({
      'sim/engine/index.ts': "export * from './time.js';\n",
      'sim/engine/time.ts': 'export const us = 1;\n',
      'sim/raft/index.ts': "import { us } from '../engine/time.js';\nexport const y = us;\n",
    });
    const r = cruise(dir, ['sim']);
    expect(r.ok).toBe(false);
    expect(r.rules).toEqual(['through-index']);
  });

  it('fails on a cycle between modules, even between siblings', () => {
    const dir = tree({
      'sim/broker/index.ts': "import { c } from '../client/index.js';\nexport const b = c;\n",
      'sim/client/index.ts': "import { b } from '../broker/index.js';\nexport const c = b;\n",
    });
    const r = cruise(dir, ['sim']);
    expect(r.ok).toBe(false);
    expect(r.rules).toContain('no-module-cycles');
  });
});
