// The client-side history of a run: every send (invocation and outcome), every
// consumption and every offset commit, in typed columns. Client nodes write to
// one shared History passed in their options; it is the simulator's own
// bookkeeping (it survives client crashes and never feeds back into
// behaviour). Checkers and reports read it after the run. Rows of one table
// are not in time order across processes: a consumer records a completion
// when it next runs, with the completion's own instant (ConsumeService).
import type { Micros } from '../engine/index.js';
import { Interner } from '../engine/index.js';
import { ColumnTable, i32, NEAR_I32, TIME_US, u16 } from './columns.js';
import { tuple, TuplePrefix } from './tuple-column.js';
import { uidIn } from './uid-column.js';

// The send outcome's one encoding lives in sim/protocol/send-status.ts; the history stores its codes.
import { SendOutcome, type SendOutcomeCode } from '../protocol/index.js';
export {
  SendOutcome,
  isAcked,
  isSettled,
  outcomeName,
  SEND_OUTCOMES,
  type SendOutcomeCode,
  type SendOutcomeName,
} from '../protocol/index.js';

export const ConsumeResult = { OK: 1, FAILED: 2 } as const;

/** Start combinations doneWhere remembers (below 2^21, so its key stays an exact 53-bit number). */
const DONE_MEMO_STARTS = 2 ** 21;
/** A send row's tuple fields, in order (doneWhere rebuilds a row's from its start's). */
const SEND_WHERE = ['group', 'topic', 'broker', 'queueId', 'uidStream'] as const;
const W_GROUP = SEND_WHERE.indexOf('group');
const W_TOPIC = SEND_WHERE.indexOf('topic');
const W_STREAM = SEND_WHERE.indexOf('uidStream');
// A uid's stream (its client index and producer start) is the last field of the row's tuple (uid-column.ts).
const SEND_COLUMNS = {
  where: tuple(...SEND_WHERE),
  uid: uidIn('where', 'uidStream'),
  invokeUs: TIME_US,
  doneUs: TIME_US,
  outcome: Uint8Array,
  queueOffset: NEAR_I32,
  attempts: Uint8Array,
  key: NEAR_I32,
} as const;
const CONSUME_COLUMNS = {
  where: tuple('group', 'instance', 'topic', 'broker', 'queueId', 'uidStream'),
  uid: uidIn('where', 'uidStream'),
  queueOffset: NEAR_I32,
  attempt: Uint8Array,
  result: Uint8Array,
  atUs: TIME_US,
} as const;
const COMMIT_COLUMNS = {
  group: Uint16Array,
  instance: Uint16Array,
  topic: Uint16Array,
  broker: Uint16Array,
  queueId: Uint16Array,
  offset: Float64Array,
  atUs: TIME_US,
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

/** Where a consumption was made: one consumer instance's queue (History.consumePlace). */
export interface ConsumptionPlace {
  readonly group: string;
  readonly instance: string;
  /** The topic, group and queue the message was pulled from (a retry topic for retries). */
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
}

/** What a consumption row says beyond its place. */
export interface ConsumedMessage {
  /** The original message's uid (retries carry it as originUid). */
  readonly uid: number;
  readonly queueOffset: number;
  /** reconsumeTimes of the delivered message (0 = first delivery). */
  readonly attempt: number;
  readonly ok: boolean;
  readonly atUs: Micros;
  /** When the delivered copy was stored (MessageExt.storeTimestamp; a retry's is its re-put), for the consume lag. */
  readonly storedUs?: Micros;
}

export interface Consumption extends ConsumptionPlace, ConsumedMessage {}

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
  /** By consumer group id, its longest consume lag so far (a figure per group, not per message; hot: per consumption). */
  private readonly maxLags: (Micros | undefined)[] = [];
  private readonly doneListeners: ((row: number) => void)[] = [];
  /** doneWhere's memo: combination id by (start combination, broker id, queue id). */
  private readonly doneWheres = new Map<number, number>();
  /** The last send's group and topic and their prefix of the sends' tuple (a run's sends nearly all share one). */
  private sendPlace: { readonly group: string; readonly topic: string; readonly prefix: TuplePrefix } | undefined;

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
    c.where.set(row, 0, this.sendPrefix(s.group, s.topic).combination(c.uid.fieldOf(s.uid)));
    c.uid.set(row, 0, s.uid);
    c.invokeUs.set(row, 0, s.atUs);
    c.doneUs.set(row, 0, -1);
    c.outcome.set(row, 0, SendOutcome.PENDING);
    c.key.set(row, 0, i32(s.key, 'key'));
    c.queueOffset.set(row, 0, -1);
    return row;
  }

  sendDone(row: number, d: SendDone): void {
    const c = this.sends.col;
    c.doneUs.set(row, 0, d.atUs);
    c.outcome.set(row, 0, d.outcome);
    c.attempts.set(row, 0, Math.min(255, d.attempts));
    const broker = this.id(d.brokerName);
    c.where.set(row, 0, this.doneWhere(c.where.combinationAt(row), broker, u16(d.queueId, 'queueId')));
    c.queueOffset.set(row, 0, i32(d.queueOffset, 'queueOffset'));
    for (const fn of this.doneListeners) fn(row);
  }

  consumed(x: Consumption): void {
    this.consumedAt(this.consumePlace(x), x);
  }

  /**
   * The names' ids of a consumer instance's queue, looked up once: a consumer keeps it per queue and
   * records each consumption there (consumedAt), instead of four name lookups per row.
   */
  consumePlace(p: ConsumptionPlace): TuplePrefix {
    const c = this.consumptions.col;
    const queueId = u16(p.queueId, 'queueId');
    return new TuplePrefix(c.where, [
      this.id(p.group),
      this.id(p.instance),
      this.id(p.topic),
      this.id(p.brokerName),
      queueId,
      0,
    ]);
  }

  /** Records a consumption at `place` (consumePlace's, of this history). */
  consumedAt(place: TuplePrefix, x: ConsumedMessage): void {
    const row = this.consumptions.push();
    const c = this.consumptions.col;
    c.where.set(row, 0, place.combination(c.uid.fieldOf(x.uid)));
    c.uid.set(row, 0, x.uid);
    c.queueOffset.set(row, 0, i32(x.queueOffset, 'queueOffset'));
    c.attempt.set(row, 0, Math.min(255, x.attempt));
    c.result.set(row, 0, x.ok ? ConsumeResult.OK : ConsumeResult.FAILED);
    c.atUs.set(row, 0, x.atUs);
    if (x.ok && x.storedUs !== undefined) {
      const g = c.group.get(row);
      this.maxLags[g] = Math.max(this.maxLags[g] ?? 0, x.atUs - x.storedUs);
    }
  }

  /** The longest a group's successful consumption came after its copy was stored; undefined when none said. */
  maxConsumeLagUs(group: string): Micros | undefined {
    return this.maxLags[this.names.peek(group)];
  }

  committed(x: OffsetCommit): void {
    const row = this.commits.push();
    const c = this.commits.col;
    c.group.set(row, 0, this.id(x.group));
    c.instance.set(row, 0, this.id(x.instance));
    c.topic.set(row, 0, this.id(x.topic));
    c.broker.set(row, 0, this.id(x.brokerName));
    c.queueId.set(row, 0, u16(x.queueId, 'queueId'));
    c.offset.set(row, 0, x.offset);
    c.atUs.set(row, 0, x.atUs);
  }

  /**
   * A done send's tuple: its start's group, topic and uid stream (combination `start`) with where it was
   * stored. Remembered per (start, broker, queue): a run has a few hundred, and each saves a 5-field hash.
   */
  private doneWhere(start: number, broker: number, queueId: number): number {
    const w = this.sends.col.where;
    // Exact while start < 2^21 (53 bits in all); a run has far fewer combinations, else no memo.
    const key = start < DONE_MEMO_STARTS ? (start * 0x1_0000 + broker) * 0x1_0000 + queueId : -1;
    const known = key < 0 ? undefined : this.doneWheres.get(key);
    if (known !== undefined) return known;
    const id = w.combinationOf([
      w.fieldOf(start, W_GROUP),
      w.fieldOf(start, W_TOPIC),
      broker,
      queueId,
      w.fieldOf(start, W_STREAM),
    ]);
    if (key >= 0) this.doneWheres.set(key, id);
    return id;
  }

  /** The sends' tuple prefix of `group` and `topic` (built again only when they change). */
  private sendPrefix(group: string, topic: string): TuplePrefix {
    const p = this.sendPlace;
    if (p !== undefined && p.group === group && p.topic === topic) return p.prefix;
    const prefix = new TuplePrefix(this.sends.col.where, [this.id(group), this.id(topic), 0, 0, 0]);
    this.sendPlace = { group, topic, prefix };
    return prefix;
  }

  /** The id of a group, topic, broker or instance name, checked to fit the 16-bit id columns. */
  private id(name: string): number {
    return u16(this.names.id(name), 'name id');
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
