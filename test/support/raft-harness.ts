// A DLedger group on the kernel, for tests, sweeps and the benchmark: one
// RaftNode per member on its own host (n0..n4), an optional built-in client,
// and access to every member's log (live, or from its disk when down) for
// the checkers.
import {
  Simulation,
  nodeId,
  type NodeId,
  type DiskConfig,
  type NetworkConfig,
  type Seed,
} from '../../sim/engine/index.js';
import { resolveRaftConfig, type RaftConfig, type RaftConfigOverrides } from '../../sim/raft/config.js';
import { describeRaftEvent, type RaftEvent } from '../../sim/raft/events.js';
import type { RaftMessage } from '../../sim/raft/messages.js';
import { RaftNode } from '../../sim/raft/raft-node.js';
import { diskLogReader, type RaftLogReader } from '../../sim/raft/storage.js';
import type { PeerId } from '../../sim/raft/types.js';

export type RaftSimulation = Simulation<RaftMessage, RaftEvent>;

export interface RaftTestGroupOptions {
  readonly seed: Seed;
  readonly members: 3 | 5;
  readonly group?: string;
  readonly config?: RaftConfigOverrides;
  /** Built-in client period while a member leads; 0 = none. */
  readonly clientIntervalUs?: number;
  readonly clientEntryBytes?: number;
  /** Entries per client tick (default 1). */
  readonly clientBurst?: number;
  readonly network?: NetworkConfig;
  readonly disk?: DiskConfig;
}

export class RaftTestGroup {
  readonly sim: RaftSimulation;
  readonly members: readonly NodeId[];
  readonly group: string;
  readonly config: RaftConfig;

  constructor(o: RaftTestGroupOptions) {
    this.group = o.group ?? 'g';
    this.config = resolveRaftConfig(o.config ?? {});
    this.sim = new Simulation<RaftMessage, RaftEvent>({
      seed: o.seed,
      describeEvent: describeRaftEvent,
      ...(o.network === undefined ? {} : { network: o.network }),
      ...(o.disk === undefined ? {} : { disk: o.disk }),
    });
    const members: NodeId[] = [];
    for (let i = 0; i < o.members; i++) members.push(nodeId(`n${i}`));
    this.members = members;
    for (const id of members) {
      this.sim.addNode(
        id,
        () =>
          new RaftNode({
            selfId: id,
            group: this.group,
            peers: members,
            config: this.config,
            clientIntervalUs: o.clientIntervalUs ?? 0,
            clientEntryBytes: o.clientEntryBytes ?? 1024,
            ...(o.clientBurst === undefined ? {} : { clientBurst: o.clientBurst }),
          }),
      );
    }
  }

  node(id: PeerId): RaftNode | undefined {
    const inst = this.sim.instance(nodeId(id));
    return inst instanceof RaftNode ? inst : undefined;
  }

  /** The member's log: live when up, else as its disk holds it. */
  logOf(id: PeerId): RaftLogReader | undefined {
    const live = this.node(id)?.driver.logReader();
    if (live !== undefined) return live;
    return diskLogReader(
      this.sim.disk(this.sim.hostOf(nodeId(id))),
      `dledger/${this.group}/${id}`,
      this.config.payloadFields,
    );
  }

  /** Members that are up and believe they lead, with their terms. */
  leaders(): { id: PeerId; term: number }[] {
    const out: { id: PeerId; term: number }[] = [];
    for (const id of this.members) {
      const d = this.node(id)?.driver;
      if (d !== undefined && d.role === 'LEADER') out.push({ id, term: d.term });
    }
    return out;
  }
}
