// NameServer configuration with RocketMQ 4.9.7 defaults (docs/model.md
// §2.3, §6), each with its source, and the NameServer's bug switches:
// deliberate, documented deviations that are off by default and that a
// checker must catch (docs/architecture.md, "Bug switches").
// Mirrors [R4 NSC] NamesrvController, [R4 RIM] RouteInfoManager, [R4 NSRVCFG] NettyServerConfig.
import type { BugSwitch } from '../base/index.js';
import { sec, type Micros } from '../engine/index.js';

export interface NamesrvBugSwitches {
  /** The NameServer ignores channel-close events: a killed broker stays listed until idle/expiry (~120 s). */
  readonly ignoreChannelClose: boolean;
}

export const NO_NAMESRV_BUGS: NamesrvBugSwitches = { ignoreChannelClose: false };

export interface NamesrvConfig {
  /** [R4 NSC] scanNotActiveBroker initial delay: 5 s. */
  readonly scanInitialDelayUs: Micros;
  /** [R4 NSC] scanNotActiveBroker period: 10 s (5 s in 5.x). */
  readonly scanIntervalUs: Micros;
  /** [R4 RIM] BROKER_CHANNEL_EXPIRED_TIME = 120 s without a registration. */
  readonly brokerChannelExpiredUs: Micros;
  /**
   * [R4 NSRVCFG] serverChannelMaxIdleTimeSeconds = 120: a broker channel with no
   * traffic for this long is closed and cleaned up at once ([R4 BHS] onChannelIdle).
   * 0 disables the idle check (then only the periodic scan expires silent brokers).
   */
  readonly serverChannelMaxIdleUs: Micros;
  readonly bugs: NamesrvBugSwitches;
}

export const DEFAULT_NAMESRV_CONFIG: NamesrvConfig = {
  scanInitialDelayUs: sec(5),
  scanIntervalUs: sec(10),
  brokerChannelExpiredUs: sec(120),
  serverChannelMaxIdleUs: sec(120),
  bugs: NO_NAMESRV_BUGS,
};

export type NamesrvConfigInput = Partial<Omit<NamesrvConfig, 'bugs'>> & { readonly bugs?: Partial<NamesrvBugSwitches> };

/** Fills the defaults of a partial NameServer configuration (scenario overrides). */
export function resolveNamesrvConfig(input: NamesrvConfigInput = {}): NamesrvConfig {
  return { ...DEFAULT_NAMESRV_CONFIG, ...input, bugs: { ...NO_NAMESRV_BUGS, ...input.bugs } };
}

export const NAMESRV_BUG_SWITCHES: readonly BugSwitch<keyof NamesrvBugSwitches>[] = [
  {
    name: 'namesrv.ignore-channel-close',
    layer: 'namesrv',
    flag: 'ignoreChannelClose',
    description:
      'The NameServer skips the channel-close cleanup (BrokerHousekeepingService.onChannelClose), so a broker ' +
      'whose process was killed stays in every route until its channel idles out or expires (~120 s).',
    caughtBy: [{ expectation: 'convergence', story: 'scenarios/classic-broker-killed.yaml' }],
  },
];
