// `rmqsim merge part*.json [--json] [--junit FILE]`: combines the shard parts
// of one sweep (each from `rmqsim sweep ... --shard K/N --json`) into the
// sweep result an unsharded run prints: same JSON shape, same JUnit, same
// exit code (0 all seeds pass, 1 one failed, 3 a simulator crash, 2 when the
// parts are unreadable or do not make one whole sweep).
import { readReport, type CliIo } from '../io.js';
import { finishSweep, usage } from '../sweep-output.js';
import { mergeParts, parsePart, type SweepPart } from '../sweep-merge.js';

export interface MergeFlags {
  readonly json: boolean;
  readonly junit?: string;
}

export function mergeCommand(io: CliIo, files: readonly string[], flags: MergeFlags): number {
  const parts: { name: string; part: SweepPart }[] = [];
  for (const name of files) {
    const r = readReport(name);
    const part = r.ok ? parsePart(r.text) : `a readable file, found ${r.reason}`;
    if (typeof part === 'string') return usage(io, flags.json, name, part);
    parts.push({ name, part });
  }
  const merged = mergeParts(parts);
  if (typeof merged === 'string') return usage(io, flags.json, 'merge', merged);
  return finishSweep(io, merged, flags);
}
