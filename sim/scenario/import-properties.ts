// `rmqsim import`: real RocketMQ .properties files (broker-a.properties,
// broker-a-s.properties, namesrv.properties, the DLedger broker-n0.. files)
// turned into a scenario document. Pure: the CLI reads the files and writes
// the YAML. Parsing is dot-properties' (the Java .properties grammar: `=`,
// `:` or space separators, `\` continuations, `#`/`!` comments, escapes).
// Every key it understands maps onto a field rmqsim already has (the group's
// mode, role and flush type, or a named constant override); the rest is
// listed as ignored. Inconsistent files are problems naming file and key.
import { parse } from 'dot-properties';

export interface PropertiesFile {
  /** The file's name as given (used in messages). */
  readonly file: string;
  readonly text: string;
}

export interface ImportProblem {
  readonly file: string;
  readonly key: string;
  readonly message: string;
}

export interface IgnoredKey {
  readonly file: string;
  readonly key: string;
}

export type ImportResult =
  | { readonly ok: true; readonly doc: Record<string, unknown>; readonly ignored: readonly IgnoredKey[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

type Convert = (v: string) => string | number | boolean | undefined;
const millis: Convert = (v) => (/^\d+$/.test(v) ? `${v}ms` : undefined);
const integer: Convert = (v) => (/^\d+$/.test(v) ? Number(v) : undefined);
const bool: Convert = (v) => (v === 'true' ? true : v === 'false' ? false : undefined);

/**
 * Broker keys (BrokerConfig, MessageStoreConfig of RocketMQ 4.9.x; units as there: ms, pages, bytes) and the
 * rmqsim constant each sets (sim/broker config and store config, sim/cluster/defaults.ts).
 */
const BROKER_CONSTANTS: Readonly<Record<string, readonly [string, Convert]>> = {
  flushIntervalCommitLog: ['flushIntervalCommitLogUs', millis],
  flushCommitLogLeastPages: ['flushCommitLogLeastPages', integer],
  flushCommitLogThoroughInterval: ['flushCommitLogThoroughIntervalUs', millis],
  flushIntervalConsumeQueue: ['flushIntervalConsumeQueueUs', millis],
  flushConsumeQueueLeastPages: ['flushConsumeQueueLeastPages', integer],
  flushConsumeQueueThoroughInterval: ['flushConsumeQueueThoroughIntervalUs', millis],
  syncFlushTimeout: ['syncFlushTimeoutUs', millis],
  haSendHeartbeatInterval: ['haSendHeartbeatIntervalUs', millis],
  haHousekeepingInterval: ['haHousekeepingIntervalUs', millis],
  haSlaveFallbehindMax: ['haSlaveFallbehindMaxBytes', integer],
  haTransferBatchSize: ['haTransferBatchBytes', integer],
  registerNameServerPeriod: ['registerNameServerPeriodUs', millis],
  registerBrokerTimeoutMills: ['registerBrokerTimeoutUs', millis],
  sendThreadPoolQueueCapacity: ['sendQueueCapacity', integer],
  pullThreadPoolQueueCapacity: ['pullQueueCapacity', integer],
  pullMessageThreadPoolNums: ['pullThreads', integer],
  waitTimeMillsInSendQueue: ['sendQueueWaitLimitUs', millis],
  waitTimeMillsInPullQueue: ['pullQueueWaitLimitUs', millis],
  maxMessageSize: ['maxMessageSizeBytes', integer],
  slaveReadEnable: ['slaveReadEnable', bool],
  autoCreateTopicEnable: ['autoCreateTopicEnable', bool],
  longPollingEnable: ['longPollingEnable', bool],
  maxReconsumeTimes: ['maxReconsumeTimes', integer],
};

/** Keys read for the topology itself (not constants). */
const TOPOLOGY_KEYS = new Set([
  'brokerClusterName',
  'brokerName',
  'brokerId',
  'brokerRole',
  'flushDiskType',
  'namesrvAddr',
  'enableDLegerCommitLog',
  'dLegerGroup',
  'dLegerPeers',
  'dLegerSelfId',
  'defaultTopicQueueNums',
]);

interface BrokerFile {
  readonly file: string;
  readonly props: Readonly<Record<string, string>>;
}

const TOPIC = 'TopicTest';

/** Imports a set of RocketMQ configuration files; `name` becomes the scenario's name. */
export function importProperties(files: readonly PropertiesFile[], name: string): ImportResult {
  const problems: ImportProblem[] = [];
  const ignored: IgnoredKey[] = [];
  const brokers: BrokerFile[] = [];
  let namesrvFiles = 0;
  for (const f of files) {
    const props = flat(parse(f.text));
    if (props.brokerName === undefined) {
      namesrvFiles++; // namesrv.properties: nothing of it changes the model; its keys are listed as ignored.
      for (const key of Object.keys(props).sort()) ignored.push({ file: f.file, key });
      continue;
    }
    brokers.push({ file: f.file, props });
    for (const key of Object.keys(props).sort())
      if (!TOPOLOGY_KEYS.has(key) && BROKER_CONSTANTS[key] === undefined) ignored.push({ file: f.file, key });
  }
  if (brokers.length === 0) {
    return {
      ok: false,
      problems: [
        {
          file: files.map((f) => f.file).join(', ') || '(none)',
          key: 'brokerName',
          message: 'no broker configuration (a file with brokerName) among the files',
        },
      ],
    };
  }
  const byName = new Map<string, BrokerFile[]>();
  for (const b of brokers) byName.set(b.props.brokerName ?? '', [...(byName.get(b.props.brokerName ?? '') ?? []), b]);
  const groups = [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([brokerName, members]) => groupOf(brokerName, members, problems));
  const clusters = new Set(brokers.map((b) => b.props.brokerClusterName ?? 'DefaultCluster'));
  if (clusters.size > 1) {
    const odd = brokers.find((b) => (b.props.brokerClusterName ?? 'DefaultCluster') !== [...clusters][0]);
    problems.push({
      file: odd?.file ?? '',
      key: 'brokerClusterName',
      message: `one cluster expected, the files name ${[...clusters].join(', ')}`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const addrs = new Set(
    brokers.flatMap((b) =>
      (b.props.namesrvAddr ?? '')
        .split(';')
        .map((a) => a.trim())
        .filter((a) => a !== ''),
    ),
  );
  const queues = integer(brokers[0]?.props.defaultTopicQueueNums ?? '') ?? 4;
  const doc: Record<string, unknown> = {
    name,
    description: `Imported from ${files.map((f) => f.file).join(', ')}: the cluster as configured, a steady producer and consumer, no faults.`,
    seed: 1,
    duration: '60s',
    cluster: {
      name: [...clusters][0] ?? 'DefaultCluster',
      namesrvs: Math.max(1, Math.min(9, addrs.size > 0 ? addrs.size : namesrvFiles)),
      groups,
      topics: [{ name: TOPIC, queues }],
    },
    workload: {
      producers: [{ group: 'imported-producer', topic: TOPIC, rate: 20, start: '15s' }],
      consumers: [{ group: 'imported-consumer', topics: [TOPIC] }],
    },
    expectations: [
      'no-acked-loss',
      'at-least-once',
      { check: 'availability', producers: 'imported-producer', minRatio: 0.99 },
    ],
  };
  return { ok: true, doc, ignored };
}

function groupOf(
  brokerName: string,
  members: readonly BrokerFile[],
  problems: ImportProblem[],
): Record<string, unknown> {
  const dledger = members.filter((m) => m.props.enableDLegerCommitLog === 'true');
  if (dledger.length > 0 && dledger.length < members.length) {
    const odd = members.find((m) => m.props.enableDLegerCommitLog !== 'true');
    problems.push({
      file: odd?.file ?? '',
      key: 'enableDLegerCommitLog',
      message: `${brokerName} mixes DLedger and classic brokers: every file of one brokerName must set enableDLegerCommitLog the same`,
    });
  }
  const head = dledger.length === members.length ? dledger[0] : masterOf(brokerName, members, problems);
  const base: BrokerFile = head ?? members[0] ?? { file: '', props: {} };
  const config = constantsOf(base, problems);
  const flushDiskType = choice(base, 'flushDiskType', ['ASYNC_FLUSH', 'SYNC_FLUSH'], 'ASYNC_FLUSH', problems);
  if (dledger.length === members.length) {
    checkPeers(brokerName, members, problems);
    return { name: brokerName, mode: 'dledger', replicas: members.length, flushDiskType, config };
  }
  const brokerRole = choice(base, 'brokerRole', ['ASYNC_MASTER', 'SYNC_MASTER'], 'ASYNC_MASTER', problems);
  for (const m of members) if (m !== base) choice(m, 'brokerRole', ['SLAVE'], 'SLAVE', problems);
  return { name: brokerName, mode: 'classic', replicas: members.length, brokerRole, flushDiskType, config };
}

/** The classic group's master: the one file with brokerId 0. */
function masterOf(
  brokerName: string,
  members: readonly BrokerFile[],
  problems: ImportProblem[],
): BrokerFile | undefined {
  const ids = new Map<string, string>();
  for (const m of members) {
    const id = m.props.brokerId ?? '0';
    if (!/^\d+$/.test(id))
      problems.push({
        file: m.file,
        key: 'brokerId',
        message: `a brokerId of 0 (master) or more (slave), not "${id}"`,
      });
    const before = ids.get(id);
    if (before !== undefined)
      problems.push({
        file: m.file,
        key: 'brokerId',
        message: `${brokerName} already has brokerId ${id} in ${before}${id === '0' ? ': two masters in one group' : ''}`,
      });
    ids.set(id, m.file);
  }
  const master = members.find((m) => (m.props.brokerId ?? '0') === '0');
  if (master === undefined)
    problems.push({
      file: members[0]?.file ?? '',
      key: 'brokerId',
      message: `${brokerName} has no master (no file with brokerId 0)`,
    });
  return master;
}

/** Every member lists the same peers, names itself among them, and the files are exactly those peers. */
function checkPeers(brokerName: string, members: readonly BrokerFile[], problems: ImportProblem[]): void {
  const peerIds = (m: BrokerFile): string[] =>
    (m.props.dLegerPeers ?? '')
      .split(';')
      .map((p) => p.trim().split('-')[0] ?? '')
      .filter((p) => p !== '')
      .sort();
  const first = members[0];
  const expected = first === undefined ? [] : peerIds(first);
  const selves = new Set<string>();
  for (const m of members) {
    const peers = peerIds(m);
    if (peers.join(';') !== expected.join(';'))
      problems.push({
        file: m.file,
        key: 'dLegerPeers',
        message: `${brokerName}: the peers ${peers.join(',')} differ from ${expected.join(',')} in ${first?.file ?? ''}`,
      });
    const self = m.props.dLegerSelfId ?? '';
    if (!peers.includes(self))
      problems.push({
        file: m.file,
        key: 'dLegerSelfId',
        message: `${brokerName}: "${self}" is not among the peers ${peers.join(',')}`,
      });
    if (selves.has(self))
      problems.push({
        file: m.file,
        key: 'dLegerSelfId',
        message: `${brokerName}: two files claim the member "${self}"`,
      });
    selves.add(self);
  }
  if (expected.length !== members.length) {
    problems.push({
      file: first?.file ?? '',
      key: 'dLegerPeers',
      message: `${brokerName} lists ${expected.length} peers (${expected.join(',')}) but ${members.length} file(s) configure its members`,
    });
  } else if (expected.length !== 3 && expected.length !== 5) {
    problems.push({
      file: first?.file ?? '',
      key: 'dLegerPeers',
      message: `${brokerName}: a DLedger group of 3 or 5 peers, not ${expected.length}`,
    });
  }
}

function choice(
  m: BrokerFile,
  key: string,
  allowed: readonly string[],
  fallback: string,
  problems: ImportProblem[],
): string {
  const v = m.props[key];
  if (v === undefined) return fallback;
  if (!allowed.includes(v)) problems.push({ file: m.file, key, message: `one of ${allowed.join(', ')}, not "${v}"` });
  return v;
}

function constantsOf(m: BrokerFile, problems: ImportProblem[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(m.props).sort()) {
    const rule = BROKER_CONSTANTS[key];
    const raw = m.props[key];
    if (rule === undefined || raw === undefined) continue;
    const v = rule[1](raw.trim());
    if (v === undefined)
      problems.push({
        file: m.file,
        key,
        message: `a ${rule[1] === bool ? 'true or false' : 'whole number'} value, not "${raw}"`,
      });
    else out[rule[0]] = v;
  }
  return out;
}

/** The key = value pairs of a parsed file (dot-properties returns a flat tree unless asked for paths). */
function flat(tree: ReturnType<typeof parse>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) if (typeof v === 'string') out[k] = v;
  return out;
}
