// The interaction environment of the golden tests (etcd-io/raft's
// InteractionEnv): RaftCores driven by hand, with an in-memory store per
// member (everything persists at once, so a crash keeps what was written),
// a message queue the script delivers or drops, partitions, and a manual
// clock whose timers and RPC timeouts fire only on `tick`/`run`.
import { RandomStream } from '../../../sim/engine/index.js';
import { RaftCore, type RaftInput } from '../../../sim/raft/core.js';
import { resolveRaftConfig, type RaftConfig, type RaftConfigOverrides } from '../../../sim/raft/config.js';
import { describeRaftEvent, type RaftEvent } from '../../../sim/raft/events.js';
import { RaftLog } from '../../../sim/raft/log.js';
import { describeRaftMessage, type RaftRequest, type RaftResponse } from '../../../sim/raft/messages.js';
import type { Outbound, Ready } from '../../../sim/raft/ready.js';
import { memoryLogReader, type RaftLogReader } from '../../../sim/raft/storage.js';
import { isRaftTimer, type RaftTimer } from '../../../sim/raft/timers.js';
import type { HardState } from '../../../sim/raft/types.js';

export interface Stored {
  hardState: HardState;
  readonly log: RaftLog;
}

interface InFlight {
  readonly from: string;
  readonly to: string;
  readonly rpcId: number;
  /** A request (rpcId > 0 waiting for an answer) or a reply to `request`. */
  readonly msg: RaftRequest | RaftResponse;
  readonly request: RaftRequest | undefined;
}

interface PendingRpc {
  readonly from: string;
  readonly to: string;
  readonly request: RaftRequest;
  readonly deadlineUs: number;
}

export class Env {
  readonly out: string[] = [];
  /** Every event, for the checkers. */
  readonly listeners: ((t: number, e: RaftEvent) => void)[] = [];
  readonly ids: string[] = [];
  readonly cores = new Map<string, RaftCore>();
  readonly stores = new Map<string, Stored>();
  private readonly timers = new Map<string, Map<RaftTimer, number>>();
  readonly queue: InFlight[] = [];
  private readonly pending = new Map<number, PendingRpc>();
  private readonly blocked = new Set<string>();
  private nextRpc = 1;
  config: RaftConfig = resolveRaftConfig();
  now = 0;
  printMessages = true;

  addNodes(n: number, overrides: RaftConfigOverrides, idle: boolean): void {
    this.config = resolveRaftConfig(overrides);
    const start = this.ids.length;
    for (let i = 1; i <= n; i++) this.ids.push(`n${start + i}`);
    for (const id of this.ids.slice(start))
      this.stores.set(id, { hardState: { term: 0, votedFor: undefined }, log: new RaftLog(this.config.payloadFields) });
    for (const id of this.ids.slice(start)) {
      this.boot(id);
      if (idle) this.timers.get(id)?.clear();
    }
  }

  boot(id: string): void {
    const store = this.stores.get(id);
    if (store === undefined) throw new Error(`unknown node ${id}`);
    const log = new RaftLog(this.config.payloadFields);
    for (let i = 0; i <= store.log.endIndex; i++)
      log.append(store.log.termAt(i), store.log.kindAt(i), store.log.payload(i), store.log.bytesAt(i));
    const rng = new RandomStream(`node:${id}`, 'golden');
    const core = new RaftCore({
      selfId: id,
      group: 'g',
      peers: this.ids,
      config: this.config,
      draw: (lo, hi) => rng.int(lo, hi),
      hardState: store.hardState,
      log,
    });
    this.cores.set(id, core);
    this.timers.set(id, new Map());
    this.step(id, { kind: 'start' });
  }

  crash(id: string): void {
    this.cores.delete(id);
    this.timers.delete(id);
    for (const [rpc, p] of this.pending) if (p.from === id) this.pending.delete(rpc);
  }

  logOf(id: string): RaftLogReader | undefined {
    const s = this.stores.get(id);
    return s === undefined ? undefined : memoryLogReader(s.log);
  }

  partition(sideA: readonly string[], sideB: readonly string[]): void {
    for (const a of sideA)
      for (const b of sideB) {
        this.blocked.add(`${a}>${b}`);
        this.blocked.add(`${b}>${a}`);
      }
  }

  /** Cuts only the direction from -> to. */
  partitionOneWay(from: readonly string[], to: readonly string[]): void {
    for (const a of from) for (const b of to) this.blocked.add(`${a}>${b}`);
  }

  heal(): void {
    this.blocked.clear();
  }

  step(id: string, input: RaftInput): void {
    const core = this.cores.get(id);
    if (core === undefined) return;
    this.apply(id, core.step(this.now, input));
  }

  private emit(e: RaftEvent): void {
    this.out.push(describeRaftEvent(e));
    for (const l of this.listeners) l(this.now, e);
  }

  /** The driver's order, with persistence synchronous. */
  private apply(id: string, r: Ready): void {
    for (const e of r.events) this.emit(e);
    const store = this.stores.get(id);
    if (store !== undefined) {
      if (r.truncateFrom !== undefined) store.log.truncateFrom(r.truncateFrom);
      for (const e of r.appends) {
        if (e.index !== store.log.length)
          throw new Error(`${id}: append at ${e.index} onto ${store.log.length} entries`);
        store.log.append(e.term, e.kind, e.payload, e.bytes);
      }
      if (r.hardState !== undefined) store.hardState = r.hardState;
    }
    for (const o of r.send) this.transmit(id, o);
    for (const e of r.eventsAfterPersist) this.emit(e);
    for (const o of r.sendAfterPersist) this.transmit(id, o);
    const timers = this.timers.get(id);
    for (const t of r.timers) {
      if (t.atUs === undefined) timers?.delete(t.name);
      else timers?.set(t.name, t.atUs);
    }
    for (const a of r.appendResults)
      this.out.push(
        `${id} append #${a.handle}: ${a.result.ok ? `committed at index ${a.result.index}` : a.result.reason}`,
      );
    if (r.appends.length > 0 && (this.cores.get(id)?.durableIndex ?? 0) < (store?.log.endIndex ?? 0)) {
      this.step(id, { kind: 'persisted', durableIndex: store?.log.endIndex ?? -1 });
    }
  }

  private transmit(from: string, o: Outbound): void {
    if (o.kind === 'request') {
      const rpcId = this.nextRpc++;
      this.pending.set(rpcId, { from, to: o.to, request: o.msg, deadlineUs: this.now + o.timeoutUs });
      this.queue.push({ from, to: o.to, rpcId, msg: o.msg, request: undefined });
    } else if (o.kind === 'reply') {
      this.queue.push({ from, to: o.to, rpcId: -o.rpcId, msg: o.msg, request: undefined });
    } else if (o.kind === 'one-way') {
      this.queue.push({ from, to: o.to, rpcId: 0, msg: o.msg, request: undefined });
    } // 'unread': an answer nobody reads is delivered to no one
  }

  /** Delivers (or drops) the messages queued now; returns how many were handled. */
  deliverRound(filter: (m: InFlight) => boolean, drop: ReadonlySet<string>): number {
    const batch = this.queue.filter(filter);
    const keep = this.queue.filter((m) => !filter(m));
    this.queue.length = 0;
    this.queue.push(...keep);
    for (const m of batch) this.deliverOne(m, drop.has(m.to));
    return batch.length;
  }

  private deliverOne(m: InFlight, dropped: boolean): void {
    const line = `${m.from}->${m.to} ${describeRaftMessage(m.msg)}`;
    if (dropped || this.blocked.has(`${m.from}>${m.to}`)) {
      if (this.printMessages) this.out.push(`  drop ${line}`);
      return;
    }
    if (!this.cores.has(m.to)) {
      if (this.printMessages) this.out.push(`  drop ${line} (${m.to} is down)`);
      if (m.rpcId > 0) this.failRpc(m.rpcId, 'refused');
      return;
    }
    if (this.printMessages) this.out.push(`  ${line}`);
    if (m.rpcId >= 0) {
      this.step(m.to, { kind: 'message', from: m.from, msg: m.msg as RaftRequest, rpcId: m.rpcId });
      return;
    }
    const p = this.pending.get(-m.rpcId);
    if (p === undefined) return;
    this.pending.delete(-m.rpcId);
    this.step(p.from, {
      kind: 'reply',
      from: m.from,
      request: p.request,
      response: m.msg as RaftResponse,
      failure: undefined,
    });
  }

  private failRpc(rpcId: number, why: 'refused' | 'timeout'): void {
    const p = this.pending.get(rpcId);
    if (p === undefined) return;
    this.pending.delete(rpcId);
    if (this.printMessages) this.out.push(`  ${p.from}: ${p.request.type} to ${p.to} failed (${why})`);
    this.step(p.from, { kind: 'reply', from: p.to, request: p.request, response: undefined, failure: why });
  }

  /** The earliest timer or RPC deadline at or before `until`, if any. */
  private nextDue(until: number): { at: number; fire: () => void } | undefined {
    let best: { at: number; fire: () => void } | undefined;
    for (const id of this.ids) {
      for (const [name, at] of this.timers.get(id) ?? []) {
        if (at <= until && (best === undefined || at < best.at)) {
          best = {
            at,
            fire: () => {
              this.timers.get(id)?.delete(name);
              this.step(id, { kind: 'timer', name });
            },
          };
        }
      }
    }
    for (const [rpc, p] of this.pending) {
      if (p.deadlineUs <= until && (best === undefined || p.deadlineUs < best.at))
        best = { at: p.deadlineUs, fire: () => this.failRpc(rpc, 'timeout') };
    }
    return best;
  }

  /** Advances the clock to `until`, firing timers and RPC timeouts in order; with `deliver`, messages arrive at once. */
  advance(until: number, deliver: boolean): void {
    for (;;) {
      if (deliver) while (this.deliverRound(() => true, new Set()) > 0);
      const due = this.nextDue(until);
      if (due === undefined) break;
      this.now = Math.max(this.now, due.at);
      due.fire();
    }
    this.now = until;
  }

  /** Fires a node's timer now, as if its deadline had come. */
  fire(id: string, name: string): void {
    if (!isRaftTimer(name)) throw new Error(`${name} is not a raft timer (they start with "raft:")`);
    this.timers.get(id)?.delete(name);
    this.step(id, { kind: 'timer', name });
  }
}
