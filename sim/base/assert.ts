// Simulator invariants, for every layer (the pure Raft core included: this
// module imports nothing). A failed assert is a bug in rmqsim itself (a crash),
// never a finding about the simulated cluster: those are checker verdicts.

export class SimInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimInvariantError';
  }
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new SimInvariantError(message);
}

export function unreachable(value: never, what: string): never {
  throw new SimInvariantError(`unreachable ${what}: ${JSON.stringify(value)}`);
}

/**
 * Throws a SimInvariantError. For hot paths: `if (!cond) fail(\`... ${x}\`)` builds
 * the message only on failure, where `assert(cond, \`... ${x}\`)` would build it on every call.
 */
export function fail(message: string): never {
  throw new SimInvariantError(message);
}
