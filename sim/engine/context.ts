// The NodeContext implementation: a node's one door to the world. One
// instance per incarnation; every call goes straight to the kernel.
import { fail } from './assert.js';
import type { DiskLog, DiskView } from './disk.js';
import type { HostId, Message, NodeContext, NodeId, SendOptions } from './node.js';
import type { NodeState } from './node-state.js';
import type { RandomStream } from './rng.js';
import type { Simulation } from './simulation.js';
import type { Micros } from './time.js';

/** A node's one door to the world; one instance per incarnation. */
export class Context<M extends Message, E> implements NodeContext<M, E> {
  readonly id: NodeId;
  readonly host: HostId;
  readonly rng: RandomStream;
  readonly disk: DiskView;

  constructor(private readonly sim: Simulation<M, E>, private readonly node: NodeState<M, E>) {
    this.id = node.id;
    this.host = node.host.id;
    this.rng = node.rng;
    const hostDisk = node.host.disk;
    this.disk = {
      log: (path: string, fields: number): DiskLog => hostDisk.log(path, fields),
      hasLog: (path: string): boolean => hostDisk.hasLog(path),
      readFile: (path: string): string | undefined => hostDisk.readFile(path),
      writeFile: (path: string, text: string): boolean => hostDisk.writeFile(path, text),
      fsync: (path: string): number => sim.startFsync(node, path),
    };
  }

  now(): Micros {
    return this.sim.nodeNow(this.node);
  }

  setTimer(name: string, delayUs: Micros): void {
    this.sim.setTimer(this.node, name, delayUs);
  }

  cancelTimer(name: string): void {
    this.sim.cancelTimer(this.node, name);
  }

  hasTimer(name: string): boolean {
    return this.sim.hasTimer(this.node, name);
  }

  send(to: NodeId, msg: M, options?: SendOptions): void {
    this.sim.transmit(this.node, to, msg, 0, options?.bytes ?? 0);
  }

  rpc(to: NodeId, request: M, timeoutUs: Micros, options?: SendOptions): number {
    return this.sim.startRpc(this.node, to, request, timeoutUs, options?.bytes ?? 0);
  }

  reply(to: NodeId, rpcId: number, response: M, options?: SendOptions): void {
    if (!(rpcId > 0)) fail(`${this.node.id}: reply needs the request's rpc id`);
    this.sim.transmit(this.node, to, response, -rpcId, options?.bytes ?? 0);
  }

  emit(event: E): void {
    this.sim.emit(this.node, event);
  }
}
