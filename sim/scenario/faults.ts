// The fault injector: schedules a scenario's scripted faults at their times
// (undoing each after its `for`), and draws a seeded random mix from the
// "faults" stream: per-tick odds per kind, a minimum stable time after every
// change so nodes do not flap, a cap on simultaneous faults, and a heal
// phase that undoes everything (VOPR: faults on, then heal and converge).
import type { Micros, Simulation } from '../engine/index.js';
import type { InjectedFault } from '../check/index.js';
import type { ClusterView } from '../cluster/index.js';
import { FaultApplier, type AppliedFault } from './fault-apply.js';
import type { ChaosSpec, ScriptedFault } from './types.js';

/** One fault's life: when it was applied and, if it was undone, when. */
export interface FaultRecord {
  readonly fault: AppliedFault;
  /** Whether it came from the random mix. */
  readonly random: boolean;
  endUs: Micros | undefined;
}

export interface FaultPlan {
  readonly faults: readonly ScriptedFault[];
  readonly chaos: ChaosSpec | undefined;
}

interface Active {
  readonly record: FaultRecord;
  readonly undo: () => void;
}

export class FaultInjector<M extends { readonly type: string }, E> {
  /** Every fault applied so far, in order. */
  readonly records: FaultRecord[] = [];
  private readonly applier: FaultApplier<M, E>;
  private readonly activeMix: Active[] = [];
  private lastChangeUs: Micros = -1;
  /** When the heal phase ran, and how many faults had been applied before it. */
  private healPhase: { readonly atUs: Micros; readonly after: number } | undefined;

  constructor(
    private readonly sim: Simulation<M, E>,
    view: ClusterView,
    private readonly onFault?: (r: FaultRecord) => void,
  ) {
    this.applier = new FaultApplier(sim, view, sim.stream('faults'));
  }

  /**
   * Every fault applied so far, in order, as the checkers that follow the faults read them; the heal
   * phase, which heals every network fault still in force (FaultApplier.healAll), stands in its place
   * as a heal.
   */
  injected(): InjectedFault[] {
    const out: InjectedFault[] = this.records.map((r) => ({
      startUs: r.fault.atUs,
      endUs: r.endUs,
      verb: r.fault.verb,
      nodes: r.fault.nodes,
      peers: r.fault.peers,
      ...(r.fault.skewUs === undefined ? {} : { skewUs: r.fault.skewUs }),
    }));
    const h = this.healPhase;
    if (h !== undefined) out.splice(h.after, 0, { startUs: h.atUs, endUs: h.atUs, verb: 'heal', nodes: [], peers: [] });
    return out;
  }

  /** Schedules the plan; call before running. */
  install(plan: FaultPlan): void {
    for (const f of plan.faults) this.sim.at(f.atUs, () => this.fireScripted(f));
    const c = plan.chaos;
    if (c === undefined) return;
    this.sim.at(c.startUs, () => this.tick(c));
    this.sim.at(c.healUs, () => this.healMix());
  }

  private record(fault: AppliedFault, random: boolean): FaultRecord {
    const r: FaultRecord = { fault, random, endUs: undefined };
    this.records.push(r);
    this.onFault?.(r);
    return r;
  }

  private fireScripted(f: ScriptedFault): void {
    const { fault, undo } = this.applier.apply(f.action);
    const r = this.record(fault, false);
    if (undo === undefined || f.forUs === undefined) return;
    this.sim.at(this.sim.now + f.forUs, () => {
      undo();
      r.endUs = this.sim.now;
    });
  }

  private tick(c: ChaosSpec): void {
    const now = this.sim.now;
    if (now >= c.healUs) return;
    const next = now + c.tickUs;
    if (next < c.healUs) this.sim.at(next, () => this.tick(c));
    const stable = this.lastChangeUs < 0 || now - this.lastChangeUs >= c.minStableUs;
    if (!stable || this.activeMix.length >= c.maxActive) return;
    const rng = this.sim.stream('faults');
    for (const entry of c.mix) {
      if (!rng.chance(entry.chance)) continue;
      const { fault, undo, skipped } = this.applier.apply(entry.action);
      const r = this.record(fault, true);
      // A draw whose selector matched nobody (a row for down brokers while all are up) changed nothing:
      // it does not restart the minStable wait.
      if (skipped) return;
      this.lastChangeUs = now;
      if (undo === undefined) return;
      const active: Active = { record: r, undo };
      this.activeMix.push(active);
      const forUs = rng.int(entry.forMinUs, entry.forMaxUs);
      if (now + forUs < c.healUs) this.sim.at(now + forUs, () => this.undoMix(active));
      return;
    }
  }

  private undoMix(a: Active): void {
    const i = this.activeMix.indexOf(a);
    if (i < 0) return; // healed already
    this.activeMix.splice(i, 1);
    a.undo();
    a.record.endUs = this.sim.now;
    this.lastChangeUs = this.sim.now;
  }

  /** The heal phase: every mix fault still active is undone, newest first, and every partition healed. */
  private healMix(): void {
    for (const a of [...this.activeMix].reverse()) this.undoMix(a);
    this.healPhase = { atUs: this.sim.now, after: this.records.length };
    this.applier.healAll();
    this.sim.traceFault('heal-phase', 'random faults stop; the cluster must converge');
  }
}
