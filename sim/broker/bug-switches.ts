// Broker bug switches: deliberate, documented deviations from RocketMQ's
// behaviour, off by default (docs/architecture.md, "Bug switches"). Each one names the
// story in which a checker catches it (test/scenario/bug-registry.test.ts runs
// them); a checker that never fires on its switch is not proven to work.
import type { BugSwitch } from '../base/index.js';

export interface BrokerBugSwitches {
  /**
   * SYNC_MASTER answers SEND_OK as soon as the master has appended, without
   * waiting for a slave's ack (the guarantee of §3.4 silently dropped).
   */
  readonly syncMasterEarlyAck: boolean;
  /**
   * A DLedger leader answers SEND_OK right after its local append, before a
   * quorum acked the entry (§4.3 broken).
   */
  readonly dledgerAckBeforeQuorum: boolean;
  /** Before 4.9.4 a pull offset above the queue's max was corrected to 0 when the min offset was 0 (apache/rocketmq#4215). */
  readonly overflowCorrectsToMin: boolean;
  /** A DLedger broker starts with brokerId 0 and registers at once, before DLedger gives it a role (4.5.0, apache/rocketmq#1464). */
  readonly dledgerRegistersId0AtStart: boolean;
  /** Before 4.9.x (#3016) the HA port took any offset a slave reported as acked, even beyond the master's own log (apache/rocketmq#3015). */
  readonly haTrustsSlaveOffset: boolean;
  /** Before 4.9.0 (#2518) a slave's synced delay offsets went to delayOffset.json only and a new master started from stale ones (apache/rocketmq#1934, #2357). */
  readonly delayOffsetNotReloaded: boolean;
}

export const NO_BROKER_BUGS: BrokerBugSwitches = {
  syncMasterEarlyAck: false,
  dledgerAckBeforeQuorum: false,
  overflowCorrectsToMin: false,
  dledgerRegistersId0AtStart: false,
  haTrustsSlaveOffset: false,
  delayOffsetNotReloaded: false,
};

export const BROKER_BUG_SWITCHES: readonly BugSwitch<keyof BrokerBugSwitches>[] = [
  {
    name: 'broker.sync-master-early-ack',
    layer: 'broker',
    flag: 'syncMasterEarlyAck',
    description:
      'SYNC_MASTER acks a send before the slave has the data; a master power loss then loses acknowledged messages.',
    caughtBy: [
      { expectation: 'ack-promise', story: 'scenarios/sync-master-short-outage.yaml' },
      // An outright loss (the slave never had the message), which no allowance excuses.
      { expectation: 'no-acked-loss', story: 'scenarios/sync-master-slave-cut.yaml' },
    ],
  },
  {
    name: 'broker.dledger-ack-before-quorum',
    layer: 'broker',
    flag: 'dledgerAckBeforeQuorum',
    description:
      'A DLedger leader answers SEND_OK before a quorum has the entry; an isolated leader then acks messages that are truncated.',
    caughtBy: [{ expectation: 'no-acked-loss', story: 'scenarios/dledger-leader-isolated.yaml' }],
  },
  {
    name: 'broker.overflow-corrects-to-min',
    layer: 'broker',
    flag: 'overflowCorrectsToMin',
    description:
      'A pull offset above the queue max (after a power loss shortened the queue) is corrected to 0 when the min offset is 0, as before 4.9.4: the whole queue is consumed again.',
    caughtBy: [{ expectation: 'duplicates', story: 'scenarios/incidents/offset-reset-after-power-loss.yaml' }],
  },
  {
    name: 'broker.dledger-registers-id0-at-start',
    layer: 'broker',
    flag: 'dledgerRegistersId0AtStart',
    description:
      'A restarting DLedger broker registers as brokerId 0 before it knows its role (4.5.0), overwriting the real master in the routes.',
    caughtBy: [{ expectation: 'convergence', story: 'scenarios/incidents/dledger-restart-overwrites-master.yaml' }],
  },
  {
    name: 'broker.ha-trusts-slave-offset',
    layer: 'broker',
    flag: 'haTrustsSlaveOffset',
    description:
      "The master takes a slave's reported offset as acked even when it lies beyond the master's own log (before the fix of apache/rocketmq#3015): after a master power loss a SYNC_MASTER acks sends no slave holds.",
    caughtBy: [{ expectation: 'ack-promise', story: 'scenarios/incidents/ha-trusts-slave-offset.yaml' }],
  },
  {
    name: 'broker.delay-offset-not-reloaded',
    layer: 'broker',
    flag: 'delayOffsetNotReloaded',
    description:
      'A slave writes the delay offsets it syncs to delayOffset.json only, and becoming master starts the schedule service from its stale in-memory ones (before #2518): after a DLedger leader change, delayed and retry messages are delivered again.',
    caughtBy: [{ expectation: 'duplicates', story: 'scenarios/incidents/delay-offset-after-leader-change.yaml' }],
  },
];
