// Scenario warnings: a file that validates but is probably not what its
// author meant. `rmqsim check` prints them (exit code unchanged: the file is
// valid). Pure; the texts live in the i18n catalogue (en and zh).
import type { MessageKey } from '../i18n/index.js';
import { formatPath } from './errors.js';
import type { Scenario } from './types.js';

export interface ScenarioWarning {
  readonly file: string;
  /** Dotted field path, e.g. "cluster.groups[0].brokerRole". */
  readonly path: string;
  /** A stable code for tools, e.g. "sync-master-without-slave". */
  readonly code: string;
  /** Its text in the i18n catalogue, with the parameters to fill in. */
  readonly text: MessageKey;
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * A classic SYNC_MASTER with no slave (replicas 1) answers every send that waits for the
 * store SLAVE_NOT_AVAILABLE: no slave is connected, so the HA wait is skipped at once
 * (docs/model.md §3.4; [R4 CL `submitReplicaRequest`]: isSlaveOK is false). The message is
 * stored on the master only; a producer counts it as not SEND_OK.
 */
function syncMasterWithoutSlave(s: Scenario): ScenarioWarning[] {
  return s.cluster.groups.flatMap((g, i) =>
    g.mode === 'classic' && g.brokerRole === 'SYNC_MASTER' && g.replicas < 2
      ? [
          {
            file: s.file,
            path: formatPath(['cluster', 'groups', i, 'brokerRole']),
            code: 'sync-master-without-slave',
            text: 'warning.syncMasterWithoutSlave',
            params: { group: g.name, replicas: g.replicas },
          } as const,
        ]
      : [],
  );
}

export function scenarioWarnings(s: Scenario): ScenarioWarning[] {
  return [...syncMasterWithoutSlave(s)];
}
