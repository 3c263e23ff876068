// Applies one fault action to the running simulation through the kernel's
// fault API (turmoil's vocabulary: crash, restart, partition, heal, ...), and
// returns how to undo it. Targets are resolved here, when the fault fires;
// what each verb does is its row in the verb table (verbs.ts).
import type { Micros, NodeId, RandomStream, Simulation } from '../engine/index.js';
import type { ClusterView } from '../cluster/index.js';
import { resolveTargets } from './selectors.js';
import type { FaultAction, FaultVerb } from './types.js';
import { FAULT_VERBS, type FaultContext, type Undo } from './verbs.js';

/** A fault as it was applied: for the timeline, the report's fault bars and the undo. */
export interface AppliedFault {
  readonly id: number;
  readonly verb: FaultVerb;
  readonly atUs: Micros;
  /** The resolved target (empty when the selector named nobody at that moment: the fault is skipped). */
  readonly nodes: readonly NodeId[];
  /** Resolved peers of a network fault. */
  readonly peers: readonly NodeId[];
  /** One line: what was done to whom, e.g. "crash broker-a-0 (master-of:broker-a)". */
  readonly detail: string;
  /** The clock offset a clock-skew sets (its undo sets 0); absent for every other verb. */
  readonly skewUs?: Micros;
}

/** "crash broker-a-1 (master-of:broker-a)": what was hit, and the selector that chose it when it was one. */
function describeApplied(
  verb: FaultVerb,
  target: readonly string[],
  nodes: readonly NodeId[],
  peers: readonly NodeId[],
): string {
  const hit = nodes.length === 0 ? '(nobody)' : nodes.join(',');
  const chosen = target.join(',') === nodes.join(',') ? '' : ` (${target.join(',')})`;
  return `${verb} ${hit}${chosen}${peers.length > 0 ? ` | ${peers.join(',')}` : ''}`;
}

export class FaultApplier<M extends { readonly type: string }, E> {
  private nextId = 1;
  /** Latency and packet faults in force, by fault id, with their undo. */
  private readonly linkFaults = new Map<number, Undo>();
  /** Holds in force, by fault id, with their release. */
  private readonly holds = new Map<number, Undo>();

  constructor(
    private readonly sim: Simulation<M, E>,
    private readonly view: ClusterView,
    private readonly rng: RandomStream,
  ) {}

  /** Applies `action` now; returns the record, for reversible faults the undo, and whether no node matched. */
  apply(action: FaultAction): {
    readonly fault: AppliedFault;
    readonly undo: Undo | undefined;
    readonly skipped: boolean;
  } {
    const id = this.nextId++;
    const atUs = this.sim.now;
    const row = FAULT_VERBS[action.verb];
    if (!('target' in action)) {
      const detail = row.untargetedDetail ?? action.verb;
      return {
        fault: { id, verb: action.verb, atUs, nodes: [], peers: [], detail },
        undo: row.apply(this.context(id), action, [], []),
        skipped: false,
      };
    }
    const nodes = resolveTargets(action.target, { view: this.view, rng: this.rng, eligible: row.eligible });
    const peersSpec = 'peers' in action ? (action.peers ?? ['others']) : [];
    const peers = resolveTargets(peersSpec, { view: this.view, rng: this.rng, eligible: 'any', exclude: nodes });
    const fault: AppliedFault = {
      id,
      verb: action.verb,
      atUs,
      nodes,
      peers,
      detail: describeApplied(action.verb, action.target, nodes, peers),
      ...('skewUs' in action ? { skewUs: action.skewUs } : {}),
    };
    if (nodes.length === 0 || ('peers' in action && peers.length === 0)) {
      this.sim.traceFault('skipped', `${action.verb} ${action.target.join(',')}: no node matched`);
      return { fault, undo: undefined, skipped: true };
    }
    return { fault, undo: row.apply(this.context(id), action, nodes, peers), skipped: false };
  }

  /**
   * Heals every partition and removes every latency and packet fault the applier set, then
   * releases its holds, so what waited on a held link travels over the healed network.
   */
  healAll(): void {
    runAll(this.linkFaults);
    this.sim.heal();
    runAll(this.holds);
  }

  /** What the verb table's rows are given for the fault with this id. */
  private context(id: number): FaultContext {
    return {
      sim: this.sim,
      linkFault: (undo) => inForce(this.linkFaults, id, undo),
      heldLink: (release) => inForce(this.holds, id, release),
      healAll: () => this.healAll(),
    };
  }
}

/** Registers a fault in force so a heal ends it; its undo runs at most once. */
function inForce(faults: Map<number, Undo>, id: number, undo: Undo): Undo {
  faults.set(id, undo);
  return () => {
    if (!faults.delete(id)) return; // healed already
    undo();
  };
}

/** Ends every fault of `faults`, in the order they began. */
function runAll(faults: Map<number, Undo>): void {
  const undos = [...faults.values()];
  faults.clear();
  for (const u of undos) u();
}
