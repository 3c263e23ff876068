// A seed written on the command line (`--seed`, `--seeds A..B`) means what
// the same text means as a scenario's `seed:` value: it is read as a YAML
// scalar and must pass the schema's seed rule (an integer 0 .. 2^32-1). No
// rounding: 2^64 is refused, not read as a neighbouring double (issue 10 row 9).
import { parse } from 'yaml';
import { seedSchema } from './schema.js';

/** The seed, or what was expected instead. */
export function parseSeed(text: string): number | string {
  const expected = `an integer 0 .. ${2 ** 32 - 1} (as a scenario's seed:), found "${text}"`;
  let value: unknown;
  try {
    value = parse(text) as unknown;
  } catch {
    return expected;
  }
  const r = seedSchema.safeParse(value);
  // `+ 0` turns YAML's -0 into 0.
  return r.success ? r.data + 0 : expected;
}
