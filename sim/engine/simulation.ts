// The deterministic kernel's public face: one virtual clock, one event queue,
// hosts and their nodes, the network, the disks, and the trace. Everything a
// simulated process does reaches the world through its NodeContext, and every
// effect becomes an event ordered by (time, seq). Nothing here reads real
// time, real randomness or real I/O. The state is in kernel.ts; lifecycle,
// messaging, timers and the event loop have a file each.
import { assert } from '../base/index.js';
import type { DiskConfig, HostDisk } from './disk.js';
import { processNext } from './event-dispatch.js';
import { releaseHold } from './messaging.js';
import { DEFAULT_STALL_EVENTS, stalled } from './watchdog.js';
import { Kernel } from './kernel.js';
import * as lifecycle from './lifecycle.js';
import { deliverPolledFsyncs } from './polled-fsync.js';
import { inputFirst, runInput } from './inputs.js';
import type { NetworkConfig, PacketFaults } from './network.js';
import type { HostId, Message, NodeFactory, NodeId, SimNode } from './node.js';
import { CONTROL, type ControlAction, type NodeState } from './node-state.js';
import type { RandomStream, Seed } from './rng.js';
import type { Micros } from './time.js';
import type { TraceHasher, TraceSink } from './trace.js';

export interface SimulationOptions<E> {
  readonly seed: Seed;
  readonly network?: NetworkConfig;
  readonly disk?: DiskConfig;
  /** Canonical one-line text of a domain event: what the trace hash digests. */
  readonly describeEvent: (e: E) => string;
  /** Events without the clock advancing before the run is declared stalled (watchdog.ts; default 10M). */
  readonly stallEvents?: number;
  /**
   * Optional: mixes a frequent event's fields into the hash directly and returns
   * true, so its text line is never built just to be hashed; false falls back
   * to describeEvent. Must depend on the event's fields only.
   */
  readonly hashEvent?: (e: E, h: TraceHasher) => boolean;
  /** Optional: an event's kind, so it reaches only the sinks that read it (TraceSink.readsEvent); absent = every sink. */
  readonly eventKind?: (e: E) => string;
}

export interface AddNodeOptions {
  /** Host to place the node on; defaults to a host of the node's own name. */
  readonly host?: string;
  /** Start the node when the run begins (default true). */
  readonly start?: boolean;
  /** Start it this long after it is added (default 0): processes of a real cluster come up at different times. */
  readonly startDelayUs?: Micros;
}

export class Simulation<M extends Message, E> {
  private readonly k: Kernel<M, E>;
  /** Partitions in force, by id: the directed links each cut (from, to pairs) and how the trace names it. */
  private readonly cuts = new Map<number, { readonly links: readonly number[]; readonly label: string }>();
  private nextCutId = 1;
  /** Holds in force, by id: the directed links each holds (from, to pairs) and how the trace names it. */
  private readonly holds = new Map<number, { readonly links: readonly number[]; readonly label: string }>();
  private nextHoldId = 1;

  private readonly stallEvents: number;

  constructor(options: SimulationOptions<E>) {
    this.k = new Kernel(options);
    this.stallEvents = Math.max(1, options.stallEvents ?? DEFAULT_STALL_EVENTS);
  }

  // ---- set-up and inspection -------------------------------------------------------------

  get now(): Micros {
    return this.k.clock;
  }

  get seed(): Seed {
    return this.k.options.seed;
  }

  /** Events processed so far. */
  get eventsProcessed(): number {
    return this.k.processed;
  }

  get pendingEvents(): number {
    return this.k.queue.size;
  }

  traceHash(): string {
    return this.k.hasher.digest();
  }

  /** Kernel counters for reports: messages delivered and dropped, bytes sent, RPCs and their failures, timers fired. */
  stats(): Readonly<Record<string, number>> {
    return { events: this.k.processed, ...this.k.counters };
  }

  /** A named random stream derived from the root seed (faults, workload, ...). */
  stream(name: string): RandomStream {
    return this.k.streams.stream(name);
  }

  addSink(sink: TraceSink<E>): void {
    this.k.sinks.push(sink);
    this.k.hotSinks = this.k.sinks.filter((s) => s.wantsHotEvents === true);
    this.k.eventSinks = this.k.sinks.filter((s) => s.onEvent !== undefined);
    this.k.routes.clear();
  }

  addNode(name: string, factory: NodeFactory<M, E>, options: AddNodeOptions = {}): NodeId {
    const k = this.k;
    assert(!k.nodeByName.has(name), `node ${name} added twice`);
    const host = k.hostState(options.host ?? name);
    const index = k.nodes.length;
    const node: NodeState<M, E> = {
      index,
      id: name as NodeId,
      host,
      factory,
      rng: k.streams.stream(`node:${name}`),
      instance: undefined,
      ctx: undefined,
      incarnation: 0,
      up: false,
      paused: false,
      clockSkewUs: 0,
      deferred: [],
      timerIndex: new Map(),
      timerNames: [],
      timerGen: [],
      timerDue: [],
      timerQueued: [],
      inputDueUs: -1,
      inputSeq: 0,
      inputLate: false,
    };
    k.nodes.push(node);
    k.nodeByName.set(name, node);
    host.nodes.push(index);
    k.net.ensureCapacity(k.nodes.length);
    if (options.start !== false)
      this.at(k.clock + (options.startDelayUs ?? 0), () => lifecycle.startNode(k, node, 'start'));
    return node.id;
  }

  nodeIds(): NodeId[] {
    return this.k.nodes.map((n) => n.id);
  }

  hasNode(name: string): boolean {
    return this.k.nodeByName.has(name);
  }

  isUp(id: NodeId): boolean {
    return this.k.node(id).up;
  }

  isPaused(id: NodeId): boolean {
    return this.k.node(id).paused;
  }

  isHostUp(host: HostId): boolean {
    return this.k.hostState(host).up;
  }

  hostOf(id: NodeId): HostId {
    return this.k.node(id).host.id;
  }

  /** The live process instance (for selectors and tests), or undefined when down. */
  instance(id: NodeId): SimNode<M, E> | undefined {
    return this.k.node(id).instance;
  }

  /** A host's disk, for inspection and disk faults. */
  disk(host: HostId): HostDisk {
    return this.k.hostState(host).disk;
  }

  // ---- running ---------------------------------------------------------------------------

  /** Schedules an action outside any node (faults, workload phases, checks) at an absolute time. */
  at(time: Micros, action: ControlAction): void {
    assert(time >= this.k.clock, `cannot schedule in the past (${time} < ${this.k.clock})`);
    this.k.queue.push(time, CONTROL, -1, 0, 0, 0, action);
  }

  /** Runs every event up to and including `until`, then sets the clock to `until`. */
  runUntil(until: Micros): void {
    const k = this.k;
    const queue = k.queue;
    // Watchdog: one countdown compare per event; every stallEvents events the clock must have moved.
    const every = this.stallEvents;
    let budget = every;
    let mark = k.clock;
    for (;;) {
      // A workload input (inputs.ts) is no event but counts here: one that schedules itself at once forever stalls too.
      if (inputFirst(k, until)) runInput(k);
      else if (queue.size === 0 || queue.peekTime() > until) break;
      else processNext(k);
      if (--budget === 0) {
        if (k.clock === mark && queue.size > 0) stalled(k, every);
        mark = k.clock;
        budget = every;
      }
    }
    if (until > k.clock) k.clock = until;
    lifecycle.settleAll(k);
  }

  runFor(duration: Micros): void {
    this.runUntil(this.k.clock + duration);
  }

  /** Processes exactly one event; false when the queue is empty. For step-by-step teaching. */
  step(): boolean {
    if (inputFirst(this.k, Infinity)) runInput(this.k);
    else if (this.k.queue.size === 0) return false;
    else processNext(this.k);
    lifecycle.settleAll(this.k);
    return true;
  }

  // ---- lifecycle (semantics in lifecycle.ts) ---------------------------------------------

  crash(id: NodeId): void {
    lifecycle.crash(this.k, this.k.node(id));
  }

  restart(id: NodeId): void {
    lifecycle.restart(this.k, this.k.node(id));
  }

  /** Host power loss: its processes die silently and its disk loses the page cache. */
  powerLoss(host: HostId): void {
    lifecycle.powerLoss(this.k, this.k.hostState(host));
  }

  /** Powers a host back on and starts every process on it. */
  powerOn(host: HostId): void {
    lifecycle.powerOn(this.k, this.k.hostState(host));
  }

  pause(id: NodeId): void {
    lifecycle.pause(this.k, this.k.node(id));
  }

  resume(id: NodeId): void {
    lifecycle.resume(this.k, this.k.node(id));
  }

  // ---- network and clock faults ----------------------------------------------------------

  /** Cuts every link between side A and side B, both directions; returns the cut's id for repair(). */
  partition(sideA: readonly NodeId[], sideB: readonly NodeId[]): number {
    return this.cut(this.bothWays(sideA, sideB), 'partition', `${sideA.join(',')} | ${sideB.join(',')}`);
  }

  /** Cuts only the direction from -> to; returns the cut's id for repair(). */
  partitionOneWay(from: readonly NodeId[], to: readonly NodeId[]): number {
    const links: number[] = [];
    this.forLinks(from, to, (a, b) => links.push(a, b));
    return this.cut(links, 'partition-one-way', `${from.join(',')} -> ${to.join(',')}`);
  }

  /**
   * Repairs one partition (turmoil's `repair`): its links carry traffic again unless another
   * partition still cuts them. The trace names the partition that healed. Unknown ids are ignored
   * (healed already by heal()).
   */
  repair(cutId: number): void {
    const c = this.cuts.get(cutId);
    if (c === undefined) return;
    this.cuts.delete(cutId);
    for (let i = 0; i < c.links.length; i += 2) this.k.net.unblock(c.links[i] ?? 0, c.links[i + 1] ?? 0);
    this.traceFault('repair', c.label);
  }

  /** Removes every partition. */
  heal(): void {
    this.cuts.clear();
    this.k.net.healAll();
    this.traceFault('heal', 'all links');
  }

  /**
   * Holds every link between side A and side B, both directions (turmoil's `hold`): what is sent
   * over them from now on, and a connection's close, waits in the network, neither delivered nor
   * dropped, until release(). What is already travelling still arrives. Returns the hold's id.
   */
  hold(sideA: readonly NodeId[], sideB: readonly NodeId[]): number {
    const links = this.bothWays(sideA, sideB);
    for (let i = 0; i < links.length; i += 2) this.k.holds.hold(links[i] ?? 0, links[i + 1] ?? 0);
    const id = this.nextHoldId++;
    const label = `${sideA.join(',')} | ${sideB.join(',')}`;
    this.holds.set(id, { links, label });
    this.traceFault('hold', label);
    return id;
  }

  /**
   * Ends one hold (turmoil's `release`): each of its links that no other hold covers puts what
   * waited on it back on the wire, in the order it was sent, so it arrives one network delay later
   * and before anything sent after it. Unknown ids are ignored (released already).
   */
  release(holdId: number): void {
    const h = this.holds.get(holdId);
    if (h === undefined) return;
    this.holds.delete(holdId);
    let waited = 0;
    for (let i = 0; i < h.links.length; i += 2) waited += releaseHold(this.k, h.links[i] ?? 0, h.links[i + 1] ?? 0);
    this.traceFault('release', `${h.label} (${waited} held)`);
  }

  // ---- disk faults (each returns its undo, which restores what the fault replaced) ---------

  /** fsyncs on the host take `factor` times longer. */
  slowDisk(host: HostId, factor: number): () => void {
    const d = this.disk(host);
    const h = this.k.hostState(host);
    const before = d.slowFactor;
    lifecycle.settleHost(this.k, h);
    d.slowFactor = factor;
    return () => {
      lifecycle.settleHost(this.k, h);
      d.slowFactor = before;
    };
  }

  /** The host's disk takes no more bytes than it holds now. */
  fillDisk(host: HostId): () => void {
    const d = this.disk(host);
    const before = d.capacityBytes;
    d.capacityBytes = d.usedBytes;
    return () => (d.capacityBytes = before);
  }

  /** Every fsync on the host completes with ok = false (its writes stay in the page cache only). */
  failFsyncs(host: HostId): () => void {
    const d = this.disk(host);
    const h = this.k.hostState(host);
    const before = d.failFsync;
    // Polled fsyncs in flight complete as events from here on (polled-fsync.ts).
    lifecycle.settleHost(this.k, h);
    deliverPolledFsyncs(this.k, h);
    d.failFsync = true;
    return () => {
      lifecycle.settleHost(this.k, h);
      deliverPolledFsyncs(this.k, h);
      d.failFsync = before;
    };
  }

  /** Adds latency and jitter to every link between the two sides, both directions. */
  setLatency(sideA: readonly NodeId[], sideB: readonly NodeId[], extraUs: Micros, jitterUs: Micros): void {
    this.forLinks(sideA, sideB, (a, b) => {
      this.k.net.setLatency(a, b, extraUs, jitterUs);
      this.k.net.setLatency(b, a, extraUs, jitterUs);
    });
    this.traceFault('latency', `${sideA.join(',')} <-> ${sideB.join(',')} +${extraUs}us ±${jitterUs}us`);
  }

  setPacketFaults(sideA: readonly NodeId[], sideB: readonly NodeId[], faults: PacketFaults): void {
    this.forLinks(sideA, sideB, (a, b) => {
      this.k.net.setPacketFaults(a, b, faults);
      this.k.net.setPacketFaults(b, a, faults);
    });
    this.traceFault(
      'packet',
      `${sideA.join(',')} <-> ${sideB.join(',')} loss=${faults.loss}ppm dup=${faults.duplicate}ppm reorder=${faults.reorder}ppm`,
    );
  }

  /** Resets the TCP connection between a and b: both sides see "channel closed". */
  resetConnection(a: NodeId, b: NodeId): void {
    lifecycle.resetConnection(this.k, this.k.node(a), this.k.node(b));
    this.traceFault('reset', `${a} <-> ${b}`);
  }

  /**
   * Clock skew: the node's ctx.now() reads true time + skewUs from now on. Durations
   * (timers, RPC timeouts) are unaffected, as with a wrong wall clock on a real host;
   * timestamps the node writes (store time, data versions) are skewed.
   */
  setClockSkew(id: NodeId, skewUs: Micros): void {
    const node = this.k.node(id);
    const deltaUs = skewUs - node.clockSkewUs;
    // What the node computes lazily happened on the clock it had then.
    lifecycle.settle(node);
    node.clockSkewUs = skewUs;
    this.traceFault('clock-skew', `${id} ${skewUs >= 0 ? '+' : ''}${skewUs}us`);
    if (deltaUs !== 0 && node.up && node.ctx !== undefined) node.instance?.onClockSkew?.(node.ctx, deltaUs);
    // A paused process notices nothing until it resumes; its late timers then re-check the clock anyway.
    if (deltaUs > 0 && node.up && !node.paused && node.ctx !== undefined)
      node.instance?.onClockJump?.(node.ctx, deltaUs);
  }

  /** Records a fault applied by a layer above (disk faults, clock skew) in the trace. */
  traceFault(verb: string, detail: string): void {
    this.k.traceKernel({ kind: 'fault', verb, detail });
  }

  private cut(links: number[], verb: string, label: string): number {
    for (let i = 0; i < links.length; i += 2) this.k.net.block(links[i] ?? 0, links[i + 1] ?? 0);
    const id = this.nextCutId++;
    this.cuts.set(id, { links, label });
    this.traceFault(verb, label);
    return id;
  }

  /** Every directed link between the two sides, both ways, as (from, to) index pairs. */
  private bothWays(sideA: readonly NodeId[], sideB: readonly NodeId[]): number[] {
    const links: number[] = [];
    this.forLinks(sideA, sideB, (a, b) => links.push(a, b, b, a));
    return links;
  }

  private forLinks(sideA: readonly NodeId[], sideB: readonly NodeId[], fn: (a: number, b: number) => void): void {
    for (const a of sideA) for (const b of sideB) if (a !== b) fn(this.k.node(a).index, this.k.node(b).index);
  }
}
