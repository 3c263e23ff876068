// The default configuration of every component, in one registry, so that
// scenario overrides can be validated by name before anything runs and
// applied when the cluster is built. Each component owns its defaults
// (with their sources); this file only gathers them.
import { resolveBrokerConfig, type BrokerConfig } from '../broker/index.js';
import { DEFAULT_STORE_CONFIG } from '../broker/index.js';
import { DEFAULT_CLIENT_CONFIG } from '../client/index.js';
import { DEFAULT_NAMESRV_CONFIG } from '../namesrv/index.js';
import { DEFAULT_RAFT_CONFIG } from '../raft/index.js';
import { applyOverrides, overridableNames, suggest, type OverrideProblem } from './overrides.js';
import type { Overrides } from './spec.js';

export type OverrideKind = 'namesrv' | 'broker' | 'client' | 'raft';

/** A broker's defaults with placeholder identity: only the constants matter here. */
export const BROKER_DEFAULTS: BrokerConfig = resolveBrokerConfig({
  brokerName: 'broker',
  mode: { kind: 'classic', brokerRole: 'ASYNC_MASTER', brokerId: 0 },
  namesrvAddrs: [],
});

/** Enum-valued constants and their allowed values. */
export const CHOICES: Readonly<Record<string, readonly string[]>> = {
  flushDiskType: ['ASYNC_FLUSH', 'SYNC_FLUSH'],
  brokerRole: ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'],
};

/** Broker overrides name either broker constants or message-store constants. */
export interface BrokerOverrides {
  readonly broker: Overrides;
  readonly store: Overrides;
}

/** Routes each broker override to the broker or the store config; names neither knows are problems. */
/**
 * [R4 MSC] preferredLeaderId: the DLedger member that should lead its group (DLedgerConfig.preferredLeaderIds,
 * §4.3). In a scenario it names a member node of the group; the builder checks it and hands it to the group's Raft.
 */
export const PREFERRED_LEADER_KEY = 'preferredLeaderId';

export function splitBrokerOverrides(overrides: Overrides): { split: BrokerOverrides; problems: OverrideProblem[] } {
  const brokerNames = new Set(overridableNames(BROKER_DEFAULTS));
  const storeNames = new Set(overridableNames(DEFAULT_STORE_CONFIG));
  const broker: Record<string, string | number | boolean> = {};
  const store: Record<string, string | number | boolean> = {};
  const problems: OverrideProblem[] = [];
  for (const name of Object.keys(overrides).sort()) {
    const value = overrides[name];
    if (value === undefined || name === PREFERRED_LEADER_KEY) continue;
    if (brokerNames.has(name)) broker[name] = value;
    else if (storeNames.has(name)) store[name] = value;
    else
      problems.push({
        path: name,
        expected: `a known broker or store constant${suggest(name, [...brokerNames, ...storeNames])}`,
        found: `unknown key "${name}"`,
      });
  }
  return { split: { broker, store }, problems };
}

/** Every problem with a set of overrides for one kind of component; empty when all apply. */
export function validateOverrides(kind: OverrideKind, overrides: Overrides): readonly OverrideProblem[] {
  const problemsOf = (base: object, o: Overrides): readonly OverrideProblem[] => {
    const r = applyOverrides(base, o, CHOICES);
    return r.ok ? [] : r.problems;
  };
  switch (kind) {
    case 'namesrv':
      return problemsOf(DEFAULT_NAMESRV_CONFIG, overrides);
    case 'client':
      return problemsOf(DEFAULT_CLIENT_CONFIG, overrides);
    case 'raft':
      return problemsOf(DEFAULT_RAFT_CONFIG, overrides);
    case 'broker': {
      const { split, problems } = splitBrokerOverrides(overrides);
      return [
        ...problems,
        ...problemsOf(BROKER_DEFAULTS, split.broker),
        ...problemsOf(DEFAULT_STORE_CONFIG, split.store),
      ];
    }
  }
}
