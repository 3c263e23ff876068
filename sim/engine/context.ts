// The NodeContext implementation: a node's one door to the world. One
// instance per incarnation; every call goes straight to the kernel.
import { fail } from '../base/index.js';
import type { DiskLog, DiskView, LogLayout } from './disk.js';
import type { Kernel } from './kernel.js';
import { startRpc, transmit } from './messaging.js';
import type { DiskCompletion, HostId, Message, NodeContext, NodeId, SendOptions } from './node.js';
import { nodeNow, startFsync } from './node-ops.js';
import { completeDueFsyncs, pollFsync, startPolledFsync } from './polled-fsync.js';
import { scheduleInput } from './inputs.js';
import { cancelTimer, hasTimer, setTimer, timerDelay } from './timers.js';
import type { NodeState } from './node-state.js';
import type { RandomStream } from './rng.js';
import type { Micros } from './time.js';

export class Context<M extends Message, E> implements NodeContext<M, E> {
  readonly id: NodeId;
  readonly host: HostId;
  readonly rng: RandomStream;
  readonly disk: DiskView;

  constructor(
    private readonly k: Kernel<M, E>,
    private readonly node: NodeState<M, E>,
  ) {
    this.id = node.id;
    this.host = node.host.id;
    this.rng = node.rng;
    const hostDisk = node.host.disk;
    this.disk = {
      log: (path: string, fields: number, layout?: LogLayout): DiskLog => {
        completeDueFsyncs(k, node.host);
        return hostDisk.log(path, fields, layout);
      },
      hasLog: (path: string): boolean => hostDisk.hasLog(path),
      readFile: (path: string): string | undefined => hostDisk.readFile(path),
      writeFile: (path: string, text: string): boolean => hostDisk.writeFile(path, text),
      fsync: (path: string): number => startFsync(k, node, path),
      fsyncPolled: (path: string, agoUs?: Micros): number => startPolledFsync(k, node, path, agoUs ?? 0),
      pollFsync: (opId: number, agoUs?: Micros): DiskCompletion | undefined => pollFsync(k, node, opId, agoUs ?? 0),
      fsyncDetached: (path: string): void => void startPolledFsync(k, node, path, 0, true),
      freeBytes: (): number => hostDisk.freeBytes,
    };
  }

  now(): Micros {
    return nodeNow(this.k, this.node);
  }

  setTimer(name: string, delayUs: Micros): void {
    setTimer(this.k, this.node, name, delayUs);
  }

  cancelTimer(name: string): void {
    cancelTimer(this.node, name);
  }

  hasTimer(name: string): boolean {
    return hasTimer(this.node, name);
  }

  timerDelay(name: string): Micros {
    return timerDelay(this.k, this.node, name);
  }

  scheduleInput(delayUs: Micros): void {
    scheduleInput(this.k, this.node, delayUs);
  }

  send(to: NodeId, msg: M, options?: SendOptions): void {
    transmit(this.k, this.node, to, msg, 0, options?.bytes ?? 0, true);
  }

  rpc(to: NodeId, request: M, timeoutUs: Micros, options?: SendOptions): number {
    return startRpc(this.k, this.node, to, request, timeoutUs, options?.bytes ?? 0);
  }

  sendUnread(to: NodeId, msg: M, options?: SendOptions): void {
    transmit(this.k, this.node, to, msg, 0, options?.bytes ?? 0, false);
  }

  reply(to: NodeId, rpcId: number, response: M, options?: SendOptions): void {
    if (!(rpcId > 0)) fail(`${this.node.id}: reply needs the request's rpc id`);
    transmit(this.k, this.node, to, response, -rpcId, options?.bytes ?? 0, true);
  }

  emit(event: E): void {
    this.k.emit(this.node, event);
  }
}
