// The Ready batch (etcd-io/raft's Ready, style.md #2): everything one step of
// the core wants done, never done inside it. The adapter applies a Ready in
// one documented order:
//   1. events (decisions, in the order they were taken);
//   2. persist: truncate the log, append entries, write the hard state
//      (`currterm`), issuing fsyncs as required;
//   3. send (messages that need no persistence: heartbeats, pushes, votes asked);
//   4. sendAfterPersist + eventsAfterPersist, once the fsyncs of step 2 are done
//      (vote replies always wait for the hard state; push acks wait for the log
//      only when ackAfterFsync is on, else for the page-cache write);
//   5. timers, append results, commit and role notifications.
import type { RaftEvent } from './events.js';
import type { RaftRequest, RaftResponse } from './messages.js';
import type { AppendHandle, AppendResult, EntryData, HardState, PeerId, Role } from './types.js';
import type { RaftTimer } from './timers.js';

export type Outbound =
  | { readonly kind: 'request'; readonly to: PeerId; readonly msg: RaftRequest; readonly timeoutUs: number }
  | { readonly kind: 'reply'; readonly to: PeerId; readonly rpcId: number; readonly msg: RaftResponse }
  /** A request whose answer the sender ignores (the idle COMMIT push): sent one-way, no RPC. */
  | { readonly kind: 'one-way'; readonly to: PeerId; readonly msg: RaftRequest }
  /** The answer to a one-way request: it travels, and nobody reads it (NodeContext.sendUnread). */
  | { readonly kind: 'unread'; readonly to: PeerId; readonly msg: RaftResponse };

/** A timer the core wants armed at an exact deadline (atUs), or cancelled (atUs undefined). */
export interface TimerRequest {
  readonly name: RaftTimer;
  readonly atUs: number | undefined;
}

export interface Ready {
  readonly events: RaftEvent[];
  /** Truncate the log to [0, truncateFrom) before appending; undefined = no truncation. */
  readonly truncateFrom: number | undefined;
  readonly appends: EntryData[];
  /** New hard state to write and fsync, or undefined. */
  readonly hardState: HardState | undefined;
  /** The log must be fsynced before sendAfterPersist goes out (ackAfterFsync). */
  readonly syncLog: boolean;
  readonly send: Outbound[];
  readonly sendAfterPersist: Outbound[];
  readonly eventsAfterPersist: RaftEvent[];
  readonly timers: TimerRequest[];
  readonly appendResults: { readonly handle: AppendHandle; readonly result: AppendResult }[];
  /** New committed index, or undefined when unchanged. */
  readonly committedIndex: number | undefined;
  readonly roleChange: { readonly role: Role; readonly term: number; readonly leader: PeerId | undefined } | undefined;
}

/**
 * What an empty list of a Ready points at: most steps fill one or two of the
 * nine lists, so an empty one is this frozen array instead of an allocation
 * (a push into it throws, so a Ready must never be added to).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * `list` with `item` added: the first two items make exact-size literals (a push grows a 17-slot
 * store, and most lists of a step hold one item, or one per follower), later ones push.
 */
function added<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  if (list.length === 1) return [list[0] as T, item];
  list.push(item);
  return list;
}

/** What a step that wants nothing done returns (about a third of all steps: replies that change nothing). */
const NOTHING: Ready = Object.freeze({
  events: NONE,
  truncateFrom: undefined,
  appends: NONE,
  hardState: undefined,
  syncLog: false,
  send: NONE,
  sendAfterPersist: NONE,
  eventsAfterPersist: NONE,
  timers: NONE,
  appendResults: NONE,
  committedIndex: undefined,
  roleChange: undefined,
});

/** Collects one step's effects; the core owns one and drains it per step. */
export class ReadyBuilder {
  // Each list is NONE while empty: add through the methods below (a push into NONE throws).
  events: RaftEvent[] = NONE;
  truncateFrom: number | undefined = undefined;
  appends: EntryData[] = NONE;
  hardState: HardState | undefined = undefined;
  syncLog = false;
  send: Outbound[] = NONE;
  sendAfterPersist: Outbound[] = NONE;
  eventsAfterPersist: RaftEvent[] = NONE;
  timers: TimerRequest[] = NONE;
  appendResults: { handle: AppendHandle; result: AppendResult }[] = NONE;
  committedIndex: number | undefined = undefined;
  roleChange: Ready['roleChange'] = undefined;

  truncate(from: number): void {
    // A truncation after appends of the same step would reorder disk writes: drop those appends instead.
    const kept = this.appends.filter((e) => e.index < from);
    this.appends = kept.length === 0 ? NONE : kept;
    this.truncateFrom = this.truncateFrom === undefined ? from : Math.min(this.truncateFrom, from);
  }

  event(e: RaftEvent): void {
    this.events = added(this.events, e);
  }

  /** An event told once the step's persistence is done (with the sends that wait for it). */
  eventAfterPersist(e: RaftEvent): void {
    this.eventsAfterPersist = added(this.eventsAfterPersist, e);
  }

  append(e: EntryData): void {
    this.appends = added(this.appends, e);
  }

  appendResult(handle: AppendHandle, result: AppendResult): void {
    this.appendResults = added(this.appendResults, { handle, result });
  }

  request(to: PeerId, msg: RaftRequest, timeoutUs: number): void {
    this.send = added(this.send, { kind: 'request', to, msg, timeoutUs });
  }

  /** A request sent once the step's persistence is done (a candidate's vote requests wait for its vote). */
  requestAfterPersist(to: PeerId, msg: RaftRequest, timeoutUs: number): void {
    this.sendAfterPersist = added(this.sendAfterPersist, { kind: 'request', to, msg, timeoutUs });
  }

  /** A request sent one-way: DLedger ignores its answer (EntryDispatcher.doCommit: "Ignore the results"). */
  oneWay(to: PeerId, msg: RaftRequest): void {
    this.send = added(this.send, { kind: 'one-way', to, msg });
  }

  /** The answer to a request; to a one-way one (rpcId 0) it still goes out, though nobody reads it. */
  reply(to: PeerId, rpcId: number, msg: RaftResponse, afterPersist: boolean): void {
    const out: Outbound = rpcId > 0 ? { kind: 'reply', to, rpcId, msg } : { kind: 'unread', to, msg };
    if (afterPersist) this.sendAfterPersist = added(this.sendAfterPersist, out);
    else this.send = added(this.send, out);
  }

  /** Arms `name` at atUs, or cancels it when atUs is undefined. */
  timer(name: RaftTimer, atUs: number | undefined): void {
    this.timers = added(this.timers, { name, atUs });
  }

  cancel(name: RaftTimer): void {
    this.timer(name, undefined);
  }

  /** True when the step so far wants nothing done. */
  private get isEmpty(): boolean {
    return (
      this.events.length === 0 &&
      this.truncateFrom === undefined &&
      this.appends.length === 0 &&
      this.hardState === undefined &&
      !this.syncLog &&
      this.send.length === 0 &&
      this.sendAfterPersist.length === 0 &&
      this.eventsAfterPersist.length === 0 &&
      this.timers.length === 0 &&
      this.appendResults.length === 0 &&
      this.committedIndex === undefined &&
      this.roleChange === undefined
    );
  }

  /** The step's Ready, which keeps the lists; the builder starts over with empty ones. */
  take(): Ready {
    if (this.isEmpty) return NOTHING;
    const r: Ready = {
      events: this.events,
      truncateFrom: this.truncateFrom,
      appends: this.appends,
      hardState: this.hardState,
      syncLog: this.syncLog,
      send: this.send,
      sendAfterPersist: this.sendAfterPersist,
      eventsAfterPersist: this.eventsAfterPersist,
      timers: this.timers,
      appendResults: this.appendResults,
      committedIndex: this.committedIndex,
      roleChange: this.roleChange,
    };
    this.events = NONE;
    this.truncateFrom = undefined;
    this.appends = NONE;
    this.hardState = undefined;
    this.syncLog = false;
    this.send = NONE;
    this.sendAfterPersist = NONE;
    this.eventsAfterPersist = NONE;
    this.timers = NONE;
    this.appendResults = NONE;
    this.committedIndex = undefined;
    this.roleChange = undefined;
    return r;
  }
}
