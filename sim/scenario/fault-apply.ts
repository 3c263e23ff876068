// Applies one fault action to the running simulation through the kernel's
// fault API (turmoil's vocabulary: crash, restart, partition, heal, ...), and
// returns how to undo it. Targets are resolved here, when the fault fires.
// Undoing one partition repairs that partition only (the kernel's pairwise
// repair); disk faults go through the kernel's disk-fault calls.
import { NO_PACKET_FAULTS, type Micros, type NodeId, type RandomStream, type Simulation } from '../engine/index.js';
import type { ClusterView } from '../cluster/index.js';
import { resolveTargets, type Eligibility } from './selectors.js';
import type { FaultAction, FaultVerb } from './types.js';

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
}

type Undo = () => void;

const ELIGIBLE: Record<FaultVerb, Eligibility> = {
  crash: 'up', restart: 'down', 'power-loss': 'up', pause: 'up', resume: 'any', partition: 'any', 'partition-one-way': 'any',
  heal: 'any', latency: 'any', 'packet-loss': 'any', 'slow-disk': 'any', 'disk-full': 'any', 'failed-fsync': 'any',
  'connection-reset': 'up', 'clock-skew': 'any',
};

/** "crash broker-a-1 (master-of:broker-a)": what was hit, and the selector that chose it when it was one. */
function describeApplied(verb: FaultVerb, target: readonly string[], nodes: readonly NodeId[], peers: readonly NodeId[]): string {
  const hit = nodes.length === 0 ? '(nobody)' : nodes.join(',');
  const chosen = target.join(',') === nodes.join(',') ? '' : ` (${target.join(',')})`;
  return `${verb} ${hit}${chosen}${peers.length > 0 ? ` | ${peers.join(',')}` : ''}`;
}

export class FaultApplier<M extends { readonly type: string }, E> {
  private nextId = 1;
  /** Latency and packet faults in force, by fault id, with their undo. */
  private readonly linkFaults = new Map<number, Undo>();

  constructor(
    private readonly sim: Simulation<M, E>,
    private readonly view: ClusterView,
    private readonly rng: RandomStream,
  ) {}

  /** Applies `action` now; returns the record and, for reversible faults, the undo. */
  apply(action: FaultAction): { readonly fault: AppliedFault; readonly undo: Undo | undefined } {
    const id = this.nextId++;
    const atUs = this.sim.now;
    if (action.verb === 'heal') {
      this.healAll();
      return { fault: { id, verb: 'heal', atUs, nodes: [], peers: [], detail: 'heal every partition' }, undo: undefined };
    }
    const nodes = resolveTargets(action.target, { view: this.view, rng: this.rng, eligible: ELIGIBLE[action.verb] });
    const peersSpec = 'peers' in action ? (action.peers ?? ['others']) : [];
    const peers = resolveTargets(peersSpec, { view: this.view, rng: this.rng, eligible: 'any', exclude: nodes });
    const fault: AppliedFault = { id, verb: action.verb, atUs, nodes, peers, detail: describeApplied(action.verb, action.target, nodes, peers) };
    if (nodes.length === 0 || ('peers' in action && peers.length === 0)) {
      this.sim.traceFault('skipped', `${action.verb} ${action.target.join(',')}: no node matched`);
      return { fault, undo: undefined };
    }
    return { fault, undo: this.perform(id, action, nodes, peers) };
  }

  /** Heals every partition and removes every latency and packet fault the applier set. */
  healAll(): void {
    const undos = [...this.linkFaults.values()];
    this.linkFaults.clear();
    for (const u of undos) u();
    this.sim.heal();
  }

  private perform(id: number, action: Exclude<FaultAction, { verb: 'heal' }>, nodes: readonly NodeId[], peers: readonly NodeId[]): Undo | undefined {
    const sim = this.sim;
    switch (action.verb) {
      case 'crash':
        for (const n of nodes) sim.crash(n);
        return () => this.bringBack(nodes);
      case 'restart':
        // A process that is up is bounced (killed, then started fresh), as `systemctl restart` would.
        for (const n of nodes) {
          const host = sim.hostOf(n);
          if (!sim.isHostUp(host)) sim.powerOn(host);
          else sim.restart(n);
        }
        return undefined;
      case 'power-loss': {
        const hosts = this.hostsOf(nodes);
        for (const h of hosts) sim.powerLoss(h);
        return () => hosts.forEach((h) => sim.powerOn(h));
      }
      case 'pause':
        for (const n of nodes) sim.pause(n);
        return () => nodes.forEach((n) => sim.resume(n));
      case 'resume':
        for (const n of nodes) sim.resume(n);
        return undefined;
      case 'partition':
      case 'partition-one-way': {
        const cut = action.verb === 'partition-one-way' ? sim.partitionOneWay(nodes, peers) : sim.partition(nodes, peers);
        return () => sim.repair(cut);
      }
      case 'latency':
        sim.setLatency(nodes, peers, action.extraUs, action.jitterUs);
        return this.linkFault(id, () => sim.setLatency(nodes, peers, 0, 0));
      case 'packet-loss':
        sim.setPacketFaults(nodes, peers, { loss: action.loss, duplicate: action.duplicate, reorder: action.reorder, reorderWindowUs: action.reorderWindowUs });
        return this.linkFault(id, () => sim.setPacketFaults(nodes, peers, NO_PACKET_FAULTS));
      case 'slow-disk':
        return this.diskFault(nodes, `slow-disk x${action.factor}`, (h) => sim.slowDisk(h, action.factor));
      case 'disk-full':
        return this.diskFault(nodes, 'disk-full', (h) => sim.fillDisk(h));
      case 'failed-fsync':
        return this.diskFault(nodes, 'failed-fsync', (h) => sim.failFsyncs(h));
      case 'connection-reset':
        // One TCP reset per pair (Netty's channelInactive on both ends); nothing to undo.
        for (const n of nodes) for (const p of peers) if (sim.isUp(n) && sim.isUp(p)) sim.resetConnection(n, p);
        return undefined;
      case 'clock-skew':
        for (const n of nodes) sim.setClockSkew(n, action.skewUs);
        return () => nodes.forEach((n) => sim.setClockSkew(n, 0));
    }
  }

  /** Restarts processes that are down; powers their host on first when it is off. */
  private bringBack(nodes: readonly NodeId[]): void {
    for (const n of nodes) {
      const host = this.sim.hostOf(n);
      if (!this.sim.isHostUp(host)) this.sim.powerOn(host);
      else if (!this.sim.isUp(n)) this.sim.restart(n);
    }
  }

  private hostsOf(nodes: readonly NodeId[]): string[] {
    const hosts: string[] = [];
    for (const n of nodes) {
      const h = this.sim.hostOf(n);
      if (!hosts.includes(h)) hosts.push(h);
    }
    return hosts;
  }

  private diskFault(nodes: readonly NodeId[], what: string, set: (host: string) => Undo): Undo {
    const undos = this.hostsOf(nodes).map((h) => {
      const restore = set(h);
      this.sim.traceFault(what.split(' ')[0] ?? what, `${h} ${what}`);
      return (): void => {
        restore();
        this.sim.traceFault('disk-restored', `${h} (${what} over)`);
      };
    });
    return () => undos.forEach((u) => u());
  }

  /** Registers a latency or packet fault so a heal removes it; its undo runs at most once. */
  private linkFault(id: number, undo: Undo): Undo {
    this.linkFaults.set(id, undo);
    return () => {
      if (!this.linkFaults.delete(id)) return; // healed already
      undo();
    };
  }
}
