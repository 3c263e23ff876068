// Which sinks a domain event reaches, by its kind. A sink may declare the kinds
// it reads (TraceSink.readsEvent; absent = all); the list per kind is built on
// the kind's first event, in sink order, so the call order is unchanged. In the
// idle day ~69k of the domain events are registrations that most checkers ignore.
import type { TraceSink } from './trace.js';

export class EventRoutes<E> {
  private readonly byKind = new Map<string, readonly TraceSink<E>[]>();

  /** The sinks of `all` that read `kind` (each with an onEvent), in their order. */
  sinksFor(kind: string, all: readonly TraceSink<E>[]): readonly TraceSink<E>[] {
    let sinks = this.byKind.get(kind);
    if (sinks === undefined) {
      sinks = all.filter((s) => s.readsEvent?.(kind) ?? true);
      this.byKind.set(kind, sinks);
    }
    return sinks;
  }

  /** A sink was added: every list is built again. */
  clear(): void {
    this.byKind.clear();
  }
}
