// Liveness checker "routes converge": once faults have healed, every live
// NameServer lists every live broker under its current id within one
// registration period plus slack (brokers re-register every 30 s, §3.1), and
// lists no broker that died long enough ago to be gone: a killed process at
// once (channel close, §2.3), a silently dead one within expiry + scan
// (120 s + 10 s). Stale entries are how the namesrv.ignore-channel-close bug
// switch shows. The cluster layer wires the input: who is alive, who died
// how and when, and each live NameServer's table.
// Checks docs/model.md §2.2-2.4 and §7(b)/(c); no RocketMQ class is modelled.
import { formatDuration, formatTime, sec, type Micros } from '../engine/index.js';
import { healedAtWords, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { phrase } from '../i18n/index.js';

export interface BrokerIdentity {
  readonly addr: string;
  readonly brokerName: string;
  readonly brokerId: number;
}

export interface DeadBroker {
  readonly addr: string;
  /** When its process died (or its host lost power, or it was cut off for good). */
  readonly downSinceUs: Micros;
  /** True when the NameServers saw no channel close (power loss, partition): removal takes the expiry. */
  readonly silent: boolean;
}

export interface NamesrvTable {
  readonly ns: string;
  readonly entries: readonly BrokerIdentity[];
}

export interface RouteConvergenceInput {
  /** Brokers alive now, each with its current brokerId. */
  liveBrokers(): readonly BrokerIdentity[];
  /** Brokers dead now. */
  deadBrokers(): readonly DeadBroker[];
  /** The tables of every live NameServer (brokerAddrTable flattened). */
  namesrvTables(): readonly NamesrvTable[];
  /** When the last fault healed (or the last fault action, for a broker left dead); 0 if none. */
  lastHealUs(): Micros;
}

export interface RouteConvergenceOptions {
  /** Broker registration period (§3.1: 30 s). */
  readonly registrationPeriodUs: Micros;
  /** Allowance for network delay and RPC timing around a registration, and for channel-close delivery. */
  readonly slackUs: Micros;
  /** How long a silently dead broker may stay listed: expiry 120 s + scan period 10 s (§2.3). */
  readonly silentRemovalUs: Micros;
}

export const DEFAULT_ROUTE_CONVERGENCE: RouteConvergenceOptions = {
  registrationPeriodUs: sec(30),
  slackUs: sec(5),
  silentRemovalUs: sec(130),
};

const key = (b: BrokerIdentity): string => `${b.brokerName} id=${b.brokerId} (${b.addr})`;

export class RouteConvergenceChecker implements Checker {
  readonly name = 'namesrv.route-convergence';
  private readonly log = new ViolationLog();
  private samples = 0;
  private lastSampleUs = -1;

  constructor(
    private readonly input: RouteConvergenceInput,
    private readonly options: RouteConvergenceOptions = DEFAULT_ROUTE_CONVERGENCE,
  ) {}

  /** The earliest time at which the tables must have converged. */
  deadlineUs(): Micros {
    return this.input.lastHealUs() + this.options.registrationPeriodUs + this.options.slackUs;
  }

  /**
   * Compares the tables now; does nothing before the deadline. The cluster layer may
   * call it at any time (e.g. with sim.at at the deadline); finish() samples once more.
   */
  sample(atUs: Micros): void {
    if (atUs < this.deadlineUs() || atUs === this.lastSampleUs) return;
    this.samples++;
    this.lastSampleUs = atUs;
    const live = new Map(this.input.liveBrokers().map((b) => [b.addr, b]));
    const dead = new Map(this.input.deadBrokers().map((d) => [d.addr, d]));
    for (const table of this.input.namesrvTables()) {
      const listed = new Set(table.entries.map(key));
      for (const b of live.values()) {
        if (!listed.has(key(b)))
          this.log.add(
            atUs,
            phrase('route.missing', {
              ns: table.ns,
              broker: key(b),
              since: formatDuration(atUs - this.input.lastHealUs()),
            }),
            [table.ns, b.addr],
          );
      }
      for (const e of table.entries) this.checkEntry(atUs, table.ns, e, live.get(e.addr), dead.get(e.addr));
    }
  }

  finish(endUs: Micros): CheckResult {
    const deadline = this.deadlineUs();
    this.sample(endUs); // the end state always counts (a no-op before the deadline)
    const figures = { samples: this.samples, lastHealUs: this.input.lastHealUs() };
    if (this.samples === 0) {
      return {
        name: this.name,
        ok: false,
        violations: [],
        figures,
        detail: `not judged: the run ended at ${formatTime(endUs)}, before the convergence deadline ${formatTime(deadline)}`,
        notes: ['extend the run past the last heal + registration period + slack to check route convergence'],
      };
    }
    const bound = formatDuration(this.options.registrationPeriodUs + this.options.slackUs);
    return this.log.result(
      this.name,
      `every live NameServer listed exactly the live brokers within ${bound} of ${healedAtWords(this.input.lastHealUs())}`,
      figures,
    );
  }

  private checkEntry(
    atUs: Micros,
    ns: string,
    e: BrokerIdentity,
    live: BrokerIdentity | undefined,
    dead: DeadBroker | undefined,
  ): void {
    if (live !== undefined) {
      if (live.brokerName !== e.brokerName || live.brokerId !== e.brokerId) {
        this.log.add(atUs, phrase('route.renamed', { ns, broker: key(e), now: key(live) }), [ns, e.addr]);
      }
      return;
    }
    if (dead === undefined) {
      this.log.add(atUs, phrase('route.unknown', { ns, broker: key(e) }), [ns, e.addr]);
      return;
    }
    const allowed = dead.silent ? this.options.silentRemovalUs : this.options.slackUs;
    const downFor = atUs - dead.downSinceUs;
    if (downFor > allowed) {
      const said = { ns, broker: key(e), down: formatDuration(downFor), allowed: formatDuration(allowed) };
      this.log.add(atUs, phrase(dead.silent ? 'route.dead-silent' : 'route.dead-killed', said), [ns, e.addr]);
    }
  }
}
