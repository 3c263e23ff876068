// Data-driven golden files (etcd's datadriven): blocks of
//   <command line>
//   ----
//   <expected output lines>
// separated by blank lines. Runs each command against one Env and compares
// (or, with UPDATE_GOLDEN=1, rewrites) the output. Lines starting with # are comments.
import { Env } from './env.js';
import { COMMANDS, usage, type Args } from './commands.js';
import type { RaftCheckSuite } from '../../../sim/check/raft-checks.js';

export interface Block {
  readonly comments: readonly string[];
  readonly command: string;
  readonly expected: string;
}

export function parse(text: string): Block[] {
  const blocks: Block[] = [];
  const chunks = text.replace(/\r/g, '').split(/\n\s*\n/);
  for (const chunk of chunks) {
    const lines = chunk.split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) continue;
    const comments = lines.filter((l) => l.startsWith('#'));
    const rest = lines.filter((l) => !l.startsWith('#'));
    const sep = rest.indexOf('----');
    if (rest.length === 0) {
      if (comments.length > 0) blocks.push({ comments, command: '', expected: '' });
      continue;
    }
    blocks.push({ comments, command: rest[0] ?? '', expected: sep < 0 ? '' : rest.slice(sep + 1).join('\n') });
  }
  return blocks;
}

function args(line: string): { name: string; a: Args } {
  const [name = '', ...rest] = line.trim().split(/\s+/);
  const opts = new Map<string, string>();
  const words: string[] = [];
  for (const w of rest) {
    const eq = w.indexOf('=');
    if (eq > 0) opts.set(w.slice(0, eq), w.slice(eq + 1));
    else words.push(w);
  }
  return { name, a: { words, opts } };
}

/** Runs every block; returns the actual output per block. */
export function run(blocks: readonly Block[]): string[] {
  const env = new Env();
  let suite: RaftCheckSuite | undefined;
  const ctx = {
    get suite(): RaftCheckSuite | undefined {
      return suite;
    },
    setSuite: (s: RaftCheckSuite): void => {
      suite = s;
    },
  };
  return blocks.map((b) => {
    if (b.command === '') return '';
    const { name, a } = args(b.command);
    const cmd = COMMANDS.get(name);
    if (cmd === undefined) throw new Error(`unknown command "${name}"; commands:\n${usage()}`);
    env.out.length = 0;
    cmd.run(env, a, ctx);
    return env.out.length === 0 ? 'ok' : env.out.join('\n');
  });
}

export function render(blocks: readonly Block[], outputs: readonly string[]): string {
  return (
    blocks
      .map((b, i) => {
        const head = b.comments.join('\n');
        if (b.command === '') return head;
        return `${head.length > 0 ? `${head}\n` : ''}${b.command}\n----\n${outputs[i] ?? ''}`;
      })
      .join('\n\n') + '\n'
  );
}
