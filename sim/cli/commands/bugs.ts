// `rmqsim bugs`: the bug switches, each with what it breaks and what catches it.
import { BUG_REGISTRY } from '../../cluster/index.js';
import type { CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { printJson } from './common.js';

export function bugsCommand(io: CliIo, json: boolean): number {
  if (json) {
    printJson(io, { bugs: BUG_REGISTRY });
    return EXIT.OK;
  }
  const c = colours(io.stdoutTTY, io.env);
  io.stdout.write(
    `${c.bold('Bug switches')} ${c.dim('(off by default; turn one on with `rmqsim run <file> --bug NAME`)')}\n\n`,
  );
  for (const b of BUG_REGISTRY) {
    const caught =
      b.caughtBy.map((k) => `${k.expectation} in ${k.story}`).join('; ') || 'no shipped story yet (see its layer list)';
    io.stdout.write(
      `${c.magenta.bold(b.name)} ${c.dim(`(${b.layer})`)}\n  breaks: ${b.description}\n  ${c.dim(`caught by: ${caught}`)}\n\n`,
    );
  }
  return EXIT.OK;
}
