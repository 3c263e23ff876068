// The constants a scenario runs with, resolved: each component's defaults
// (with their sources, in its own config module) with the file's overrides
// applied. report.json records them, so a replay on other code can say which
// constant moved (issue 10 row 6). Pure.
import {
  BROKER_DEFAULTS,
  CHOICES,
  applyOverrides,
  splitBrokerOverrides,
  type ClusterSpec,
  type Overrides,
} from '../cluster/index.js';
import { DEFAULT_STORE_CONFIG } from '../broker/index.js';
import { DEFAULT_CLIENT_CONFIG } from '../client/index.js';
import { DEFAULT_NAMESRV_CONFIG } from '../namesrv/index.js';
import { DEFAULT_RAFT_CONFIG } from '../raft/index.js';

/** Constant name (dotted for nested ones) -> value. */
export type Constants = Readonly<Record<string, string | number | boolean>>;

export interface ResolvedConstants {
  readonly namesrv: Constants;
  readonly client: Constants;
  readonly raft: Constants;
  /** Per broker group: broker and message-store constants. */
  readonly broker: Readonly<Record<string, Constants>>;
}

/** The scalar leaves of a config object, by dotted name (functions and lists aside). */
function leaves(
  value: unknown,
  prefix = '',
  into: Record<string, string | number | boolean> = {},
): Record<string, string | number | boolean> {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') into[prefix] = value;
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix === '' ? k : `${prefix}.${k}`, into);
  }
  return into;
}

function resolved(base: object, overrides: Overrides): Constants {
  const r = applyOverrides(base, overrides, CHOICES);
  return leaves(r.ok ? r.value : base);
}

export function resolveConstants(cluster: ClusterSpec): ResolvedConstants {
  const broker: Record<string, Constants> = {};
  for (const g of cluster.groups) {
    const { split } = splitBrokerOverrides({ ...cluster.brokerConfig, ...g.config });
    broker[g.name] = {
      ...resolved(BROKER_DEFAULTS, split.broker),
      ...Object.fromEntries(
        Object.entries(resolved(DEFAULT_STORE_CONFIG, split.store)).map(([k, v]) => [`store.${k}`, v]),
      ),
    };
  }
  return {
    namesrv: resolved(DEFAULT_NAMESRV_CONFIG, cluster.namesrvConfig),
    client: resolved(DEFAULT_CLIENT_CONFIG, cluster.clientConfig),
    raft: resolved(DEFAULT_RAFT_CONFIG, cluster.raftConfig),
    broker,
  };
}

/** Every constant whose value differs between two resolutions ("raft.heartbeatIntervalUs 100000 -> 200000"). */
export function constantChanges(recorded: unknown, now: ResolvedConstants): string[] {
  const was = leaves(recorded);
  const is = leaves(now);
  const names = [...new Set([...Object.keys(was), ...Object.keys(is)])].sort();
  return names
    .filter((n) => was[n] !== is[n])
    .map(
      (n) =>
        `${n} ${was[n] === undefined ? '(none)' : String(was[n])} -> ${is[n] === undefined ? '(none)' : String(is[n])}`,
    );
}
