// The Chinese telling of each shipped scenario's story. The scenario files'
// opening comments stay English (they are the source); this catalogue gives
// the same story in Chinese for `rmqsim explain --lang zh`, report.md,
// report.html and the replay viewer. Keyed by the scenario's `name`.
//
// Adding a scenario to scenarios/? test/i18n/catalogue.test.ts fails until it
// has an entry here (same key as its `name:` field).
export const ZH_STORIES: Readonly<Record<string, readonly string[]>> = {
  'all-nameservers-down': [
    'all-nameservers-down: 路由注册中心整个消失时, 客户端会怎样。',
    '60s 时所有 NameServer 宕机。Broker 的注册全部失败 (会记录日志), 数据链路不受影响。',
    '客户端的路由轮询失败, 但缓存的路由会一直保留 (路由没有 TTL): 发送和拉取继续发往已知的 Broker,',
    '负载均衡 (Rebalance) 也照常工作, 因为消费者列表来自 Broker。',
    '180s 时 NameServer 以空路由表重启: 在每个 Broker 下一次注册 (30s 内) 之前, 路由查询返回 TOPIC_NOT_EXIST,',
    '已有的客户端会忽略它 (保留缓存)。每个 Broker 重新注册后集群收敛。',
  ],
  'async-flush-power-loss': [
    'async-flush-power-loss: 异步刷盘 (ASYNC_FLUSH) 下, SEND_OK 不等于 "已落盘"。',
    'broker-a 单独运行 (没有 Slave), 异步刷盘。消息进入 page cache 就返回 SEND_OK; 刷盘线程每 500ms 醒来,',
    '脏页满 16 KiB 才写, 或者每 10s 强制写一次。每秒约 5 KiB, 所以磁盘最多落后 10s。',
    '90s 时 broker-a 的主机断电: 最后一次 fsync 之后的数据全部丢失, 尽管它们已被确认; 恢复时截掉写坏的尾部,',
    '之后新消息会复用这些队列偏移量。配置允许这种丢失, 所以 no-acked-loss 检查把丢失的消息列为说明而非违规。',
    '进程崩溃 (kill -9) 不会丢任何东西: page cache 还在。断电是静默的 (没有 RST): broker-a 恢复之前,',
    '选中它的发送会等满 3s 超时后失败, 全程约十二分之一的发送失败; 选中 broker-b 的发送不受影响。',
  ],
  'classic-master-blackhole': [
    'classic-master-blackhole: Master 的机器没有死, 而是静默了。',
    '60s 时 broker-a 的 Master 与一切断开 (没有 RST, 也没有 FIN)。NameServer 从网络上什么都得不到,',
    '一直保留 <0, master>, 直到每 10s 一次的扫描发现它超过 120s 没有心跳: 移除发生在故障后 90-130s。',
    '在生产者之后刷新路由之前 (再一次轮询, 最多 30s), 选中 broker-a 的发送会阻塞满 3s 然后失败, 来不及重试:',
    '两分钟以上约一半的发送失败 (选中 broker-b 的发送照常成功)。要记住的界限: 生产者在 160s 内不再选择静默的 Master。',
    '240s 时网络分区恢复。',
  ],
  'classic-master-crash': [
    'classic-master-crash: 没有自动故障切换的主从 (Master/Slave) 组。',
    '75s 时 broker-a 的 Master 被杀 (主机还在, 对端看到 RST); 75s 正好处在两次路由轮询 (每 30s) 之间,',
    '所以路由过期窗口是 15s。每个 NameServer 立即移除 <0, master>; 该组的路由变成 {1: slave},',
    '生产者在下次轮询时 (30s 内) 把 broker-a 从发布列表中去掉。在那之前, 选中 broker-a 的发送会快速失败,',
    '并在同一次调用内在 broker-b 上重试, 调用方看到 SEND_OK, 只多一次往返。消费者改从 Slave 读 broker-a 的队列,',
    '读到它复制过的全部消息; 异步 Slave 还没收到的消息要等 Master 回来。Slave 永远不会成为 Master:',
    '经典模式没有自动故障切换。Master 在 195s 重启, 立即注册, 客户端 30s 内看到它。',
  ],
  'client-instance-crash': [
    'client-instance-crash: "一台生产者或消费者机器宕机, 其他的继续工作"。',
    '生产者是无状态的: producer-1 在 60s 宕机后, producer-2 继续发送; 组的发送速率减半, 但从不停止。',
    'consumer-1 在 90s 宕机时, Broker 立即看到它的连接断开, 向存活的成员发送 NOTIFY_CONSUMER_IDS_CHANGED,',
    '后者立即负载均衡 (Rebalance) 接管所有队列, 从 consumer-1 最后提交 (每 5s) 的消费位点开始:',
    '它消费了但还没提交的消息会被再次投递。这是至少一次 (at-least-once), 不是恰好一次。两个实例在 150s 回来, 队列重新分配。',
    '旁边跑着一条顺序消息管道: 生产者把每个 key 发到 OrderTopic 的一个队列 (MessageQueueSelector, 只尝试一次),',
    '顺序消费者组在 Broker 上锁定它的队列。order-consumer-1 随 consumer-1 一起宕机后, 锁过期,',
    'order-consumer-2 接管这些队列; 会有重复投递, 但每个队列内的首次投递仍按偏移量顺序。',
  ],
  'dledger-leader-crash': [
    'dledger-leader-crash: "Master 死了, DLedger 会选出新的"。',
    '60s 时 broker-a 的 Leader 宕机 (RST)。NameServer 立即移除 <0, leader>。Follower 在崩溃前 0-2s 收到最后一次心跳;',
    '静默 6s 后各自成为 Candidate。在原任期的第一次投票通常失败 (两者都投过旧 Leader); 下一个任期胜出,',
    '通常在崩溃后 4-8s, 最坏 14s (文档说 "大约 10 秒")。新 Leader 等自己的日志提交并分发完毕后,',
    '成为 id 为 0 的 SYNC_MASTER 并 (oneway) 向每个 NameServer 注册。期间生产者发往 broker-b,',
    '下次路由轮询时回到 broker-a。每条 SEND_OK 的消息都已在多数派上, 所以新 Leader 一定有它。',
    '旧 Leader 在 120s 重启, 发现更高的任期, 成为 Follower, 未提交的尾部被截断。',
  ],
  'dledger-leader-partition': [
    'dledger-leader-partition: Leader 只与它的 Follower 断开。',
    '60s 时 broker-a 的 Leader 失去与两个 Follower 的连接, 但仍能连到 NameServer 和客户端。最多 6s 内它仍是 Leader,',
    '仍以 id 0 注册: 每次追加等 2.5s 的多数派确认后失败 "broker busy" (同步生产者还有约 0.5s 在 broker-b 上重试一次)。',
    '6s 没有多数派心跳应答后它退为 Candidate, 以 Slave 身份重新注册, 并回答 SERVICE_NOT_AVAILABLE (可重试)。',
    'Follower 超时后选出新 Leader (约 5-14s), 新 Leader 注册为 id 0。孤立的 Candidate 凑不齐多数派应答, 任期不会增长。',
    '120s 时分区恢复: 旧 Leader 看到更大的任期, 成为 Follower, 未提交的条目被截断。',
    '没有已确认的消息丢失, 也没有未提交的消息曾经可被消费。',
  ],
  'kill-two-nameservers': [
    'kill-two-nameservers: "只要有一个 NameServer 活着, 就什么事都没有"。',
    'NS1 和 NS2 在 60s 宕机。Broker 每 30s 并行向三个 NameServer 注册; 死掉的两个立即失败 (RST),',
    'ns-3 成功并保有完整路由。每个客户端的下一次路由轮询 (30s 内) 发现它选的 NameServer 已死, 沿列表换到 ns-3。',
    '数据链路完全感觉不到: 发送和拉取走 Broker, 不走 NameServer。路由过期时间不超过一个轮询周期。',
  ],
  'production-ha': [
    'production-ha: 种子文章中的参考部署, 在故障中运行。',
    '种子文章设计了一个 "高可用" 的生产布局: 三个 NameServer (对等, 互不通信, 各自持有完整路由);',
    '两个三副本的 DLedger Broker 组 (一主两从, 主死后从节点选出新主); 生产者和消费者系统以集群方式部署。',
    '它们的说法: "即使两个 NameServer 宕机, 只要还有一个活着, MQ 就能继续工作"; "Master 宕机, DLedger 会把 Slave 切换为 Master";',
    '"一台生产者或消费者机器宕机, 其他的继续工作"。',
    '故事: 60s 时两个 NameServer 宕机 (客户端换到 ns-3, Broker 继续向它注册)。120s 时 broker-a 的 Master 宕机:',
    '它的 Follower 约 6s 后超时, 选出新 Leader 并注册为 id 0, 生产者在下次路由轮询时回到 broker-a (期间发送切换到 broker-b)。',
    '200s 时一个生产者实例宕机; 另一个继续发送。270s 时所有宕机的节点恢复, 集群必须收敛。',
  ],
  'raft-chaos': [
    'raft-chaos: 一个 DLedger 组经受一场有种子的崩溃、暂停和网络分区风暴 (用于种子扫描)。',
    '从 30s 到 4m, 每秒每种故障按各自的概率发生, 同一时间最多一个, 且距上一次变化至少 10s,',
    '所以该组不断在 Leader 之间切换, 但不会永久失去多数派。每个故障在抽到的时长后撤销; 4m 时全部恢复。',
    '无论发生什么, Raft 的安全性必须成立 (每个任期一个 Leader, 日志一致, 已提交的条目永不丢失),',
    '已确认的消息不能消失, 并且恢复后一分钟内该组必须有一个 Leader 在每个 NameServer 上注册为 Master。',
  ],
  'scale-out': [
    'scale-out: "把 Topic 分布到更多 Broker 上以承受更大负载"。',
    '种子文章说 100 000 QPS 写入的 Topic 分布在 5 个 Broker 上, 每个承担 20 000 QPS, 所以增加 Broker 使写入线性扩展。',
    '为了在模拟规模下看到这一点, 每个 Broker 被放慢到每 5ms 处理一次发送 (200/s), 同样的负载',
    '(4 个生产者 x 每秒 150 条 = 600/s) 分三个阶段发往分布在 1 个、2 个、然后 4 个 Broker 组上的 Topic。',
    '只有一个组时 Broker 的发送队列溢出 (等待超过 200ms 的请求以 SYSTEM_BUSY 丢弃, 生产者不重试);',
    '两个组时大约三分之二能通过; 四个组时全部通过。报告的发送速率图显示三个平台。',
  ],
  'config-swarm': [
    'config-swarm: 每个种子不仅抽取故障, 也抽取集群配置 (用于种子扫描: rmqsim sweep scenarios/config-swarm.yaml --seeds 1..200)。',
    '每个种子从自己的 "swarm" 随机流抽取: 1 到 3 个 NameServer, 1 或 2 个 Broker 组, 每组为经典模式',
    '(1 个 Master 加 0 或 1 个 Slave, ASYNC_MASTER 或 SYNC_MASTER) 或 DLedger (3 或 5 个成员), ASYNC_FLUSH 或 SYNC_FLUSH,',
    '2 到 8 个队列, 1 或 2 个生产者与消费者实例, 每秒 5 到 20 条消息。然后随机故障, 最多同时两个, 直到 2m30s 的恢复。',
    '无论抽到什么, 安全不变式都必须成立: 已确认的消息只有在抽到的刷盘与复制设置允许时才可以丢失',
    '(持久性判定读取每组抽到的配置), 每条消息都要被消费, Raft 必须安全, 恢复后 90 s 内集群必须收敛。',
    '`rmqsim run` 打印抽到的配置; `rmqsim shrink` 把它固定在 shrunk.yaml 中。',
  ],
  swarm: [
    'swarm: 所有可能出错的事, 随机抽取 (用于长时间种子扫描)。',
    '与 production-ha 相同的生产布局, 混入几乎所有故障类型: 任意节点的崩溃和暂停, Broker 主机断电,',
    '慢而丢包的链路, 慢或满的磁盘, 被黑洞的 Broker, 出站流量消失的 Broker (单向分区),',
    '墙钟向前跳 15s 后又跳回的 Broker (DLedger 的定时器按墙钟运行: 向前跳使它们过期, 向后跳使它们停滞)。',
    '同一时间最多一个故障, 每次变化后集群有 10s 安静期。4m 时全部恢复; 任何故障都不能破坏的不变量必须成立,',
    '并且集群必须在恢复后 90s 内收敛。',
  ],
  'sync-flush-power-loss': [
    'sync-flush-power-loss: 同样的断电, 但现在 SEND_OK 意味着已经 fsync。',
    '同步刷盘 (SYNC_FLUSH) 下, 发送要等组提交 (group commit) 服务: 它每 10ms fsync 一次,',
    '完成结束偏移量已落盘的所有请求 (或 5s 后回答 FLUSH_DISK_TIMEOUT)。90s 时 broker-a 的主机断电,',
    '与 async-flush-power-loss 完全一样; 这一次每条以 SEND_OK 确认的消息都保住了。只有 FLUSH_DISK_TIMEOUT 的回答有风险,',
    '健康的磁盘不会产生它们。与异步刷盘的故事一样, 断电是静默的, 所以在它恢复之前选中 broker-a 的发送会超时。',
  ],
  'sync-master-power-loss': [
    'sync-master-power-loss: 用一次断电检验 SYNC_MASTER (同步双写) 的承诺。',
    'brokerRole 为 SYNC_MASTER 时, 发送要等一个 Slave 确认 (写入它的 page cache) 后才回答 SEND_OK,',
    '所以 Master 可以懒刷盘 (ASYNC_FLUSH)。Slave 在另一个机房 (HA 链路单程 50ms)。90s 时 Master 的主机断电:',
    '它未刷盘的尾部丢失, 但 Slave 持有每条 SEND_OK 的消息, 消费者从 Slave 读 broker-a 的队列 (经典模式没有自动切换)。',
    '150s 时 Master 回来, 日志比 Slave 短: Slave 报告的偏移量超过 Master 的末尾, Master 关闭 HA 连接,',
    '在它的日志长过那个偏移量之前没有 Slave 能确认。发往 broker-a 的新消息得到 SLAVE_NOT_AVAILABLE',
    '(只存在 Master 上, 没有承诺), 它们的队列偏移量是消费者已经从 Slave 读过的, 所以被跳过: 这是允许的, 因为没有承诺过。',
    '加上 `--bug broker.sync-master-early-ack` 运行, Master 会对这些消息回答 SEND_OK: at-least-once 检查会发现',
    '已确认却永远不会被任何消费者看到的消息。',
  ],
};

/** The story of a shipped scenario in Chinese, or undefined for a scenario outside the library. */
export function zhStoryOf(scenario: string): readonly string[] | undefined {
  return ZH_STORIES[scenario];
}
