// Broker-side queue locks for orderly consumption (§3.8): a queue is locked
// by one client of a group; the lock is renewed by the holder and expires
// 60 s after its last renewal, after which another client may take it.
// In memory only: a broker restart forgets every lock.
// Models [R4 RLM] RebalanceLockManager (lockMaxLiveTime = 60 s).
import type { Micros } from '../engine/index.js';
import { mqKey, type MessageQueue } from '../protocol/index.js';

/** [R4 RLM] rocketmq.broker.rebalance.lockMaxLiveTime = 60000 ms. */
export const LOCK_MAX_LIVE_TIME_US = 60_000_000;

interface LockEntry {
  clientId: string;
  lastUpdateUs: Micros;
}

export class QueueLockManager {
  private readonly locks = new Map<string, LockEntry>();

  constructor(private readonly maxLiveUs: Micros = LOCK_MAX_LIVE_TIME_US) {}

  /** Locks (or renews) every queue that is free, expired or already ours; returns those. */
  tryLock(group: string, clientId: string, mqs: readonly MessageQueue[], nowUs: Micros): MessageQueue[] {
    const ok: MessageQueue[] = [];
    for (const mq of mqs) {
      const k = `${group}|${mqKey(mq)}`;
      const cur = this.locks.get(k);
      if (cur === undefined || cur.clientId === clientId || nowUs - cur.lastUpdateUs > this.maxLiveUs) {
        this.locks.set(k, { clientId, lastUpdateUs: nowUs });
        ok.push(mq);
      }
    }
    return ok;
  }

  unlock(group: string, clientId: string, mqs: readonly MessageQueue[]): void {
    for (const mq of mqs) {
      const k = `${group}|${mqKey(mq)}`;
      if (this.locks.get(k)?.clientId === clientId) this.locks.delete(k);
    }
  }

  holder(group: string, mq: MessageQueue, nowUs: Micros): string | undefined {
    const cur = this.locks.get(`${group}|${mqKey(mq)}`);
    return cur !== undefined && nowUs - cur.lastUpdateUs <= this.maxLiveUs ? cur.clientId : undefined;
  }
}
