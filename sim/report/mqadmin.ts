// mqadmin's views of a cluster at one instant, in mqadmin's own layout
// (RocketMQ 4.9.7 tools: ClusterListSubCommand, TopicRouteSubCommand,
// ConsumerProgressSubCommand, BrokerStatusSubCommand), from a snapshot of the
// replayed run. Columns the model has no figure for print "-" rather than an
// invented number. Pure: snapshots in, text out; `rmqsim inspect` and the
// replay viewer print the same text.
import { formatTime, type Micros } from '../engine/index.js';
import { queueDiff, type AdminSnapshot } from '../cluster/index.js';
import type { AdminAt } from '../scenario/index.js';
import type { TopicRouteData } from '../protocol/index.js';

export const MQADMIN_VIEWS = ['clusterList', 'topicRoute', 'consumerProgress', 'brokerStatus'] as const;
export type MqadminView = (typeof MQADMIN_VIEWS)[number];

/** Java's %-Ns (left-aligned) and %Ns (right-aligned); longer values are not cut, as in Java. */
const left = (s: string | number, n: number): string => String(s).padEnd(n);
const right = (s: string | number, n: number): string => String(s).padStart(n);

/** The header line mqadmin's commands do not print, saying which instant and NameServer answered. */
function header(s: AdminSnapshot): string {
  return `# at ${formatTime(s.atUs)} of the run, NameServer ${s.namesrv ?? '(none up: mqadmin would fail to connect)'}`;
}

/**
 * Messages per second that entered the broker's consume queues over the window before the instant,
 * "%9.2f" as ClusterListSubCommand prints InTPS (its LOAD part is not modelled). A slave takes no
 * puts (0.00); a broker that was not listed a window earlier has no rate yet ("-").
 */
function inTps(now: AdminSnapshot, before: AdminSnapshot | undefined, windowUs: Micros, addr: string): string {
  const n = now.clusterList.find((b) => b.addr === addr);
  const b = before?.clusterList.find((x) => x.addr === addr);
  if (n === undefined) return '-';
  if (!n.master) return '0.00'.padStart(9);
  if (b === undefined) return '-';
  return (Math.max(0, n.queuedTotal - b.queuedTotal) / (windowUs / 1e6)).toFixed(2).padStart(9);
}

/** `mqadmin clusterList`: "%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s". */
export function formatClusterList(a: AdminAt): string {
  const row = (
    c: string,
    b: string,
    id: string | number,
    addr: string,
    v: string,
    inT: string,
    outT: string,
    pc: string,
    hour: string,
    space: string,
  ): string =>
    `${left(c, 16)}  ${left(b, 22)}  ${left(id, 4)}  ${left(addr, 22)} ${left(v, 16)} ${right(inT, 19)} ${right(outT, 19)} ${right(pc, 10)} ${right(hour, 5)} ${right(space, 6)}`;
  const lines = [
    header(a.now),
    row(
      '#Cluster Name',
      '#Broker Name',
      '#BID',
      '#Addr',
      '#Version',
      '#InTPS(LOAD)',
      '#OutTPS(LOAD)',
      '#PCWait(ms)',
      '#Hour',
      '#SPACE',
    ),
  ];
  for (const b of a.now.clusterList) {
    const status = a.now.brokerStatus.find((s) => s.addr === b.addr);
    const version = status?.up === true ? (status.kv['brokerVersionDesc'] ?? '-') : '-';
    lines.push(
      row(
        b.cluster,
        b.brokerName,
        b.brokerId,
        b.addr,
        version,
        inTps(a.now, a.before, a.windowUs, b.addr),
        '-',
        '-',
        '-',
        '-',
      ),
    );
  }
  return lines.join('\n');
}

/** TopicRouteData.toJson(true), as `mqadmin topicRoute -t TOPIC` prints it (fastjson, keys sorted). */
function routeJson(route: TopicRouteData): string {
  const brokerDatas = route.brokerDatas.map((b) => ({
    brokerAddrs: Object.fromEntries(b.brokerAddrs.map((x) => [String(x.brokerId), x.addr])),
    brokerName: b.brokerName,
    cluster: b.cluster,
  }));
  const queueDatas = route.queueDatas.map((q) => ({
    brokerName: q.brokerName,
    perm: q.perm,
    readQueueNums: q.readQueueNums,
    topicSysFlag: 0,
    writeQueueNums: q.writeQueueNums,
  }));
  return JSON.stringify({ brokerDatas, filterServerTable: {}, queueDatas }, null, '\t');
}

export function formatTopicRoute(a: AdminAt, topic: string): string {
  const route = a.now.routes[topic];
  if (route === undefined)
    return `${header(a.now)}\nunknown topic ${topic}: the scenario declares ${Object.keys(a.now.routes).join(', ')}`;
  if (route === null)
    return `${header(a.now)}\norg.apache.rocketmq.client.exception.MQClientException: CODE: 17  DESC: No topic route info in name server for the topic: ${topic}`;
  return `${header(a.now)}\n${routeJson(route)}`;
}

/** `mqadmin consumerProgress -g GROUP`: "%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s  %s", then the totals. */
export function formatConsumerProgress(a: AdminAt, group: string): string {
  const rows = a.now.consumerProgress[group];
  if (rows === undefined)
    return `${header(a.now)}\nunknown consumer group ${group}: the scenario declares ${Object.keys(a.now.consumerProgress).join(', ') || 'none'}`;
  const row = (
    t: string,
    b: string,
    q: string | number,
    bo: string | number,
    co: string | number,
    ip: string,
    diff: string | number,
    last: string,
  ): string =>
    `${left(t, 64)}  ${left(b, 32)}  ${left(q, 4)}  ${left(bo, 20)}  ${left(co, 20)}  ${left(ip, 20)} ${left(diff, 20)}  ${last}`;
  const lines = [
    header(a.now),
    row('#Topic', '#Broker Name', '#QID', '#Broker Offset', '#Consumer Offset', '#Client IP', '#Diff', '#LastTime'),
  ];
  let diffTotal = 0;
  for (const r of a.now.consumerProgress[group] ?? []) {
    const diff = queueDiff(r);
    diffTotal += diff;
    lines.push(
      row(
        r.topic,
        r.brokerName,
        r.queueId,
        r.brokerOffset,
        Math.max(0, r.consumerOffset),
        r.client === '' ? 'N/A' : r.client,
        diff,
        '-',
      ),
    );
  }
  lines.push('', `Consume TPS: -`, `Diff Total: ${diffTotal}`);
  return lines.join('\n');
}

/** `mqadmin brokerStatus -b ADDR`: "%-32s: %s" per key, sorted. */
export function formatBrokerStatus(a: AdminAt, broker: string): string {
  const s = a.now.brokerStatus.find((b) => b.addr === broker);
  if (s === undefined)
    return `${header(a.now)}\nunknown broker ${broker}: the cluster has ${a.now.brokerStatus.map((b) => b.addr).join(', ')}`;
  if (!s.up)
    return `${header(a.now)}\norg.apache.rocketmq.remoting.exception.RemotingConnectException: connect to ${broker} failed`;
  return [
    header(a.now),
    ...Object.keys(s.kv)
      .sort()
      .map((k) => `${left(k, 32)}: ${s.kv[k] ?? ''}`),
  ].join('\n');
}
