// When each process died and whether its peers could notice at once: a
// process crash on a live host closes its connections (RST), a host power
// loss is silent (peers rely on expiry). Fed by kernel lifecycle events;
// read by liveness checkers that bound how long a dead node may stay listed.
import type { KernelEvent, Micros, Simulation, Message, TraceSink } from '../engine/index.js';
import type { DeadBroker } from '../check/index.js';

export class DeathLog {
  private readonly deaths = new Map<string, { readonly atUs: Micros; readonly silent: boolean }>();

  sink<M extends Message, E>(sim: Simulation<M, E>): TraceSink<E> {
    return {
      onKernel: (t: Micros, e: KernelEvent): void => {
        if (e.kind !== 'lifecycle') return;
        if (e.what === 'crash') this.deaths.set(e.node, { atUs: t, silent: false });
        else if (e.what === 'power-loss') {
          for (const id of sim.nodeIds())
            if (sim.hostOf(id) === e.node && !this.deaths.has(id)) this.deaths.set(id, { atUs: t, silent: true });
        } else if (e.what === 'start' || e.what === 'restart') this.deaths.delete(e.node);
      },
    };
  }

  /** The death of a node that is down now (a node never seen dying counts as dead since 0, silently). */
  deathOf(addr: string): DeadBroker {
    const d = this.deaths.get(addr);
    return { addr, downSinceUs: d?.atUs ?? 0, silent: d?.silent ?? true };
  }
}
