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
  | { readonly kind: 'reply'; readonly to: PeerId; readonly rpcId: number; readonly msg: RaftResponse };

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
 * nine lists, so take() hands out this frozen array for the empty ones instead
 * of allocating (a push into it throws, so a Ready must never be added to).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * What a Ready gets of one of the builder's lists: NONE when it is empty; a copy when it holds one
 * entry, the builder keeping its emptied array; else the list itself (the builder then starts a new
 * one). NB: hot path (most steps fill a list or two with one entry each): pushing onto a new empty
 * array grows its storage on the first push, which cost ~100 ns a list; a one-entry literal and a
 * pop do not.
 */
function takeList<T>(list: T[]): T[] {
  if (list.length === 0) return NONE;
  if (list.length > 1) return list;
  const one = [list[0] as T];
  list.pop();
  return one;
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
  events: RaftEvent[] = [];
  truncateFrom: number | undefined = undefined;
  appends: EntryData[] = [];
  hardState: HardState | undefined = undefined;
  syncLog = false;
  send: Outbound[] = [];
  sendAfterPersist: Outbound[] = [];
  eventsAfterPersist: RaftEvent[] = [];
  timers: TimerRequest[] = [];
  appendResults: { handle: AppendHandle; result: AppendResult }[] = [];
  committedIndex: number | undefined = undefined;
  roleChange: Ready['roleChange'] = undefined;

  truncate(from: number): void {
    // A truncation after appends of the same step would reorder disk writes: drop those appends instead.
    this.appends = this.appends.filter((e) => e.index < from);
    this.truncateFrom = this.truncateFrom === undefined ? from : Math.min(this.truncateFrom, from);
  }

  request(to: PeerId, msg: RaftRequest, timeoutUs: number): void {
    this.send.push({ kind: 'request', to, msg, timeoutUs });
  }

  reply(to: PeerId, rpcId: number, msg: RaftResponse, afterPersist: boolean): void {
    if (rpcId <= 0) return; // a one-way copy (duplicated packet without rpc) cannot be answered
    (afterPersist ? this.sendAfterPersist : this.send).push({ kind: 'reply', to, rpcId, msg });
  }

  /** Arms `name` at atUs, or cancels it when atUs is undefined. */
  timer(name: RaftTimer, atUs: number | undefined): void {
    this.timers.push({ name, atUs });
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

  take(): Ready {
    if (this.isEmpty) return NOTHING;
    const r: Ready = {
      events: takeList(this.events),
      truncateFrom: this.truncateFrom,
      appends: takeList(this.appends),
      hardState: this.hardState,
      syncLog: this.syncLog,
      send: takeList(this.send),
      sendAfterPersist: takeList(this.sendAfterPersist),
      eventsAfterPersist: takeList(this.eventsAfterPersist),
      timers: takeList(this.timers),
      appendResults: takeList(this.appendResults),
      committedIndex: this.committedIndex,
      roleChange: this.roleChange,
    };
    // A list handed out whole is the Ready's now.
    if (r.events === this.events) this.events = [];
    this.truncateFrom = undefined;
    if (r.appends === this.appends) this.appends = [];
    this.hardState = undefined;
    this.syncLog = false;
    if (r.send === this.send) this.send = [];
    if (r.sendAfterPersist === this.sendAfterPersist) this.sendAfterPersist = [];
    if (r.eventsAfterPersist === this.eventsAfterPersist) this.eventsAfterPersist = [];
    if (r.timers === this.timers) this.timers = [];
    if (r.appendResults === this.appendResults) this.appendResults = [];
    this.committedIndex = undefined;
    this.roleChange = undefined;
    return r;
  }
}
