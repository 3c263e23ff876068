// Colour for humans, only on a terminal and never when NO_COLOR is set
// (no-color.org); exit codes shared by every command.
import { Chalk, type ChalkInstance } from 'chalk';

export const EXIT = {
  /** Every expectation holds. */
  OK: 0,
  /** An expectation failed (a finding about the simulated cluster). */
  FAILED: 1,
  /** Bad input or usage: nothing ran. */
  USAGE: 2,
  /** The simulator itself failed (a bug in rmqsim, not a cluster finding). */
  CRASH: 3,
} as const;

export function colours(tty: boolean, env: Readonly<Record<string, string | undefined>>): ChalkInstance {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return new Chalk({ level: tty && !noColor ? 2 : 0 });
}
