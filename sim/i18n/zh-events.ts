// The Chinese telling of every cluster event kind: one function per kind,
// reading the same structured event the English describe*() functions read
// (sim/protocol/*-events.ts, sim/raft/events.ts). The English line stays the
// canonical one the trace hash digests; nothing here is ever hashed.
//
// Adding an event kind? The mapped type below makes `npm run typecheck` fail
// until the kind has its entry here, and test/i18n/catalogue.test.ts names
// the missing kind and this file. RocketMQ's own terms stay as its Chinese
// documentation writes them (Broker, NameServer, Topic, 主从, 刷盘, 同步双写).
import { formatDuration } from '../engine/index.js';
import type { BrokerEvent, ClientEvent, ClusterEvent, NamesrvEvent } from '../protocol/index.js';
import type { RaftEvent } from '../raft/index.js';
import { zhReason } from './zh-reasons.js';

type Describers<E extends { readonly kind: string }> = {
  readonly [K in E['kind']]: (e: Extract<E, { kind: K }>) => string;
};

const list = (xs: readonly string[]): string => xs.join(', ');
const us = (x: number): string => (x % 1000 === 0 ? `${x / 1000}ms` : `${x}us`);

const REMOVAL: Readonly<
  Record<Extract<NamesrvEvent, { kind: 'ns.broker-removed' }>['reason'], (silent: string) => string>
> = {
  expired: (s) => `${s} 没有收到心跳 (超过 120s 过期时间, 由定时扫描发现)`,
  'channel-idle': (s) => `连接空闲了 ${s} (主机或网络无响应), 已关闭`,
  'channel-closed': () => '连接断开 (进程已退出), 立即清理',
  unregistered: () => '它主动注销 (优雅关闭)',
};

const NAMESRV: Describers<NamesrvEvent> = {
  'ns.broker-registered': (e) => {
    const head = `${e.ns}: ${e.first ? '注册了' : '重新注册了'} ${e.brokerName} id=${e.brokerId} (地址 ${e.addr})`;
    const notes: string[] = [];
    if (e.movedFromIds.length > 0) notes.push(`它原来的 id ${e.movedFromIds.join(',')} 被移除 (一个地址只占一个 id)`);
    if (e.overwrote !== '') notes.push(`覆盖了 id=${e.brokerId} 上原来的 ${e.overwrote} (后写者胜)`);
    if (e.first && e.topicsUpdated) notes.push('它的 Topic 进入路由');
    return notes.length === 0 ? head : `${head}; ${notes.join('; ')}`;
  },
  'ns.broker-removed': (e) =>
    `${e.ns}: 移除 ${e.brokerName} id=${e.brokerId} (${e.addr}): ${REMOVAL[e.reason](formatDuration(e.silentUs))}`,
  'ns.group-removed': (e) =>
    `${e.ns}: Broker 组 ${e.brokerName} 已没有任何地址; 它的队列从所有路由中消失` +
    (e.topicsDeleted.length > 0 ? ` (已没有任何队列的 Topic: ${list(e.topicsDeleted)})` : ''),
  'ns.write-perm': (e) =>
    `${e.ns}: ${e.op === 'wipe' ? '去掉' : '恢复'}了 ${e.brokerName} 在 ${e.topics} 个 Topic 上的写权限` +
    (e.op === 'wipe' ? '; 生产者下次刷新路由后不再往这里写' : ''),
  'ns.started': (e) => `${e.ns}: 以空路由表启动 (路由只存在内存中; Broker 在一个注册周期内重新填满)`,
};

const BROKER: Describers<BrokerEvent> = {
  'broker.role': (e) => `${e.broker}: ${e.brokerName} id=${e.brokerId} 现在是 ${e.role} (${zhReason(e.reason)})`,
  'broker.registered': (e) =>
    e.oneway
      ? `${e.broker}: ${e.brokerName} id=${e.brokerId} 角色变化后向 ${e.ok} 个 NameServer 单向 (oneway) 注册`
      : `${e.broker}: ${e.brokerName} id=${e.brokerId} 一轮注册: ${e.ok} 个成功, ${e.failed} 个失败` +
        (e.brokerId === 0 ? '' : `; Master ${e.masterAddr ?? '未知 (NameServer 上没有存活的 Master)'}`),
  'broker.ha-connected': (e) =>
    e.side === 'slave'
      ? `${e.broker}: HA 连上 Master ${e.peer}, 从偏移量 ${e.offset} 开始复制`
      : `${e.broker}: Slave ${e.peer} 连上 HA, 报告偏移量 ${e.offset}`,
  'broker.ha-disconnected': (e) =>
    `${e.broker}: 与${e.side === 'slave' ? ' Master' : ' Slave'} ${e.peer} 的 HA 连接断开 (${zhReason(e.reason)})`,
  'broker.ha-caught-up': (e) => `${e.broker}: 已追上 Master ${e.master}, 偏移量 ${e.offset}`,
  'broker.ha-mid-record': (e) =>
    `${e.broker}: Master ${e.master} 从偏移量 ${e.offset} 发送, 该位置在它的某条消息中间: 存下 ${e.bytes} 字节不是消息的数据并确认; 分发从此永远停在那里`,
  'broker.recovered': (e) => `${e.broker}: 存储恢复完成: ${zhReason(e.summary)}`,
  'broker.offsets-overwritten': (e) =>
    `${e.broker}: SlaveSynchronize 用 ${e.master} 的消费位点覆盖了自己的: ${e.changed} 个改变, ${e.movedBack} 个回退 (故障切换后会重复投递)`,
  'broker.offsets-reloaded': (e) =>
    `${e.broker}: 从最近一次 (每 5s) 持久化的 consumerOffset.json 重新加载了 ${e.entries} 个消费位点`,
  'broker.dlq': (e) =>
    `${e.broker}: 消费者组 ${e.group} 的消息 ${e.uid} 消费失败 ${e.reconsumeTimes} 次: 进入死信队列 %DLQ%${e.group}`,
  'broker.reput-failed': (e) =>
    `${e.broker}: 延时消息 ${e.uid} 重新投递到 ${e.topic} 失败 (${e.status}); 10s 后从同一个定时位点重试`,
  'broker.truncated': (e) => `${e.broker}: CommitLog 从偏移量 ${e.fromOffset} 处截断 (${zhReason(e.reason)})`,
};

const CLIENT: Describers<ClientEvent> = {
  'client.route-changed': (e) =>
    `${e.client}: ${e.topic} 的路由变了; 可写的 Broker 组 [${list(e.writableBrokers)}], 可读 [${list(e.readableBrokers)}]`,
  'client.route-query-failed': (e) =>
    `${e.client}: 向 ${e.ns} 查询 ${e.topic} 的路由失败 (${zhReason(e.reason)}); 继续使用缓存的路由`,
  'client.namesrv-switched': (e) => `${e.client}: NameServer ${e.from} 不可用 (${zhReason(e.reason)}), 切换到 ${e.to}`,
  'client.send-failed': (e) => {
    const more = e.suppressed > 0 ? ` (另有 ${e.suppressed} 次类似)` : '';
    return e.retryOn === null
      ? `${e.client}: 发往 ${e.brokerName} 失败 (${zhReason(e.reason)}), 放弃${more}`
      : `${e.client}: 发往 ${e.brokerName} 失败 (${zhReason(e.reason)}), 在 ${e.retryOn} 上重试${more}`;
  },
  'client.broker-isolated': (e) =>
    `${e.client}: 延迟故障容错 (latency fault tolerance) 在 ${formatDuration(e.durationUs)} 内避开 ${e.brokerName}`,
  'client.rebalanced': (e) =>
    `${e.client}: 消费者组 ${e.group} 在 ${e.topic} 上负载均衡 (Rebalance), 共 ${e.consumers} 个消费者: [${list(e.queues)}] (+${e.added} -${e.removed})`,
  'client.pull-redirected': (e) =>
    `${e.client}: ${e.queue} 的拉取从 ${e.fromAddr} 转到 ${e.toAddr} (brokerId ${e.brokerId}): ${zhReason(e.reason)}`,
  'client.offset-reset': (e) => `${e.client}: ${e.queue} 的消费位点设为 ${e.offset} (${zhReason(e.reason)})`,
};

type RoleEvent = Extract<RaftEvent, { kind: 'raft.role' }>;

function raftRole(e: RoleEvent): string {
  const why = zhReason(e.reason);
  if (e.role === 'LEADER') return `${e.node} 在任期 ${e.term} 成为 ${e.group} 的 Leader (${why})`;
  if (e.role === 'FOLLOWER') return `${e.node} 在任期 ${e.term} 跟随 ${e.leader ?? '?'} (${why})`;
  if (e.previous === 'LEADER') return `${e.node} 在任期 ${e.term} 退位: ${why}`;
  if (e.previous === 'CANDIDATE') return `${e.node} 在任期 ${e.term} 仍是 Candidate: ${why}`;
  return `${e.node} 在任期 ${e.term} 成为 Candidate: ${why}`;
}

const PHASE: Readonly<Record<Extract<RaftEvent, { kind: 'raft.transfer' }>['phase'], string>> = {
  start: '开始',
  handoff: '移交',
  take: '接手',
  end: '结束',
  abort: '中止',
};

const RAFT: Describers<RaftEvent> = {
  'raft.role': raftRole,
  'raft.term': (e) => `${e.node} 从任期 ${e.from} 进入任期 ${e.term} (${zhReason(e.reason)})`,
  'raft.vote-request': (e) => `${e.node} 在任期 ${e.term} 发起投票, 日志末尾 (${e.ledgerEndIndex},${e.ledgerEndTerm})`,
  'raft.vote': (e) =>
    e.result === 'ACCEPT'
      ? `${e.node} 在任期 ${e.term} 投票给 ${e.candidate}`
      : `${e.node} 在任期 ${e.term} 拒绝 ${e.candidate} 的投票请求: ${e.result} (${zhReason(e.why)})`,
  'raft.vote-result': (e) =>
    `${e.node} 任期 ${e.term} 的投票结果: ${e.result} (${e.accepted}/${e.members} 赞成, ${e.valid} 个应答; ${zhReason(e.why)})` +
    (e.nextVoteInUs >= 0 ? `; ${us(e.nextVoteInUs)} 后再投票` : ''),
  'raft.truncate': (e) =>
    `${e.node} 从索引 ${e.fromIndex} 处截断日志 (${e.droppedEntries} 条), 与任期 ${e.term} 的 Leader ${e.leader} 对齐`,
  'raft.commit': (e) => `${e.node} 提交到索引 ${e.index} (任期 ${e.term}), 之前是 ${e.previous}`,
  'raft.dispatch': (e) => `${e.node} -> ${e.peer}: 在索引 ${e.index} 进入 ${e.stage} 阶段 (${zhReason(e.why)})`,
  'raft.append-failed': (e) => `${e.node} 追加 #${e.handle} 失败: ${e.reason}`,
  'raft.recovered': (e) =>
    `${e.node} 恢复: 任期 ${e.term}, 投票给 ${e.votedFor ?? '-'}, 日志末尾 (${e.ledgerEndIndex},${e.ledgerEndTerm})` +
    (e.tornRecords > 0 ? `; 丢弃 ${e.tornRecords} 条写坏的记录` : ''),
  'raft.transfer': (e) =>
    `${e.node} 在任期 ${e.term} 把 Leader 转让给 ${e.transferee}: ${PHASE[e.phase]} (${zhReason(e.why)})`,
};

/** Every event kind's Chinese describer, keyed by kind (the catalogue test walks these keys). */
export const ZH_EVENT_CATALOGUE = { ...NAMESRV, ...BROKER, ...CLIENT, ...RAFT } as const;

export function describeClusterEventZh(e: ClusterEvent): string {
  // The lookup is by the event's own kind, so the describer's parameter type matches it.
  const describe = ZH_EVENT_CATALOGUE[e.kind] as (x: ClusterEvent) => string;
  return describe(e);
}
