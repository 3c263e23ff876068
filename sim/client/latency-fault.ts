// Latency fault tolerance of the 4.x producer [R4 MFS] [R4 LFT]: after each
// attempt the producer records the broker's latency; a latency above a step of
// `latencyMax` makes the broker unavailable for the matching duration, and an
// isolating failure (transport error, broker error) counts as 30 000 ms, i.e.
// 600 s of avoidance. Only consulted when sendLatencyFaultEnable is on.
import { ms, sec, type Micros } from '../engine/index.js';

/** MQFaultStrategy.latencyMax = {50, 100, 550, 1000, 2000, 3000, 15000} ms. */
export const LATENCY_MAX_US: readonly Micros[] = [ms(50), ms(100), ms(550), ms(1000), ms(2000), ms(3000), ms(15000)];
/** MQFaultStrategy.notAvailableDuration = {0, 0, 30000, 60000, 120000, 180000, 600000} ms. */
export const NOT_AVAILABLE_US: readonly Micros[] = [0, 0, sec(30), sec(60), sec(120), sec(180), sec(600)];
/** MQFaultStrategy.updateFaultItem: isolation ? 30000 ms. */
export const ISOLATION_LATENCY_US: Micros = ms(30000);

/** MQFaultStrategy.computeNotAvailableDuration: the duration of the highest step the latency reaches. */
export function notAvailableDurationUs(latencyUs: Micros): Micros {
  for (let i = LATENCY_MAX_US.length - 1; i >= 0; i--) {
    if (latencyUs >= (LATENCY_MAX_US[i] ?? 0)) return NOT_AVAILABLE_US[i] ?? 0;
  }
  return 0;
}

interface FaultItem {
  readonly brokerName: string;
  currentLatencyUs: Micros;
  startUs: Micros;
}

export class LatencyFaultTolerance {
  private readonly items = new Map<string, FaultItem>();
  private whichItemWorst = 0;

  /** Records an attempt; returns the avoidance duration applied (0 = none). */
  update(brokerName: string, latencyUs: Micros, isolation: boolean, nowUs: Micros): Micros {
    const latency = isolation ? ISOLATION_LATENCY_US : latencyUs;
    const duration = notAvailableDurationUs(latency);
    const item = this.items.get(brokerName);
    if (item === undefined)
      this.items.set(brokerName, { brokerName, currentLatencyUs: latency, startUs: nowUs + duration });
    else {
      item.currentLatencyUs = latency;
      item.startUs = nowUs + duration;
    }
    return duration;
  }

  isAvailable(brokerName: string, nowUs: Micros): boolean {
    const item = this.items.get(brokerName);
    return item === undefined || nowUs >= item.startUs;
  }

  /** Until when a broker is avoided, or undefined. */
  avoidedUntil(brokerName: string, nowUs: Micros): Micros | undefined {
    const item = this.items.get(brokerName);
    return item !== undefined && nowUs < item.startUs ? item.startUs : undefined;
  }

  remove(brokerName: string): void {
    this.items.delete(brokerName);
  }

  /** LatencyFaultToleranceImpl.pickOneAtLeast: one of the better half of all fault items, round robin. */
  pickOneAtLeast(nowUs: Micros): string | undefined {
    const list = [...this.items.values()].sort((a, b) => {
      const aa = nowUs >= a.startUs;
      const ba = nowUs >= b.startUs;
      if (aa !== ba) return aa ? -1 : 1;
      if (a.currentLatencyUs !== b.currentLatencyUs) return a.currentLatencyUs - b.currentLatencyUs;
      if (a.startUs !== b.startUs) return a.startUs - b.startUs;
      return a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0;
    });
    if (list.length === 0) return undefined;
    const half = Math.floor(list.length / 2);
    if (half <= 0) return list[0]?.brokerName;
    return list[this.whichItemWorst++ % half]?.brokerName;
  }
}
