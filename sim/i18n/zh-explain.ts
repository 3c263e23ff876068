// Chinese for the outline `rmqsim explain` generates (sim/scenario/explain.ts):
// the deployment, the workload, each fault with its targets, and what must
// hold. Each rule matches one line shape explain.ts writes; targets
// ("the current master of broker-a and ns-1") are told selector by selector.
// A line no rule knows stays English.
type Rule = readonly [RegExp, (...groups: string[]) => string];

const SELECTORS: readonly Rule[] = [
  [/^the current Raft leader of (\S+)$/, (g) => `${g} 当前的 Raft Leader`],
  [/^the current master of (\S+)$/, (g) => `${g} 当前的 Master`],
  [/^the slaves of (\S+)$/, (g) => `${g} 的 Slave`],
  [/^every broker of (\S+)$/, (g) => `${g} 的每个 Broker`],
  [/^every instance of (\S+)$/, (g) => `${g} 的每个实例`],
  [/^one random node of (\S+)$/, (g) => `${g} 中随机一个节点`],
  [/^every node that is down$/, () => '每个宕机的节点'],
  [/^every (\S+) that is down$/, (k) => `每个宕机的 ${k}`],
  [/^every node$/, () => '每个节点'],
  [/^every (\S+)$/, (k) => `每个 ${k}`],
  [/^one random node$/, () => '随机一个节点'],
  [/^one random (\S+)$/, (k) => `随机一个 ${k}`],
  [/^everything else$/, () => '其他所有节点'],
];

function apply(rules: readonly Rule[], s: string): string | undefined {
  for (const [pattern, say] of rules) {
    const m = pattern.exec(s);
    if (m !== null) return say(...(m.slice(1) as (string | undefined)[]).map((g) => g ?? ''));
  }
  return undefined;
}

/** "a, b and c" of selectors -> "a、b 和 c" in Chinese. */
function targets(list: string): string {
  const parts = list.split(/, | and /);
  const told = parts.map((p) => apply(SELECTORS, p) ?? p);
  return told.length <= 1 ? told.join('') : `${told.slice(0, -1).join('、')} 和 ${told[told.length - 1] ?? ''}`;
}

const at = (s: string): string => (s === 'at the start' ? '开始时' : s.replace(/^at (\S+)$/, '$1 时'));

/**
 * The Chinese telling of each fault verb's plain-words line, keyed by verb: the
 * scenario layer's verb table (sim/scenario/verbs.ts) names its key here. Order
 * is the order the rules are tried in.
 */
export const ZH_FAULT_ACTIONS = {
  crash: [
    /^kill (.+) \(the process dies; its host answers with RST\)$/,
    (t) => `杀死 ${targets(t)} (进程退出; 主机回应 RST)`,
  ],
  restart: [
    /^restart (.+) \(a fresh process recovers from its disk\)$/,
    (t) => `重启 ${targets(t)} (新进程从磁盘恢复)`,
  ],
  'power-loss': [
    /^cut the power of the host of (.+) \(silence, and unsynced writes are lost\)$/,
    (t) => `切断 ${targets(t)} 所在主机的电源 (静默, 未刷盘的写入丢失)`,
  ],
  pause: [
    /^pause (.+) \(a long GC: nothing runs, peers see silence\)$/,
    (t) => `暂停 ${targets(t)} (长时间 GC: 什么都不运行, 对端收不到消息)`,
  ],
  resume: [/^resume (.+)$/, (t) => `恢复 ${targets(t)}`],
  partition: [
    /^cut the network between (.+) and (.+), both ways$/,
    (a, b) => `双向切断 ${targets(a)} 与 ${targets(b)} 之间的网络`,
  ],
  'partition-one-way': [
    /^drop everything (.+) sends to (.+)$/,
    (a, b) => `丢弃 ${targets(a)} 发往 ${targets(b)} 的一切`,
  ],
  hold: [
    /^hold the network between (.+) and (.+), both ways \(what is sent waits, then arrives in order\)$/,
    (a, b) => `双向扣住 ${targets(a)} 与 ${targets(b)} 之间的网络 (发出的消息暂存, 之后按序到达)`,
  ],
  heal: [/^heal every partition and link fault$/, () => '恢复所有网络分区和链路故障'],
  latency: [
    /^add (\S+) \(\+\/- (\S+)\) of latency between (.+) and (.+)$/,
    (d, j, a, b) => `在 ${targets(a)} 与 ${targets(b)} 之间增加 ${d} (+/- ${j}) 的延迟`,
  ],
  'packet-loss': [
    /^lose ([\d.]+)% of messages between (.+) and (.+)$/,
    (p, a, b) => `在 ${targets(a)} 与 ${targets(b)} 之间丢失 ${p}% 的消息`,
  ],
  'slow-disk': [
    /^make the disk of (.+) ([\d.]+)x slower to fsync$/,
    (t, f) => `让 ${targets(t)} 的磁盘 fsync 慢 ${f} 倍`,
  ],
  'disk-full': [/^fill the disk of (.+) \(writes fail\)$/, (t) => `写满 ${targets(t)} 的磁盘 (写入失败)`],
  'failed-fsync': [
    /^make every fsync on the disk of (.+) fail \(writes stay in the page cache\)$/,
    (t) => `让 ${targets(t)} 磁盘上的每次 fsync 失败 (写入只留在页缓存)`,
  ],
  'connection-reset': [
    /^reset the connections between (.+) and (.+) \(both sides see the channel close\)$/,
    (a, b) => `重置 ${targets(a)} 与 ${targets(b)} 之间的连接 (双方都看到通道关闭)`,
  ],
  'clock-skew': [
    /^skew the clock of (.+) by (\S+)( backwards)? \(timestamps only; timers are unaffected\)$/,
    (t, d, back) => `把 ${targets(t)} 的时钟${back === '' ? '向前' : '向后'}拨 ${d} (只影响时间戳; 定时器不受影响)`,
  ],
} as const satisfies Readonly<Record<string, Rule>>;

/** A key of ZH_FAULT_ACTIONS: what a fault verb row names for its Chinese text. */
export type ZhFaultKey = keyof typeof ZH_FAULT_ACTIONS;

const ACTIONS: readonly Rule[] = Object.values(ZH_FAULT_ACTIONS);

function action(a: string): string | undefined {
  return apply(ACTIONS, a);
}

const EXPECT: readonly Rule[] = [
  [
    /^(\S+) must get at least ([\d.]+)% of its sends answered (\S+(?: or \S+)*)( and never go more than (\S+) without one)? while it sends(, counted only while the faults leave what the configuration needs \(a master or quorum per group, a route\))?$/,
    (g, p, accepted, _o, d, f) =>
      `${g} 在发送期间至少 ${p}% 的发送必须得到 ${accepted.replace(/ or /g, ' 或 ')} 应答${d === '' ? '' : `, 且不能超过 ${d} 没有一次成功`}${f === '' ? '' : ' (只在故障留下了配置所需的条件时计算: 每组有 Master 或多数派, 有路由)'}`,
  ],
  [
    /^(\S+) must get at least ([\d.]+)% of its sends acknowledged( and never go more than (\S+) without one)?$/,
    (g, p, _o, d) => `${g} 至少 ${p}% 的发送必须被确认${d === '' ? '' : `, 且不能超过 ${d} 没有一次成功`}`,
  ],
  [
    /^no acknowledged message may be lost \(where the configuration promises durability\)$/,
    () => '已确认的消息不能丢失 (在配置承诺持久化的地方)',
  ],
  [
    /^every acknowledged message must be consumed (?:successfully )?at least once by (.+?)( \(or moved to its DLQ after exhausting its retries\))?( \(or still waiting for a retry due too late to judge\))?$/,
    (g, dlq, retrying) =>
      `每条已确认的消息必须被 ${g === 'every consumer group' ? '每个消费者组' : g} 至少成功消费一次` +
      (dlq ? ' (或在重试耗尽后移入其死信队列 DLQ)' : '') +
      (retrying ? ' (或仍在等待一次到期过晚、无法判定的重试)' : ''),
  ],
  [
    /^(\S+) may consume at most (\d+) duplicate\(s\) \(retries, rebalances, offset rollbacks\)$/,
    (g, n) => `${g} 最多重复消费 ${n} 次 (重试, 负载均衡, 消费位点回退)`,
  ],
  [
    /^(\S+) may consume at most (\d+) duplicate\(s\) not explained by a fault, a master change or an instance joining \(a message first consumed near one may come again\)$/,
    (g, n) =>
      `${g} 最多重复消费 ${n} 次, 不算故障, 主节点切换或实例加入能解释的 (在它们附近首次消费的消息可能再来一次)`,
  ],
  [
    /^(\S+) may elect a leader at most (\d+) time\(s\), the first election included$/,
    (g, n) => `${g} 最多选举 ${n} 次 Leader (含第一次选举)`,
  ],
  [
    /^(\S+) may elect a leader at most (\d+) time\(s\), the first election included, not counting those an injected fault explains; a forward clock jump past a follower's heartbeat timeout \(maxHeartBeatLeak x heartBeatTimeIntervalMs, (\S+)\) must make it candidate within (\S+)$/,
    (g, n, t, b) =>
      `${g} 最多选举 ${n} 次 Leader (含第一次选举, 不计注入的故障能解释的选举); 时钟向前跳过心跳超时 (maxHeartBeatLeak x heartBeatTimeIntervalMs, ${t}) 的 Follower 必须在 ${b} 内成为候选者`,
  ],
  [
    /^every queue (\S+) writes to must take at least ([\d.]+) of an even share of its acked sends after (\S+)$/,
    (g, r, t) => `${g} 写入的每个队列在 ${t} 之后都必须收到其已确认发送的均分份额的至少 ${r}`,
  ],
  [
    /^every SEND_OK must be true when given: a SYNC_MASTER's slave, a DLedger quorum, or the disk \(SYNC_FLUSH\) already holds the message$/,
    () => '每个 SEND_OK 在给出时就必须属实: SYNC_MASTER 的 Slave、DLedger 的多数派或磁盘 (SYNC_FLUSH) 已经持有这条消息',
  ],
  [
    /^messages must be consumed in queue order by (.+)$/,
    (g) => `消息必须被 ${g === 'every consumer group' ? '每个消费者组' : g} 按队列顺序消费`,
  ],
  [
    /^Raft safety must hold: one leader per term, matching logs, committed entries never lost$/,
    () => 'Raft 安全性必须成立: 每个任期一个 Leader, 日志一致, 已提交的条目永不丢失',
  ],
  [
    /^within (\S+) after the last fault \((\S+)\), the cluster must converge: one master per group, every live broker registered on every live NameServer, every live DLedger member following its leader again; and at any time a NameServer that saw a killed broker's channel close must drop it within (\S+)$/,
    (w, f, k) =>
      `最后一个故障 (${f}) 之后 ${w} 内, 集群必须收敛: 每组一个 Master, 每个存活的 Broker 都注册在每个存活的 NameServer 上, 每个存活的 DLedger 成员都重新跟随它的 Leader; 且任何时候, 看到被杀 Broker 连接关闭的 NameServer 必须在 ${k} 内移除它`,
  ],
];

function expectation(e: string): string | undefined {
  const breaks = e.endsWith(' (the story expects this to BREAK)');
  const told = apply(EXPECT, breaks ? e.slice(0, -' (the story expects this to BREAK)'.length) : e);
  return told === undefined ? undefined : `${told}${breaks ? ' (故事预期它会被打破)' : ''}`;
}

const LINES: readonly Rule[] = [
  [/^The run lasts (\S+) of simulated time, seed (\d+)\.$/, (d, s) => `运行模拟时间 ${d}, 种子 ${s}。`],
  [
    /^The cluster "(.+)": (\d+) NameServers? \((.+)\), each holding the full route;$/,
    (c, n, names) => `集群 "${c}": ${n} 个 NameServer (${names}), 每个都持有完整路由;`,
  ],
  [
    /^ {2}- (\S+): a DLedger \(Raft\) group of (\d+) brokers \((.+)\) that elects its master; (\S+)$/,
    (g, n, names, flush) => `  - ${g}: ${n} 个 Broker 组成的 DLedger (Raft) 组 (${names}), 自己选举 Master; ${flush}`,
  ],
  [
    /^ {2}- (\S+): a classic (\S+) master (\S+) with no slave; (\S+)$/,
    (g, role, m, flush) => `  - ${g}: 经典 ${role} Master ${m}, 没有 Slave; ${flush}`,
  ],
  [
    /^ {2}- (\S+): a classic (\S+) master (\S+) with (\d+) slaves? \(no automatic failover\); (\S+)$/,
    (g, role, m, n, flush) => `  - ${g}: 经典 ${role} Master ${m}, ${n} 个 Slave (没有自动故障切换); ${flush}`,
  ],
  [
    /^ {2}- topic (\S+): (\d+) queues on (.+?)( \(ordered\))?$/,
    (t, q, on, ord) =>
      `  - Topic ${t}: 在${on === 'every group' ? '每个组' : ` ${on} `}上各 ${q} 个队列${ord === '' ? '' : ' (顺序)'}`,
  ],
  [/^The workload:$/, () => '负载:'],
  [
    /^ {2}- (\S+): (\d+) instances? sending (\S+)( ordered)? (\d+)-byte messages to (\S+), (.+?)( from (\S+)(?: to (\S+))?)?$/,
    (g, n, mode, ord, bytes, topic, rate, _w, from, to) =>
      `  - ${g}: ${n} 个实例以 ${mode}${ord === '' ? '' : ' 顺序'} 方式向 ${topic} 发送 ${bytes} 字节的消息, ${rate.replace(/^(\S+) to (\S+) msg\/s each over (\S+)$/, '每个实例在 $3 内从 $1 到 $2 msg/s').replace(/^(\S+) msg\/s each$/, '每个实例 $1 msg/s')}` +
      (from === '' ? '' : to === '' ? `, 从 ${from} 开始` : `, 从 ${from} 到 ${to}`),
  ],
  [
    /^ {2}- (\S+): (\d+) instances? consuming (.+) \((\S+?)(, orderly)?(, failing ([\d.]+)% of consumptions)?\), (\S+) per message on (\d+) consume threads? each$/,
    (g, n, topics, model, ord, _f, pct, time, threads) =>
      `  - ${g}: ${n} 个实例消费 ${topics.replace(/ and /g, '、')} (${model}${ord === '' ? '' : ', 顺序消费'}${pct === '' ? '' : `, ${pct}% 的消费失败`}), 每条消息 ${time}, 每个实例 ${threads} 个消费线程`,
  ],
  [/^ {2}- none$/, () => '  - 无'],
  [/^What happens:$/, () => '发生什么:'],
  [/^ {2}- nothing goes wrong$/, () => '  - 一切正常'],
  [/^What must hold:$/, () => '必须成立的:'],
  [
    /^ {2}From (\S+) to (\S+), every (\S+) a random fault may strike \(at most (\d+) at a time, at least (\S+) apart\); at (\S+) everything heals:$/,
    (a, b, tick, max, gap, heal) =>
      `  从 ${a} 到 ${b}, 每 ${tick} 可能随机发生一个故障 (同时最多 ${max} 个, 间隔至少 ${gap}); ${heal} 时全部恢复:`,
  ],
];

/** "    - 4.0% per tick: <action>, for 5s-30s" (a chaos mix line). */
function chaosLine(line: string): string | undefined {
  const m = /^ {4}- ([\d.]+)% per tick: (.+), for (\S+)$/.exec(line);
  const told = m === null ? undefined : action(m[2] ?? '');
  return m === null || told === undefined ? undefined : `    - 每次 ${m[1] ?? ''}%: ${told}, 持续 ${m[3] ?? ''}`;
}

/** One line of `rmqsim explain`'s outline in Chinese, or undefined when no rule knows it. */
export function zhExplainLineOrUndefined(line: string): string | undefined {
  if (line === '') return '';
  const whole = apply(LINES, line) ?? chaosLine(line);
  if (whole !== undefined) return whole;
  const fault = /^ {2}- (at the start|at \S+), (.+?)(, undone after (\S+))?$/.exec(line);
  const told = fault === null ? undefined : action(fault[2] ?? '');
  if (fault !== null && told !== undefined)
    return `  - ${at(fault[1] ?? '')}, ${told}${(fault[4] ?? '') === '' ? '' : `, ${fault[4] ?? ''} 后撤销`}`;
  const exp = /^ {2}- (.+)$/.exec(line);
  const e = exp === null ? undefined : expectation(exp[1] ?? '');
  return e === undefined ? undefined : `  - ${e}`;
}

/** The outline in Chinese, line by line; a line no rule knows stays English. */
export function zhExplain(lines: readonly string[]): string[] {
  return lines.map((l) => zhExplainLineOrUndefined(l) ?? l);
}
