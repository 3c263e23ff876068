// The client-side history of a run: every send (invocation and outcome), every
// consumption and every offset commit, in typed columns. Client nodes write to
// one shared History passed in their options; it is the simulator's own
// bookkeeping (it survives client crashes and never feeds back into
// behaviour). Checkers and reports read it after the run.
import type { Micros } from '../engine/index.js';
import { Interner } from '../engine/index.js';
import { ColumnTable } from './columns.js';

// The send outcome's one encoding lives in sim/protocol/send-status.ts; the history stores its codes.
import { SendOutcome, type SendOutcomeCode } from '../protocol/index.js';
export { SendOutcome, isAcked, outcomeName, SEND_OUTCOMES, type SendOutcomeCode, type SendOutcomeName } from '../protocol/index.js';

export const ConsumeResult = { OK: 1, FAILED: 2 } as const;

const SEND_COLUMNS = {
  uid: Float64Array, group: Uint16Array, topic: Uint16Array, invokeUs: Float64Array, doneUs: Float64Array,
  outcome: Uint8Array, broker: Uint16Array, queueId: Uint16Array, queueOffset: Float64Array, attempts: Uint8Array, key: Int32Array,
} as const;
const CONSUME_COLUMNS = {
  uid: Float64Array, group: Uint16Array, instance: Uint16Array, topic: Uint16Array, broker: Uint16Array, queueId: Uint16Array,
  queueOffset: Float64Array, attempt: Uint8Array, result: Uint8Array, atUs: Float64Array,
} as const;
const COMMIT_COLUMNS = {
  group: Uint16Array, instance: Uint16Array, topic: Uint16Array, broker: Uint16Array, queueId: Uint16Array, offset: Float64Array, atUs: Float64Array,
} as const;

export interface SendStart {
  readonly uid: number;
  readonly group: string;
  readonly topic: string;
  readonly key: number;
  readonly atUs: Micros;
}

export interface SendDone {
  readonly outcome: SendOutcomeCode;
  readonly atUs: Micros;
  readonly attempts: number;
  /** Where it was stored (acked outcomes); a failed send keeps the broker of its last attempt ('' when none). */
  readonly brokerName: string;
  readonly queueId: number;
  readonly queueOffset: number;
}

export interface Consumption {
  /** The original message's uid (retries carry it as originUid). */
  readonly uid: number;
  readonly group: string;
  readonly instance: string;
  /** The topic, group and queue the message was pulled from (a retry topic for retries). */
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
  readonly queueOffset: number;
  /** reconsumeTimes of the delivered message (0 = first delivery). */
  readonly attempt: number;
  readonly ok: boolean;
  readonly atUs: Micros;
}

export interface OffsetCommit {
  readonly group: string;
  readonly instance: string;
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
  readonly offset: number;
  readonly atUs: Micros;
}

export class History {
  readonly names = new Interner();
  readonly sends = new ColumnTable(SEND_COLUMNS);
  readonly consumptions = new ColumnTable(CONSUME_COLUMNS);
  readonly commits = new ColumnTable(COMMIT_COLUMNS);
  private readonly starts = new Map<number, number>();
  private readonly doneListeners: ((row: number) => void)[] = [];

  /** Calls `fn` with each send's row when it completes (checkers that judge an ack when it is given). */
  onSendDone(fn: (row: number) => void): void {
    this.doneListeners.push(fn);
  }

  /**
   * Counts process starts per client index, so message uids stay unique across
   * restarts the way the Java UNIQ_KEY's pid and start time make them unique.
   */
  nextIncarnation(clientIndex: number): number {
    const n = this.starts.get(clientIndex) ?? 0;
    this.starts.set(clientIndex, n + 1);
    return n;
  }

  /** Records a send invocation; returns its row, to pass to sendDone. */
  sendStarted(s: SendStart): number {
    const row = this.sends.push();
    const c = this.sends.col;
    c.uid[row] = s.uid;
    c.group[row] = this.names.id(s.group);
    c.topic[row] = this.names.id(s.topic);
    c.invokeUs[row] = s.atUs;
    c.doneUs[row] = -1;
    c.outcome[row] = SendOutcome.PENDING;
    c.key[row] = s.key;
    c.queueOffset[row] = -1;
    return row;
  }

  sendDone(row: number, d: SendDone): void {
    const c = this.sends.col;
    c.doneUs[row] = d.atUs;
    c.outcome[row] = d.outcome;
    c.attempts[row] = Math.min(255, d.attempts);
    c.broker[row] = this.names.id(d.brokerName);
    c.queueId[row] = d.queueId;
    c.queueOffset[row] = d.queueOffset;
    for (const fn of this.doneListeners) fn(row);
  }

  consumed(x: Consumption): void {
    const row = this.consumptions.push();
    const c = this.consumptions.col;
    c.uid[row] = x.uid;
    c.group[row] = this.names.id(x.group);
    c.instance[row] = this.names.id(x.instance);
    c.topic[row] = this.names.id(x.topic);
    c.broker[row] = this.names.id(x.brokerName);
    c.queueId[row] = x.queueId;
    c.queueOffset[row] = x.queueOffset;
    c.attempt[row] = Math.min(255, x.attempt);
    c.result[row] = x.ok ? ConsumeResult.OK : ConsumeResult.FAILED;
    c.atUs[row] = x.atUs;
  }

  committed(x: OffsetCommit): void {
    const row = this.commits.push();
    const c = this.commits.col;
    c.group[row] = this.names.id(x.group);
    c.instance[row] = this.names.id(x.instance);
    c.topic[row] = this.names.id(x.topic);
    c.broker[row] = this.names.id(x.brokerName);
    c.queueId[row] = x.queueId;
    c.offset[row] = x.offset;
    c.atUs[row] = x.atUs;
  }

  /** Memory held by the three tables, and bytes per stored send + consumption row. */
  memory(): { readonly bytes: number; readonly sendRowBytes: number; readonly consumeRowBytes: number } {
    return {
      bytes: this.sends.bytes() + this.consumptions.bytes() + this.commits.bytes(),
      sendRowBytes: this.sends.rowBytes(),
      consumeRowBytes: this.consumptions.rowBytes(),
    };
  }
}
