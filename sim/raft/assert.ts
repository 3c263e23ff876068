// The core's own invariant check. The core imports nothing from sim/engine,
// so it cannot use engine/assert; the adapter turns RaftInvariantError into
// the kernel's crash path exactly like SimInvariantError (a simulator bug).
export class RaftInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimInvariantError';
  }
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new RaftInvariantError(message);
}
