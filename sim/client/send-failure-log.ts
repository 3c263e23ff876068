// Throttled "send failed" events: one line per (broker, decision) per second
// explains a failover to a learner without flooding the trace when every send
// of a busy producer hits the same dead broker; the next line carries the
// count of lines it stood for.
import { sec, type Micros } from '../engine/index.js';
import type { ClusterContext } from '../protocol/index.js';

const WINDOW_US: Micros = sec(1);

export class SendFailureLog {
  private readonly last = new Map<string, { atUs: Micros; suppressed: number }>();

  report(ctx: ClusterContext, topic: string, brokerName: string, reason: string, retryOn: string | null): void {
    const key = `${brokerName}|${reason}|${retryOn ?? ''}`;
    const now = ctx.now();
    const entry = this.last.get(key);
    if (entry !== undefined && now - entry.atUs < WINDOW_US) {
      entry.suppressed++;
      return;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.last.set(key, { atUs: now, suppressed: 0 });
    ctx.emit({ kind: 'client.send-failed', client: ctx.id, topic, brokerName, reason, retryOn, suppressed });
  }
}
