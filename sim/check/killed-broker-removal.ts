// Routes follow the faults: a broker whose process was killed leaves every
// NameServer that saw its connection close at once, while the faults are
// still on (BrokerHousekeepingService.onChannelClose -> RouteInfoManager
// .onChannelDestroy, model §2.3, §7 c), not only once they healed. Judged at
// each such close from the event stream: the NameServer listed the broker,
// saw its channel close while the broker was down, and within the slack
// neither removed it, nor heard from it again (a restart registers it), nor
// went down itself. A broker lost silently (power loss, pause, partition)
// closes nothing and is left to the expiry (route-convergence.ts).
// namesrv.ignore-channel-close shows here: the dead broker stays listed until
// it restarts or its registration expires (120 s).
import { formatDuration, type KernelEvent, type Micros } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';
import { ViolationLog, type CheckResult } from './checker.js';

interface Listed {
  readonly brokerName: string;
  readonly brokerId: number;
}

interface Close {
  readonly ns: string;
  readonly broker: string;
  /** As the NameServer listed it: "broker-a id=0 (broker-a-0)". */
  readonly entry: string;
  readonly atUs: Micros;
  /** Removed, registered again, the broker or the NameServer back or down: the close was answered. */
  settledUs: Micros | undefined;
}

export class KilledBrokerRemoval {
  readonly name = 'namesrv.killed-removal';
  /** NameServer -> broker address -> the broker's name and id in that table (every registration reads it: no key string is built). */
  private readonly listed = new Map<string, Map<string, Listed>>();
  private readonly down = new Set<string>();
  private readonly closes: Close[] = [];

  constructor(
    private readonly namesrvs: readonly string[],
    private readonly slackUs: Micros,
  ) {}

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind === 'channel-closed') {
      const l = this.listed.get(e.node)?.get(e.peer);
      if (this.namesrvs.includes(e.node) && l !== undefined && this.down.has(e.peer)) {
        const entry = `${l.brokerName} id=${String(l.brokerId)} (${e.peer})`;
        this.closes.push({ ns: e.node, broker: e.peer, entry, atUs: t, settledUs: undefined });
      }
      return;
    }
    if (e.kind !== 'lifecycle') return;
    // Only a killed process closes its channels (a power loss or a pause closes nothing).
    if (e.what === 'crash') this.down.add(e.node);
    else this.down.delete(e.node);
    this.settle(t, (c) => c.ns === e.node || c.broker === e.node);
    // A NameServer that dies or starts again holds no table (routes live in memory only).
    if (this.namesrvs.includes(e.node) && e.what !== 'pause' && e.what !== 'resume') this.listed.delete(e.node);
  }

  /** The kinds onEvent reads (TraceSink.readsEvent). */
  readsEvent(kind: string): boolean {
    return kind === 'ns.broker-registered' || kind === 'ns.broker-removed';
  }

  onEvent(t: Micros, e: ClusterEvent): void {
    if (e.kind === 'ns.broker-registered') {
      let table = this.listed.get(e.ns);
      if (table === undefined) {
        table = new Map();
        this.listed.set(e.ns, table);
      }
      const was = table.get(e.addr);
      if (was?.brokerName !== e.brokerName || was.brokerId !== e.brokerId)
        table.set(e.addr, { brokerName: e.brokerName, brokerId: e.brokerId });
      this.settleClose(t, e.ns, e.addr);
      // Last writer wins: the address that held this id holds no slot any more (one id per address), so
      // the routes no longer name it and its close has nothing to remove from them (onChannelDestroy
      // drops only its live entry): a deposed DLedger leader whose slot the new leader took.
      if (e.overwrote !== '') {
        table.delete(e.overwrote);
        this.settleClose(t, e.ns, e.overwrote);
      }
    }
    if (e.kind === 'ns.broker-removed') {
      this.listed.get(e.ns)?.delete(e.addr);
      this.settleClose(t, e.ns, e.addr);
    }
  }

  /** Undefined when no killed broker's close reached a NameServer that listed it (nothing to add to the verdict). */
  finish(endUs: Micros): CheckResult | undefined {
    const judged = this.closes.filter((c) => c.atUs + this.slackUs <= endUs);
    if (judged.length === 0) return undefined;
    const log = new ViolationLog();
    for (const c of judged) {
      const settled = c.settledUs ?? endUs;
      if (settled - c.atUs <= this.slackUs) continue;
      log.add(
        c.atUs + this.slackUs,
        phrase('route.dead-killed', {
          ns: c.ns,
          broker: c.entry,
          down: formatDuration(Math.round((settled - c.atUs) / 1000) * 1000),
          allowed: formatDuration(this.slackUs),
        }),
        [c.ns, c.broker],
      );
    }
    return log.result(
      this.name,
      `${judged.length} close(s) of a killed broker's channel, each answered by its NameServer within ${formatDuration(this.slackUs)}`,
      { closes: judged.length },
    );
  }

  /** The NameServer `ns` heard from or dropped `broker`: the open closes between them are answered. */
  private settleClose(t: Micros, ns: string, broker: string): void {
    for (const c of this.closes) if (c.settledUs === undefined && c.ns === ns && c.broker === broker) c.settledUs = t;
  }

  private settle(t: Micros, which: (c: Close) => boolean): void {
    for (const c of this.closes) if (c.settledUs === undefined && which(c)) c.settledUs = t;
  }
}
