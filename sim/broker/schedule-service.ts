// Delay levels (§3.10): a delayed message (or a consumer retry) is stored in
// SCHEDULE_TOPIC_XXXX, queue level-1, with its real topic and queue and its
// delivery time in the consume-queue tags code; the schedule service re-puts
// it to the real topic when due. Progress per level (the delay offset) is
// persisted every 10 s and copied to slaves by SlaveSynchronize. Runs only
// on a master (started and stopped on role changes).
// NB: RocketMQ polls every level every 100 ms; here each level's timer is an
// exact deadline (the head message's delivery time), as style.md #4 asks.
// The 10 s persist rewrites the same bytes while no offset moved: its ticks
// sleep until one does (issue 9, quiet when idle; see GridTicker).
// Models [R4 SMS] ScheduleMessageService and [R4 CL] putMessage's delay rewrite.
import { GridTicker, type Micros } from '../engine/index.js';
import type { BrokerTimer, ClusterTimer } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import type { PutMessageRequest } from './store/message-store.js';
import { SCHEDULE_TOPIC } from './topic-config.js';

export const DELAY_OFFSET_FILE = 'config/delayOffset.json';
const LEVEL_TIMER_PREFIX = 'schedule:';
export const DELAY_FLUSH_TIMER = 'schedule-flush';
/** The timer that scans delay level `level` (1-based). */
const levelTimer = (level: number): BrokerTimer => `${LEVEL_TIMER_PREFIX}${level}`;
/** [R4 SMS] DELAY_FOR_A_PERIOD: retry after a failed re-put. */
const RETRY_AFTER_FAILURE_US = 10_000_000;
const BATCH = 32;

/** Rewrites a put of a message with delay level `level` into the schedule topic [R4 CL]. */
export function scheduleRequest(
  req: PutMessageRequest,
  level: number,
  levelsUs: readonly Micros[],
  nowUs: Micros,
): PutMessageRequest {
  const capped = Math.min(level, levelsUs.length);
  const delay = levelsUs[capped - 1] ?? 0;
  return {
    ...req,
    topic: SCHEDULE_TOPIC,
    queueId: capped - 1,
    delayLevel: capped,
    realTopic: req.topic,
    realQueueId: req.queueId,
    tagsCode: nowUs + delay,
  };
}

/** Re-puts a due message; the schedule service does not care how (the send processor's put). */
export type RePut = (req: PutMessageRequest) => boolean;

export class ScheduleService {
  /** Per level (index level-1): the next schedule-queue offset to deliver. */
  private offsets: number[];
  private running = false;
  /** What delayOffset.json holds as far as this process knows (loaded or last written); undefined: no file. */
  private fileText: string | undefined;
  private readonly flushTicker: GridTicker;

  constructor(
    private readonly core: BrokerCore,
    private readonly rePut: RePut,
  ) {
    this.offsets = core.config.delayLevelsUs.map(() => 0);
    this.flushTicker = new GridTicker(DELAY_FLUSH_TIMER, core.config.timings.delayOffsetFlushPeriodUs);
  }

  get delayOffsets(): readonly number[] {
    return this.offsets;
  }

  /** Loads delayOffset.json (last persisted copy). */
  load(): void {
    const text = this.core.ctx.disk.readFile(DELAY_OFFSET_FILE);
    this.fileText = text;
    if (text === undefined) return;
    const parsed = JSON.parse(text) as number[];
    this.offsets = this.offsets.map((o, i) => parsed[i] ?? o);
  }

  /** Becoming master: every level is scanned after the initial delay [R4 SMS start]. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const t = this.core.config.timings;
    for (let i = 0; i < this.offsets.length; i++) this.core.ctx.setTimer(levelTimer(i + 1), t.scheduleInitialDelayUs);
    this.flushTicker.start(this.core.ctx);
  }

  /** Becoming slave: timers stop; the offsets stay (SlaveSynchronize overwrites them). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (let i = 0; i < this.offsets.length; i++) this.core.ctx.cancelTimer(levelTimer(i + 1));
    this.core.ctx.cancelTimer(DELAY_FLUSH_TIMER);
    this.persist();
  }

  /** A delayed message was stored at `level`: make sure its level's timer covers `deliverAtUs`. */
  onScheduled(level: number, deliverAtUs: Micros): void {
    if (!this.running) return;
    const name = levelTimer(level);
    if (!this.core.ctx.hasTimer(name)) this.core.ctx.setTimer(name, Math.max(0, deliverAtUs - this.core.ctx.now()));
  }

  /** Returns false if the timer is not the schedule service's. */
  onTimer(name: ClusterTimer): boolean {
    if (name === DELAY_FLUSH_TIMER) {
      if (JSON.stringify(this.offsets) !== this.fileText) this.persist();
      this.flushTicker.next(this.core.ctx, false); // asleep until an offset moves (advance)
      return true;
    }
    if (!name.startsWith(LEVEL_TIMER_PREFIX)) return false;
    if (this.running) this.deliver(Number(name.slice(LEVEL_TIMER_PREFIX.length)));
    return true;
  }

  /**
   * SlaveSynchronize: the master's delay offsets replace ours (since #2518 the file is reloaded when the
   * service starts, which comes to the same). The bug switch writes them to delayOffset.json only, as
   * [R4 SS syncDelayOffset] did before, so a slave that becomes master starts from stale offsets.
   */
  overwrite(offsets: readonly number[]): void {
    if (this.core.config.bugs.delayOffsetNotReloaded) {
      const disk = this.core.ctx.disk;
      const text = JSON.stringify(offsets);
      if (disk.writeFile(DELAY_OFFSET_FILE, text)) {
        disk.fsyncDetached(DELAY_OFFSET_FILE);
        this.fileText = text;
      }
      return;
    }
    this.offsets = this.offsets.map((o, i) => offsets[i] ?? o);
  }

  persist(): void {
    const disk = this.core.ctx.disk;
    const text = JSON.stringify(this.offsets);
    if (!disk.writeFile(DELAY_OFFSET_FILE, text)) return;
    disk.fsyncDetached(DELAY_OFFSET_FILE);
    this.fileText = text;
  }

  /** A level's offset moved: the persist ticks have work again. */
  private advance(queueId: number, offset: number): void {
    this.offsets[queueId] = offset;
    this.flushTicker.wake(this.core.ctx);
  }

  /** Delivers every due message of a level, then re-arms at the next delivery time. */
  private deliver(level: number): void {
    const { store, ctx } = this.core;
    const queueId = level - 1;
    const now = ctx.now();
    for (;;) {
      const offset = this.offsets[queueId] ?? 0;
      const got = store.getMessage(SCHEDULE_TOPIC, queueId, offset, BATCH);
      if (got.status !== 'FOUND') {
        if (got.status === 'OFFSET_TOO_SMALL' || got.status === 'OFFSET_OVERFLOW_BADLY')
          this.advance(queueId, got.nextBeginOffset);
        return; // nothing due; the next scheduled put arms the timer
      }
      for (const m of got.messages) {
        const rec = store.lookupRecord(m.commitLogOffset);
        if (rec === undefined) {
          this.advance(queueId, m.queueOffset + 1); // vanished record: skip it
          continue;
        }
        if (rec.tagsCode > now) {
          ctx.setTimer(levelTimer(level), rec.tagsCode - now);
          return;
        }
        const ok = this.rePut({
          topic: rec.realTopic,
          queueId: rec.realQueueId,
          uid: rec.uid,
          keys: rec.keys,
          bodyBytes: rec.bodyBytes,
          bornTimestampUs: rec.bornTimestampUs,
          reconsumeTimes: rec.reconsumeTimes,
          originUid: rec.originUid,
          originTopic: rec.originTopic,
        });
        if (!ok) {
          ctx.setTimer(levelTimer(level), RETRY_AFTER_FAILURE_US);
          return;
        }
        this.advance(queueId, m.queueOffset + 1);
      }
    }
  }
}
