// The kernel's state: the clock, the event queue, hosts and nodes, pending
// RPCs, the network and its held links, the trace hasher and sinks, and the
// counters. The operations on it live in one file per concept (lifecycle,
// messaging, node-ops, dispatch); Simulation is the public facade over all of them.
import { fail } from '../base/index.js';
import { DEFAULT_DISK, HostDisk } from './disk.js';
import { EventQueue } from './event-queue.js';
import { LinkHolds } from './link-holds.js';
import { EventRoutes } from './event-routes.js';
import { DEFAULT_NETWORK, Network } from './network.js';
import type { HostId, Message } from './node.js';
import type { HostState, NodeState, Payload } from './node-state.js';
import { PendingRpcs } from './pending-rpcs.js';
import { completeDueFsyncs } from './polled-fsync.js';
import { RandomStreams, type RandomStream } from './rng.js';
import { RpcDeadlines } from './rpc-timeouts.js';
import type { SimulationOptions } from './simulation.js';
import type { Micros } from './time.js';
import { describeKernelEvent, TraceHasher, type DropReason, type KernelEvent, type TraceSink } from './trace.js';

export interface KernelCounters {
  delivered: number;
  dropped: number;
  bytesSent: number;
  rpcs: number;
  rpcFailures: number;
  timersFired: number;
  /** Workload inputs handed to processes (inputs.ts); not events. */
  inputs: number;
}

export class Kernel<M extends Message, E> {
  readonly queue = new EventQueue<Payload<M>>();
  readonly streams: RandomStreams;
  readonly net: Network;
  /** Links held by a hold fault, and what waits on them (link-holds.ts). */
  readonly holds = new LinkHolds<M>();
  readonly hasher = new TraceHasher();
  readonly nodes: NodeState<M, E>[] = [];
  readonly nodeByName = new Map<string, NodeState<M, E>>();
  readonly hosts = new Map<string, HostState>();
  readonly pending = new PendingRpcs<M>();
  readonly deadlines = new RpcDeadlines();
  readonly isPendingRpc = (id: number): boolean => this.pending.has(id);
  readonly sinks: TraceSink<E>[] = [];
  readonly counters: KernelCounters = {
    delivered: 0,
    dropped: 0,
    bytesSent: 0,
    rpcs: 0,
    rpcFailures: 0,
    timersFired: 0,
    inputs: 0,
  };
  /** Nodes with an input scheduled (inputs.ts), and the earliest of them, cached. */
  readonly inputNodes: NodeState<M, E>[] = [];
  nextInput: NodeState<M, E> | undefined = undefined;
  nextInputUs: Micros = Infinity;
  hotSinks: TraceSink<E>[] = [];
  /** The sinks that read domain events (emit runs once per Raft commit and member: kernel-only sinks are skipped). */
  eventSinks: TraceSink<E>[] = [];
  /** Of those, the ones each kind reaches (when options.eventKind is given). */
  readonly routes = new EventRoutes<E>();
  nextRpcId = 1;
  nextDiskOp = 1;
  clock: Micros = 0;
  processed = 0;
  private readonly typeIds = new Map<string, number>();

  constructor(readonly options: SimulationOptions<E>) {
    this.streams = new RandomStreams(options.seed);
    this.net = new Network(options.network ?? DEFAULT_NETWORK, (from, to) =>
      this.streams.member('net', this.nodeAt(from).id, this.nodeAt(to).id),
    );
  }

  /** The host's disk stream (fsync latency, torn tails), derived from its id on first use and kept on the host. */
  diskRng(h: HostState): RandomStream {
    let rng = h.diskRng;
    if (rng === undefined) {
      rng = this.streams.member('disk', h.id);
      h.diskRng = rng;
    }
    return rng;
  }

  node(id: string): NodeState<M, E> {
    const n = this.nodeByName.get(id);
    if (n === undefined) fail(`unknown node ${id}`);
    return n;
  }

  nodeAt(index: number): NodeState<M, E> {
    const n = this.nodes[index];
    if (n === undefined) fail(`unknown node index ${index}`);
    return n;
  }

  hostState(id: string): HostState {
    let h = this.hosts.get(id);
    if (h === undefined) {
      const host: HostState = {
        id: id as HostId,
        disk: new HostDisk(this.options.disk ?? DEFAULT_DISK),
        nodes: [],
        up: true,
        powerEpoch: 0,
        diskRng: undefined,
        polled: [],
      };
      host.disk.onDurableRead = () => completeDueFsyncs(this, host);
      this.hosts.set(id, host);
      h = host;
    }
    return h;
  }

  /** A small stable number per message type, for the per-delivery hash. */
  typeId(type: string): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typeIds.size + 1;
      this.typeIds.set(type, id);
    }
    return id;
  }

  traceKernel(e: KernelEvent): void {
    this.hasher.record(this.clock, 50);
    this.hasher.mixString(describeKernelEvent(e));
    for (const sink of this.sinks) sink.onKernel?.(this.clock, e);
  }

  /** Deliveries and timer firings reach only the sinks that asked for them. */
  traceHot(e: KernelEvent): void {
    for (const sink of this.hotSinks) sink.onKernel?.(this.clock, e);
  }

  drop(from: number, to: number, msg: M, reason: DropReason): false {
    this.counters.dropped++;
    this.traceKernel({ kind: 'drop', from: this.nodeAt(from).id, to: this.nodeAt(to).id, type: msg.type, reason });
    return false;
  }

  /** Records a domain event: into the hash (its fields, or its canonical line), and to every sink that reads its kind. */
  emit(node: NodeState<M, E>, event: E): void {
    const hasher = this.hasher;
    hasher.record(this.clock, 100);
    hasher.mixInt(node.index);
    const hashEvent = this.options.hashEvent;
    if (hashEvent === undefined || !hashEvent(event, hasher)) hasher.mixString(this.options.describeEvent(event));
    const kindOf = this.options.eventKind;
    const sinks = kindOf === undefined ? this.eventSinks : this.routes.sinksFor(kindOf(event), this.eventSinks);
    for (const sink of sinks) sink.onEvent?.(this.clock, node.id, event);
  }
}
