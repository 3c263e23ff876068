// The Chinese telling of each shipped scenario's `description:` field (the
// one-paragraph plain-words story shown under the run's header, in `rmqsim
// list`, report.md, report.html and the viewer). The files stay English (they
// are the source); keyed by the scenario's `name`, like ZH_STORIES.
//
// Adding a scenario under scenarios/? test/i18n/catalogue.test.ts fails until
// it has an entry here.
import type { Lang } from './lang.js';

export const ZH_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'all-nameservers-down':
    '所有 NameServer 宕机两分钟。客户端保留缓存的路由, 继续发送和消费; NameServer 以空路由表回来后, Broker 在 30s 内重新注册, 路由收敛。',
  'async-flush-power-loss':
    '一个单独的 ASYNC_FLUSH Master 断电。最多 10s 只在 page cache 中的已确认消息丢失 (配置允许, 列为说明); 选中这个静默 Broker 的发送会超时, 直到它恢复。',
  'classic-broker-killed':
    '一个经典 Broker 被杀且不再回来。NameServer 立即移除它, 生产者把失败的发送改到另一个 Broker 重试, 路由在几秒内收敛。',
  'classic-master-blackhole':
    'broker-a 的 Master 被黑洞隔离 (主机静默)。NameServer 要等 120s 没有心跳再加一个扫描周期才移除它; 生产者刷新路由之前, 选中它的发送 3s 后超时。网络分区恢复后集群恢复。',
  'classic-master-crash':
    '经典主从组的 Master 被杀, 两分钟后重启。发送在同一次调用内切换到另一个组; 消费者从 Slave 读取 broker-a 的队列; 已确认的消息一条不丢。',
  'client-instance-crash':
    '一个生产者实例和一个消费者实例宕机。存活的生产者让该组继续发送; 存活的消费者得知成员变化, 从最后提交的消费位点接管全部队列, 每条消息仍被消费; 一个顺序消费组经过同一次宕机仍保持每个队列内的顺序。',
  'config-swarm':
    '每个种子抽取一套集群配置 (NameServer、Broker 组、模式、副本数、Master 角色、刷盘方式、队列、客户端), 然后随机注入最多两个同时发生的故障, 再全部恢复。抽到的配置下安全性必须成立, 集群必须收敛。',
  'consumer-crash-backlog':
    '两个繁忙的消费者实例之一带着积压死掉。幸存者从最后提交的消费位点接管它的队列; 每条已确认的消息都被消费。',
  'consumers-share-queues': '两个消费者实例分摊四个队列; 没有故障时每条消息恰好消费一次。',
  'dledger-leader-bounce':
    '三成员 DLedger 组的 Leader 被杀, 15s 后重启。一个 Follower 当选, 旧 Leader 凭持久化的任期和投票以 Follower 身份重新加入, 已确认的消息一条不丢。',
  'dledger-leader-crash':
    'broker-a 的 DLedger Leader 被杀。Follower 在约 10s 内选出新 Leader, 它注册为 Master, 生产者在下一次路由轮询时回到 broker-a, 已确认的消息一条不丢。',
  'dledger-leader-isolated':
    '三成员 DLedger 组的 Leader 与 Follower 之间网络分区 20s。它退位, 一个 Follower 接管; 分区恢复后旧 Leader 未复制的日志尾部被截断; 已确认的消息一条不丢, 各份日志一致。',
  'dledger-leader-partition':
    'broker-a 的 DLedger Leader 与 Follower 网络分区, 但与客户端相通。它 6s 后退位, Follower 选出新 Leader; 分区恢复后旧 Leader 以 Follower 身份重新加入, 未提交的尾部被截断。',
  'dledger-paused-leader':
    '三成员 DLedger 组的 Leader 暂停 12s。Follower 选出新 Leader; 旧 Leader 恢复后看到更大的任期而退位, 每个任期始终只有一个 Leader。',
  'dledger-follower-clock-jump':
    'DLedger 组的 Follower 在 Leader 5s 停顿期间墙钟向前跳 15s。DLedger 用墙钟计量超时, 所以 Follower 立即成为候选者, 在旧 Leader 恢复前选出新 Leader; 故事预期这第二次选举。',
  'dledger-follower-disk-full':
    'DLedger 的一个 Follower 磁盘写满, 然后 Leader 宕机。磁盘满的成员仍然投票, 所以组选出新 Leader, 磁盘有空间后写入恢复。',
  'kill-two-nameservers':
    '三个 NameServer 中的两个宕机。Broker 继续向存活的那个注册, 客户端在下一次路由轮询时切换到它; 发送和消费不受影响。',
  'production-ha':
    '种子文章的参考部署 (3 个 NameServer, 2 个三副本 DLedger 组, 生产者和消费者集群) 先失去 2 个 NameServer, 再失去 broker-a 的 Master, 再失去一个生产者实例, 然后恢复。发送持续成功, 已确认的消息一条不丢, 每条消息都被消费。',
  'raft-chaos':
    '一个 3 节点 DLedger 组经受三分半钟的随机崩溃、暂停、Leader 隔离和丢包链路, 然后恢复。Raft 安全性和已确认的消息必须保住, 集群必须在恢复后一分钟内收敛。',
  'scale-out':
    '同样每秒 100,000 次发送, 依次打到分布在 1、2、3、5 个 Broker 组上的 Topic, 每个组每秒约能处理 25,000 次发送。吞吐量随组数线性增长, 直到达到施加的负载: 5 个组每组每秒 20,000 次。',
  swarm:
    '生产布局经受随机混合的故障 (崩溃、暂停、断电、双向和单向网络分区、延迟、丢包、慢盘和满盘、时钟偏移), 一次一个, 然后恢复。全程安全性必须成立, 恢复后集群必须收敛。',
  'sync-flush-power-loss':
    '一个单独的 SYNC_FLUSH Master 断电。每条 SEND_OK 的消息在确认前都已 fsync, 所以恢复后全部都在: 已确认的消息一条不丢。',
  'sync-master-power-loss':
    '一个带远程 Slave (50ms 外) 的 SYNC_MASTER 组失去 Master 的主机。每条 SEND_OK 的消息在确认前都已到达 Slave, 所以一条不丢。',
  'sync-master-short-outage':
    '一个带远程 Slave 的 SYNC_MASTER 断电 20s。每条 SEND_OK 的消息都已到达 Slave, 所以每条已确认的消息仍被消费。',
  'sync-master-slave-ahead':
    '一个 SYNC_MASTER 断电后回来时比它的 Slave 短; HA 从 Master 某条消息的中间续传, Slave 确认了它永远无法分发的字节, 第二次断电带走了只剩 Slave 未分发字节还持有的已确认消息。',
  'sync-master-slave-cut':
    '一个 SYNC_MASTER 与它的 Slave 断开, 然后断电。断开期间的发送得到 FLUSH_SLAVE_TIMEOUT 或 SLAVE_NOT_AVAILABLE, 所以断电带走的未刷盘尾部从未被确认为 SEND_OK。',
  'incident-1464-dledger-restart-overwrites-master':
    'apache/rocketmq#1464: 一个 DLedger Follower 启动时还不知道自己的角色就以 brokerId 0 注册, 在路由中覆盖了真正的 Master; 修复后它会等到角色确定再注册。',
  'incident-1589-duplicate-client-ids':
    'apache/rocketmq#1589: 使用同一个 clientId 的消费者实例都拿到相同的队列, 其余队列永远没人消费。唯一的 id (pid#nanoTime) 修复了它。',
  'incident-7779-latency-fault-skews-queues':
    'apache/rocketmq#7779: 开启 sendLatencyFaultEnable 时, 在所有 Broker 都很慢期间的回退选择原地改写了共享的发布队列列表, Broker 恢复后发送仍然一直偏斜。',
  'incident-4215-offset-reset-after-power-loss':
    'apache/rocketmq#4215: 断电使 broker-a 的队列变短后, 消费位点高于新的最大偏移量; 4.9.4+ 把它们纠正到最大值, 更早的 Broker 纠正到 0 (整个队列重新消费)。',
  'incident-dledger287-preferred-leader-full-disk':
    'openmessaging/dledger#287: Leader 一再把领导权交给磁盘已坏的优先 Leader 成员, 于是组不再接受写入; 修复后拒绝接收日志条目的成员会被跳过。',
  'incident-3015-ha-trusts-slave-offset':
    'apache/rocketmq#3015: 断电让 Master 的日志比 Slave 短之后, 信任 Slave 上报位点的 Master 对没有任何 Slave 持有的消息回复 SEND_OK; #3016 之后它会关闭这条 HA 连接。',
  'incident-1934-delay-offset-after-leader-change':
    'apache/rocketmq#1934: 新的 DLedger Master 从过期的延迟消费位点启动定时服务, 把每条延迟消息和重试消息再投递一遍; #2518 之后它会重新加载同步过来的位点。',
  'incident-dledger25-asymmetric-partition-reelections':
    'openmessaging/dledger#25: 只和 Leader 断开的一个 Follower 不断抬高任期, 逼出一次又一次重新选举; 修复后, 被告知 "已有 Leader" 的候选人留在原任期等待。',
};

/** The `description:` of a shipped scenario in Chinese, or undefined for a scenario outside the library. */
export function zhDescriptionOf(scenario: string): string | undefined {
  return ZH_DESCRIPTIONS[scenario];
}

/** A scenario's description in `lang`: the file's own English, or the catalogue's Chinese when it has one. */
export function descriptionIn(lang: Lang, scenario: string, description: string): string {
  return lang === 'zh' ? (zhDescriptionOf(scenario) ?? description) : description;
}
