// The deterministic kernel: one virtual clock, one event queue, hosts and
// their nodes, the network, the disks, and the trace. Everything a simulated
// process does reaches the world through its NodeContext, and every effect
// becomes an event ordered by (time, seq). Nothing here reads real time,
// real randomness or real I/O.
//
// Lifecycle semantics (design.md, style.md #8):
// - crash: the process dies on a live host. Its timers, pending RPCs and
//   undelivered inbound messages are gone; peers connected to it learn
//   "channel closed" after one network delay (the OS sends RST/FIN).
// - power loss: every process of the host dies with no RST; the disk loses
//   its page cache (unsynced writes), maybe tearing a log's tail.
// - restart: a fresh instance from the factory; it sees only the disk.
// - pause: nothing of the node runs; its events wait and fire late on resume.
import { assert, fail } from './assert.js';
import { Context } from './context.js';
import { DEFAULT_DISK, HostDisk, type DiskConfig } from './disk.js';
import { EventQueue } from './event-queue.js';
import { DEFAULT_NETWORK, Network, type NetworkConfig, type PacketFaults } from './network.js';
import type { DiskCompletion, HostId, Message, NodeFactory, NodeId, RpcFailure, SimNode } from './node.js';
import {
  CHANNEL_CLOSED, CONTROL, DELIVER, DISK_DONE, RPC_REFUSED, RPC_TIMEOUT, TIMER,
  type ControlAction, type HostState, type NodeState, type Payload, type PendingFsync, type PendingRpc,
} from './node-state.js';
import { RandomStreams, type RandomStream, type Seed } from './rng.js';
import type { Micros } from './time.js';
import { describeKernelEvent, TraceHasher, type DropReason, type KernelEvent, type LifecycleChange, type TraceSink } from './trace.js';

export interface SimulationOptions<E> {
  readonly seed: Seed;
  readonly network?: NetworkConfig;
  readonly disk?: DiskConfig;
  /** Canonical one-line text of a domain event: what the trace hash digests. */
  readonly describeEvent: (e: E) => string;
}

export interface AddNodeOptions {
  /** Host to place the node on; defaults to a host of the node's own name. */
  readonly host?: string;
  /** Start the node when the run begins (default true). */
  readonly start?: boolean;
}

export class Simulation<M extends Message, E> {
  private readonly queue = new EventQueue<Payload<M>>();
  private readonly streams: RandomStreams;
  private readonly net: Network;
  private readonly diskRng: RandomStream;
  private readonly hasher = new TraceHasher();
  private readonly nodes: NodeState<M, E>[] = [];
  private readonly nodeByName = new Map<string, NodeState<M, E>>();
  private readonly hosts = new Map<string, HostState>();
  private readonly pending = new Map<number, PendingRpc<M>>();
  private readonly typeIds = new Map<string, number>();
  private readonly sinks: TraceSink<E>[] = [];
  private hotSinks: TraceSink<E>[] = [];
  private nextRpcId = 1;
  private nextDiskOp = 1;
  private clock: Micros = 0;
  private processed = 0;
  private readonly counters = { delivered: 0, dropped: 0, bytesSent: 0, rpcs: 0, rpcFailures: 0, timersFired: 0 };

  constructor(private readonly options: SimulationOptions<E>) {
    this.streams = new RandomStreams(options.seed);
    this.net = new Network(options.network ?? DEFAULT_NETWORK, this.streams.stream('net'));
    this.diskRng = this.streams.stream('disk');
  }

  // ---- set-up and inspection -------------------------------------------------------------

  get now(): Micros {
    return this.clock;
  }

  get seed(): Seed {
    return this.options.seed;
  }

  /** Events processed so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  traceHash(): string {
    return this.hasher.digest();
  }

  /** Kernel counters for reports: messages delivered and dropped, bytes sent, RPCs and their failures, timers fired. */
  stats(): Readonly<Record<string, number>> {
    return { events: this.processed, ...this.counters };
  }

  /** A named random stream derived from the root seed (faults, workload, ...). */
  stream(name: string): RandomStream {
    return this.streams.stream(name);
  }

  addSink(sink: TraceSink<E>): void {
    this.sinks.push(sink);
    this.hotSinks = this.sinks.filter((s) => s.wantsHotEvents === true);
  }

  addNode(name: string, factory: NodeFactory<M, E>, options: AddNodeOptions = {}): NodeId {
    assert(!this.nodeByName.has(name), `node ${name} added twice`);
    const host = this.hostState(options.host ?? name);
    const index = this.nodes.length;
    const node: NodeState<M, E> = {
      index, id: name as NodeId, host, factory, rng: this.streams.stream(`node:${name}`),
      instance: undefined, ctx: undefined, incarnation: 0, up: false, paused: false, clockSkewUs: 0, deferred: [],
      timerIndex: new Map(), timerNames: [], timerGen: [], timerArmed: [],
    };
    this.nodes.push(node);
    this.nodeByName.set(name, node);
    host.nodes.push(index);
    this.net.ensureCapacity(this.nodes.length);
    if (options.start !== false) this.at(this.clock, () => this.startNode(node, 'start'));
    return node.id;
  }

  nodeIds(): NodeId[] {
    return this.nodes.map((n) => n.id);
  }

  hasNode(name: string): boolean {
    return this.nodeByName.has(name);
  }

  isUp(id: string): boolean {
    return this.node(id).up;
  }

  isPaused(id: string): boolean {
    return this.node(id).paused;
  }

  isHostUp(host: string): boolean {
    return this.hostState(host).up;
  }

  hostOf(id: string): HostId {
    return this.node(id).host.id;
  }

  /** The live process instance (for selectors and tests), or undefined when down. */
  instance(id: string): SimNode<M, E> | undefined {
    return this.node(id).instance;
  }

  /** A host's disk, for inspection and disk faults. */
  disk(host: string): HostDisk {
    return this.hostState(host).disk;
  }

  // ---- running ---------------------------------------------------------------------------

  /** Schedules an action outside any node (faults, workload phases, checks) at an absolute time. */
  at(time: Micros, action: ControlAction): void {
    assert(time >= this.clock, `cannot schedule in the past (${time} < ${this.clock})`);
    this.queue.push(time, CONTROL, -1, 0, 0, 0, action);
  }

  /** Runs every event up to and including `until`, then sets the clock to `until`. */
  runUntil(until: Micros): void {
    const queue = this.queue;
    while (queue.size > 0 && queue.peekTime() <= until) this.processNext();
    if (until > this.clock) this.clock = until;
  }

  runFor(duration: Micros): void {
    this.runUntil(this.clock + duration);
  }

  /** Processes exactly one event; false when the queue is empty. For step-by-step teaching. */
  step(): boolean {
    if (this.queue.size === 0) return false;
    this.processNext();
    return true;
  }

  // ---- lifecycle and faults --------------------------------------------------------------

  crash(id: string): void {
    const node = this.node(id);
    if (!node.up) return;
    this.kill(node, 'crash');
    // The host is up, so the OS closes the process's sockets: every connected peer sees RST.
    for (const peer of this.net.takePeers(node.index, this.nodes.length)) {
      const p = this.nodes[peer];
      if (p === undefined || !p.up || this.net.isBlocked(node.index, peer)) continue;
      this.queue.push(this.net.closeArrival(node.index, peer, this.clock), CHANNEL_CLOSED, peer, node.index, 0, p.incarnation, undefined);
    }
  }

  restart(id: string): void {
    const node = this.node(id);
    assert(node.host.up, `cannot restart ${id}: host ${node.host.id} is powered off`);
    if (node.up) this.crash(id);
    this.startNode(node, 'restart');
  }

  /** Host power loss: its processes die silently and its disk loses the page cache. */
  powerLoss(host: string): void {
    const h = this.hostState(host);
    if (!h.up) return;
    for (const i of h.nodes) {
      const node = this.nodes[i];
      if (node === undefined || !node.up) continue;
      this.kill(node, 'power-loss');
      // No RST: peers keep believing the connection is open until their own timeouts.
      for (let p = 0; p < this.nodes.length; p++) this.net.unlink(node.index, p);
    }
    h.up = false;
    h.powerEpoch++;
    h.disk.powerLoss(this.diskRng);
    this.traceKernel({ kind: 'lifecycle', node: host, what: 'power-loss' });
  }

  /** Powers a host back on and starts every process on it. */
  powerOn(host: string): void {
    const h = this.hostState(host);
    if (h.up) return;
    h.up = true;
    this.traceKernel({ kind: 'lifecycle', node: host, what: 'power-on' });
    for (const i of h.nodes) {
      const node = this.nodes[i];
      if (node !== undefined && !node.up) this.startNode(node, 'restart');
    }
  }

  pause(id: string): void {
    const node = this.node(id);
    if (!node.up || node.paused) return;
    node.paused = true;
    this.traceKernel({ kind: 'lifecycle', node: node.id, what: 'pause' });
  }

  resume(id: string): void {
    const node = this.node(id);
    if (!node.paused) return;
    node.paused = false;
    this.traceKernel({ kind: 'lifecycle', node: node.id, what: 'resume' });
    // Everything that arrived meanwhile runs now, late, in its original order.
    const deferred = node.deferred;
    node.deferred = [];
    for (const slot of deferred) this.queue.pushSlot(this.clock, slot);
  }

  /** Cuts every link between side A and side B, both directions. */
  partition(sideA: readonly string[], sideB: readonly string[]): void {
    this.forLinks(sideA, sideB, (a, b) => {
      this.net.setBlocked(a, b, true);
      this.net.setBlocked(b, a, true);
    });
    this.traceFault('partition', `${sideA.join(',')} | ${sideB.join(',')}`);
  }

  /** Cuts only the direction from -> to. */
  partitionOneWay(from: readonly string[], to: readonly string[]): void {
    this.forLinks(from, to, (a, b) => this.net.setBlocked(a, b, true));
    this.traceFault('partition-one-way', `${from.join(',')} -> ${to.join(',')}`);
  }

  /** Removes every partition. */
  heal(): void {
    this.net.healAll();
    this.traceFault('heal', 'all links');
  }

  /** Adds latency and jitter to every link between the two sides, both directions. */
  setLatency(sideA: readonly string[], sideB: readonly string[], extraUs: Micros, jitterUs: Micros): void {
    this.forLinks(sideA, sideB, (a, b) => {
      this.net.setLatency(a, b, extraUs, jitterUs);
      this.net.setLatency(b, a, extraUs, jitterUs);
    });
    this.traceFault('latency', `${sideA.join(',')} <-> ${sideB.join(',')} +${extraUs}us ±${jitterUs}us`);
  }

  setPacketFaults(sideA: readonly string[], sideB: readonly string[], faults: PacketFaults): void {
    this.forLinks(sideA, sideB, (a, b) => {
      this.net.setPacketFaults(a, b, faults);
      this.net.setPacketFaults(b, a, faults);
    });
    this.traceFault('packet', `${sideA.join(',')} <-> ${sideB.join(',')} loss=${faults.loss} dup=${faults.duplicate} reorder=${faults.reorder}`);
  }

  /** Resets the TCP connection between a and b: both sides see "channel closed". */
  resetConnection(a: string, b: string): void {
    const na = this.node(a);
    const nb = this.node(b);
    this.net.unlink(na.index, nb.index);
    for (const [obs, peer] of [[na, nb], [nb, na]] as const) {
      if (obs.up) this.queue.push(this.net.closeArrival(peer.index, obs.index, this.clock), CHANNEL_CLOSED, obs.index, peer.index, 0, obs.incarnation, undefined);
    }
    this.traceFault('reset', `${a} <-> ${b}`);
  }

  /**
   * Clock skew: the node's ctx.now() reads true time + skewUs from now on. Durations
   * (timers, RPC timeouts) are unaffected, as with a wrong wall clock on a real host;
   * timestamps the node writes (store time, data versions) are skewed.
   */
  setClockSkew(id: string, skewUs: Micros): void {
    const node = this.node(id);
    node.clockSkewUs = skewUs;
    this.traceFault('clock-skew', `${id} ${skewUs >= 0 ? '+' : ''}${skewUs}us`);
  }

  /** @internal The node's own reading of the clock. */
  nodeNow(node: NodeState<M, E>): Micros {
    return this.clock + node.clockSkewUs;
  }

  /** Records a fault applied by a layer above (disk faults, clock skew) in the trace. */
  traceFault(verb: string, detail: string): void {
    this.traceKernel({ kind: 'fault', verb, detail });
  }

  // ---- the context's operations ----------------------------------------------------------

  /** @internal */
  setTimer(node: NodeState<M, E>, name: string, delayUs: Micros): void {
    if (!(delayUs >= 0 && Number.isFinite(delayUs))) fail(`${node.id}: timer ${name} with bad delay ${delayUs}`);
    let idx = node.timerIndex.get(name);
    if (idx === undefined) {
      idx = node.timerNames.length;
      node.timerIndex.set(name, idx);
      node.timerNames.push(name);
      node.timerGen.push(0);
      node.timerArmed.push(false);
    }
    const gen = (node.timerGen[idx] ?? 0) + 1;
    node.timerGen[idx] = gen;
    node.timerArmed[idx] = true;
    this.queue.push(this.clock + Math.round(delayUs), TIMER, node.index, idx, gen, node.incarnation, undefined);
  }

  /** @internal */
  cancelTimer(node: NodeState<M, E>, name: string): void {
    const idx = node.timerIndex.get(name);
    if (idx === undefined) return;
    // Lazy cancellation: the queued event stays and is skipped by its stale generation.
    node.timerGen[idx] = (node.timerGen[idx] ?? 0) + 1;
    node.timerArmed[idx] = false;
  }

  /** @internal */
  hasTimer(node: NodeState<M, E>, name: string): boolean {
    const idx = node.timerIndex.get(name);
    return idx !== undefined && node.timerArmed[idx] === true;
  }

  /** @internal Sends over the channel from -> to; rpc as in the DELIVER layout. */
  transmit(from: NodeState<M, E>, toName: NodeId, msg: M, rpc: number, bytes: number): void {
    const to = this.node(toName);
    this.counters.bytesSent += bytes;
    if (this.net.isBlocked(from.index, to.index)) {
      this.drop(from.index, to.index, msg, 'partition');
      return;
    }
    const arrival = this.net.arrivalTime(from.index, to.index, this.clock);
    if (arrival < 0) {
      this.drop(from.index, to.index, msg, 'loss');
      return;
    }
    this.queue.push(arrival, DELIVER, to.index, from.index, rpc, to.incarnation, msg);
    if (this.net.duplicates(from.index, to.index)) {
      const again = this.net.arrivalTime(from.index, to.index, this.clock);
      if (again >= 0) this.queue.push(again, DELIVER, to.index, from.index, rpc, to.incarnation, msg);
    }
  }

  /** @internal */
  startRpc(from: NodeState<M, E>, to: NodeId, request: M, timeoutUs: Micros, bytes: number): number {
    if (!(timeoutUs > 0)) fail(`${from.id}: rpc ${request.type} needs a positive timeout`);
    const id = this.nextRpcId++;
    const target = this.node(to);
    this.pending.set(id, { caller: from.index, callerIncarnation: from.incarnation, to: target.index, request });
    this.queue.push(this.clock + timeoutUs, RPC_TIMEOUT, from.index, id, 0, from.incarnation, undefined);
    this.transmit(from, to, request, id, bytes);
    this.counters.rpcs++;
    return id;
  }

  /** @internal */
  startFsync(node: NodeState<M, E>, path: string): number {
    const disk = node.host.disk;
    const opId = this.nextDiskOp++;
    const op: PendingFsync = {
      host: node.host, powerEpoch: node.host.powerEpoch, path, opId,
      upTo: disk.pendingDurable(path), fileText: disk.readFile(path),
    };
    this.queue.push(this.clock + disk.sampleFsyncUs(this.diskRng), DISK_DONE, node.index, opId, 0, node.incarnation, op);
    return opId;
  }

  /** @internal */
  emit(node: NodeState<M, E>, event: E): void {
    const text = this.options.describeEvent(event);
    this.hasher.record(this.clock, 100);
    this.hasher.mixInt(node.index);
    this.hasher.mixString(text);
    for (const sink of this.sinks) sink.onEvent?.(this.clock, node.id, event);
  }

  // ---- internals -------------------------------------------------------------------------

  private processNext(): void {
    const queue = this.queue;
    const time = queue.peekTime();
    const slot = queue.pop();
    this.clock = time;
    this.processed++;
    const kind = queue.kind[slot] as number;
    if (kind === CONTROL) {
      const action = queue.payload[slot] as ControlAction;
      queue.release(slot);
      action();
      return;
    }
    const node = this.nodes[queue.node[slot] as number];
    if (node === undefined) fail(`event for unknown node index ${queue.node[slot]}`);
    if (kind === DISK_DONE) this.applyFsync(queue.payload[slot] as PendingFsync);
    if (kind === DELIVER) {
      if (!this.admitDelivery(node, slot)) {
        queue.release(slot);
        return;
      }
    } else if (!node.up || node.incarnation !== queue.c[slot]) {
      queue.release(slot); // the process this event belonged to is gone
      return;
    }
    if (node.paused) {
      node.deferred.push(slot);
      return;
    }
    this.dispatch(node, kind, slot);
    queue.release(slot);
  }

  /** Decides whether a message arriving now reaches its process; traces and drops it otherwise. */
  private admitDelivery(to: NodeState<M, E>, slot: number): boolean {
    const q = this.queue;
    const from = q.a[slot] as number;
    const rpc = q.b[slot] as number;
    const msg = q.payload[slot] as M;
    if (this.net.isBlocked(from, to.index)) return this.drop(from, to.index, msg, 'partition');
    if (!to.host.up) return this.drop(from, to.index, msg, 'host-down');
    if (!to.up) {
      // Connection refused: the caller of a request hears about it one network delay later.
      const caller = this.nodes[from];
      if (rpc > 0 && caller !== undefined) {
        q.push(this.clock + this.net.signalDelay(), RPC_REFUSED, from, rpc, 0, caller.incarnation, undefined);
      }
      return this.drop(from, to.index, msg, 'refused');
    }
    if (to.incarnation !== q.c[slot]) return this.drop(from, to.index, msg, 'stale');
    return true;
  }

  private dispatch(node: NodeState<M, E>, kind: number, slot: number): void {
    const q = this.queue;
    const instance = node.instance;
    const ctx = node.ctx;
    if (instance === undefined || ctx === undefined) fail(`${node.id} is up without an instance`);
    switch (kind) {
      case DELIVER:
        this.deliver(node, instance, ctx, q.a[slot] as number, q.b[slot] as number, q.payload[slot] as M);
        return;
      case TIMER: {
        const idx = q.a[slot] as number;
        if (node.timerGen[idx] !== q.b[slot]) return; // reset or cancelled since
        node.timerArmed[idx] = false;
        this.counters.timersFired++;
        const name = node.timerNames[idx] ?? '';
        this.hasher.record(this.clock, TIMER);
        this.hasher.mixInt(node.index);
        this.hasher.mixInt(idx);
        if (this.hotSinks.length > 0) this.traceHot({ kind: 'timer', node: node.id, name });
        instance.onTimer(ctx, name);
        return;
      }
      case RPC_TIMEOUT:
        this.failRpc(q.a[slot] as number, 'timeout');
        return;
      case RPC_REFUSED:
        this.failRpc(q.a[slot] as number, 'refused');
        return;
      case CHANNEL_CLOSED: {
        const peer = this.nodes[q.a[slot] as number];
        assert(peer !== undefined, 'channel closed by unknown peer');
        this.net.unlink(node.index, peer.index);
        this.traceKernel({ kind: 'channel-closed', node: node.id, peer: peer.id });
        for (const [id, p] of [...this.pending]) {
          if (p.caller === node.index && p.to === peer.index) this.failRpc(id, 'closed');
        }
        if (node.instance === instance) instance.onChannelClosed(ctx, peer.id);
        return;
      }
      case DISK_DONE: {
        const op = q.payload[slot] as PendingFsync;
        const done: DiskCompletion = { op: 'fsync', path: op.path, opId: op.opId, ok: !op.host.disk.failFsync, durable: op.upTo };
        instance.onDiskDone(ctx, done);
        return;
      }
      default:
        assert(false, `unknown event kind ${kind}`);
    }
  }

  private deliver(to: NodeState<M, E>, instance: SimNode<M, E>, ctx: Context<M, E>, fromIndex: number, rpc: number, msg: M): void {
    const from = this.nodes[fromIndex];
    assert(from !== undefined, 'delivery from unknown node');
    this.net.link(fromIndex, to.index);
    this.counters.delivered++;
    // Hot path: four mixing rounds carry time, kind, both ends, message type and rpc id.
    this.hasher.record(this.clock, DELIVER);
    this.hasher.mixInt(fromIndex * 65_599 + to.index);
    this.hasher.mixInt(this.typeId(msg.type) * 1_000_003 + rpc);
    if (this.hotSinks.length > 0) this.traceHot({ kind: 'deliver', from: from.id, to: to.id, type: msg.type, rpc });
    if (rpc >= 0) {
      instance.onMessage(ctx, from.id, msg, rpc);
      return;
    }
    const id = -rpc;
    const p = this.pending.get(id);
    if (p === undefined || p.caller !== to.index || p.callerIncarnation !== to.incarnation) {
      this.traceKernel({ kind: 'drop', from: from.id, to: to.id, type: msg.type, reason: 'late-reply' });
      return;
    }
    this.pending.delete(id);
    instance.onReply(ctx, from.id, p.request, { ok: true, response: msg }, id);
  }

  private failRpc(id: number, reason: RpcFailure): void {
    const p = this.pending.get(id);
    if (p === undefined) return; // answered already
    this.pending.delete(id);
    const caller = this.nodes[p.caller];
    const to = this.nodes[p.to];
    assert(caller !== undefined && to !== undefined, 'rpc between unknown nodes');
    if (!caller.up || caller.incarnation !== p.callerIncarnation || caller.instance === undefined || caller.ctx === undefined) return;
    this.counters.rpcFailures++;
    this.traceKernel({ kind: 'rpc-failed', node: caller.id, to: to.id, type: p.request.type, reason });
    caller.instance.onReply(caller.ctx, to.id, p.request, { ok: false, reason }, id);
  }

  private applyFsync(op: PendingFsync): void {
    // The OS completes an fsync even if the process that asked died meanwhile; power loss cancels it.
    if (op.host.powerEpoch !== op.powerEpoch || op.host.disk.failFsync) return;
    op.host.disk.completeFsync(op.path, op.upTo, op.fileText);
  }

  private startNode(node: NodeState<M, E>, what: LifecycleChange): void {
    if (node.up || !node.host.up) return;
    node.incarnation++;
    node.up = true;
    node.paused = false;
    node.timerIndex = new Map();
    node.timerNames = [];
    node.timerGen = [];
    node.timerArmed = [];
    const instance = node.factory();
    const ctx = new Context(this, node);
    node.instance = instance;
    node.ctx = ctx;
    this.traceKernel({ kind: 'lifecycle', node: node.id, what });
    instance.onStart(ctx);
  }

  private kill(node: NodeState<M, E>, what: LifecycleChange): void {
    node.up = false;
    node.paused = false;
    node.incarnation++;
    node.instance = undefined;
    node.ctx = undefined;
    for (const slot of node.deferred) this.queue.release(slot);
    node.deferred = [];
    for (const [id, p] of [...this.pending]) if (p.caller === node.index) this.pending.delete(id);
    if (what === 'crash') this.traceKernel({ kind: 'lifecycle', node: node.id, what });
  }

  private drop(from: number, to: number, msg: M, reason: DropReason): false {
    this.counters.dropped++;
    const f = this.nodes[from];
    const t = this.nodes[to];
    assert(f !== undefined && t !== undefined, 'drop between unknown nodes');
    this.traceKernel({ kind: 'drop', from: f.id, to: t.id, type: msg.type, reason });
    return false;
  }

  private traceKernel(e: KernelEvent): void {
    this.hasher.record(this.clock, 50);
    this.hasher.mixString(describeKernelEvent(e));
    for (const sink of this.sinks) sink.onKernel?.(this.clock, e);
  }

  private traceHot(e: KernelEvent): void {
    for (const sink of this.hotSinks) sink.onKernel?.(this.clock, e);
  }

  private typeId(type: string): number {
    let id = this.typeIds.get(type);
    if (id === undefined) {
      id = this.typeIds.size + 1;
      this.typeIds.set(type, id);
    }
    return id;
  }

  private forLinks(sideA: readonly string[], sideB: readonly string[], fn: (a: number, b: number) => void): void {
    for (const a of sideA) for (const b of sideB) if (a !== b) fn(this.node(a).index, this.node(b).index);
  }

  private node(id: string): NodeState<M, E> {
    const n = this.nodeByName.get(id);
    if (n === undefined) fail(`unknown node ${id}`);
    return n;
  }

  private hostState(id: string): HostState {
    let h = this.hosts.get(id);
    if (h === undefined) {
      h = { id: id as HostId, disk: new HostDisk(this.options.disk ?? DEFAULT_DISK), nodes: [], up: true, powerEpoch: 0 };
      this.hosts.set(id, h);
    }
    return h;
  }
}
