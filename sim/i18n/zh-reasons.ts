// Chinese for the free-text reasons the cluster's decisions carry (the
// `reason` and `why` fields of the events, e.g. "no heartbeat from
// broker-a-1 for 6000ms"). Each rule matches one reason the code can produce,
// whole, and says it in Chinese; RocketMQ and DLedger status codes
// (SERVICE_NOT_AVAILABLE, WAIT_QUORUM_ACK_TIMEOUT, ...) stay as they are.
// An unknown reason is kept in English (never dropped); the coverage test in
// test/i18n runs scenarios and names any reason no rule knows.
type Rule = readonly [RegExp, (...groups: string[]) => string];

const RULES: readonly Rule[] = [
  // Status and result codes, as RocketMQ and DLedger print them.
  [/^([A-Z][A-Z0-9_]*)$/, (code) => code],
  [/^([A-Z][A-Z0-9_]*): member stops serving$/, (code) => `${code}: 该成员停止服务`],
  // Raft roles (DLedgerLeaderElector), §5.
  [/^no heartbeat from (\S+) for (\d+)ms$/, (who, ms) => `${ms}ms 没有收到 ${who} 的心跳`],
  [/^(\d+)\/(\d+) accepts$/, (a, n) => `${a}/${n} 赞成`],
  [/^heartbeat from (\S+)$/, (who) => `收到 ${who} 的心跳`],
  [/^push from (\S+), the leader of term (\d+)$/, (who, term) => `收到任期 ${term} 的 Leader ${who} 的推送`],
  [/^heartbeat from (\S+) in larger term (\d+)$/, (who, term) => `收到 ${who} 在更大任期 ${term} 的心跳`],
  [/^vote request from (\S+) in larger term (\d+)$/, (who, term) => `收到 ${who} 在更大任期 ${term} 的投票请求`],
  [/^no quorum heartbeat for (\d+)ms$/, (ms) => `${ms}ms 没有得到多数派的心跳应答`],
  [/^kept leadership after seeing a higher term \(bug\)$/, () => '看到更高任期后仍保持 Leader (bug)'],
  [/^last round said (\S+)$/, (r) => `上一轮投票结果是 ${r}`],
  [/^saw a larger term$/, () => '看到了更大的任期'],
  [
    /^(.*); BUG leader-ignores-higher-term keeps leading$/,
    (r) => `${zhReason(r)}; BUG leader-ignores-higher-term 继续担任 Leader`,
  ],
  // Votes (handleVote / parse of the vote round), §5.
  [/^voted for (\S+)$/, (who) => `已投票给 ${who}`],
  [/^its term (\d+) < mine (\d+)$/, (a, b) => `对方任期 ${a} < 我的 ${b}`],
  [/^its last index (-?\d+) < mine (-?\d+)$/, (a, b) => `对方最后索引 ${a} < 我的 ${b}`],
  [/^its last term (-?\d+) < mine (-?\d+)$/, (a, b) => `对方最后任期 ${a} < 我的 ${b}`],
  [/^my term (\d+) must first move to (\d+)$/, (a, b) => `我的任期 ${a} 必须先进入 ${b}`],
  [/^leader (\S+) known$/, (who) => `已知 Leader 是 ${who}`],
  [/^term below my last entry's term (-?\d+)$/, (term) => `任期低于我最后一条日志的任期 ${term}`],
  [/^I am taking over leadership$/, () => '我正在接手 Leader'],
  [/^log up to date$/, () => '日志足够新'],
  [/^not a member$/, () => '不是成员'],
  [/^asks for itself$/, () => '为自己请求'],
  [/^sender is not the candidate$/, () => '发送者不是该 Candidate'],
  [/^decided early$/, () => '提前决定'],
  [/^voters were not yet in this term$/, () => '投票者还不在这个任期'],
  [/^too few answers for a quorum$/, () => '应答不足多数派'],
  [/^voters have larger ledgers: back off \+ (\S+)$/, (d) => `投票者的日志更长: 退避 + ${d}`],
  [/^no quorum of accepts$/, () => '赞成票不足多数派'],
  [/^a voter is in term (\d+)$/, (term) => `有投票者在任期 ${term}`],
  [/^a voter already has a leader: back off \+ heartbeat timeout$/, () => '有投票者已有 Leader: 退避 + 心跳超时'],
  // Replication stages (DLedgerEntryPusher), §5.
  [/^logs match through (-?\d+)$/, (i) => `日志到 ${i} 为止一致`],
  [/^truncated and rewritten$/, () => '已截断并重写'],
  [/^append at (-?\d+) answered (\S+)$/, (i, code) => `在 ${i} 的追加得到 ${code}`],
  [/^follower log is empty$/, () => 'Follower 的日志为空'],
  [/^match at (-?\d+), follower has (\d+) more$/, (i, n) => `在 ${i} 处一致, Follower 多出 ${n} 条`],
  [/^no common entry$/, () => '没有共同的日志条目'],
  [/^it holds the log through (-?\d+)$/, (i) => `它的日志到 ${i} 为止完整`],
  [/^asked by (\S+)$/, (who) => `应 ${who} 的请求`],
  // Broker roles (DLedgerRoleChangeHandler, classic config), §4, §6.
  [/^configured \(classic master\/slave, no automatic failover\)$/, () => '配置指定 (经典主从, 没有自动故障切换)'],
  [/^DLedger candidate in term (\d+): no longer master$/, (term) => `任期 ${term} 的 DLedger Candidate: 不再是 Master`],
  [/^DLedger follower of (\S+) in term (\d+)$/, (who, term) => `任期 ${term} 中 ${who} 的 DLedger Follower`],
  [
    /^DLedger leader in term (\d+): committed index (-?\d+) == ledger end, dispatch caught up$/,
    (term, i) => `任期 ${term} 的 DLedger Leader: 已提交索引 ${i} == 日志末尾, 分发已追上`,
  ],
  [
    /^no longer leader: uncommitted appends leave the store \(the Raft log keeps them until the new leader decides\)$/,
    () => '不再是 Leader: 未提交的追加离开存储 (Raft 日志保留它们, 直到新 Leader 决定)',
  ],
  // HA links (HAService), §6.
  [/^channel closed$/, () => '连接断开'],
  [
    /^master closed: slave reports offset (\d+) beyond the master's max (\d+)$/,
    (a, b) => `Master 关闭: Slave 报告的偏移量 ${a} 超过 Master 的最大值 ${b}`,
  ],
  [
    /^slave reports offset (\d+) beyond the master's max (\d+)$/,
    (a, b) => `Slave 报告的偏移量 ${a} 超过 Master 的最大值 ${b}`,
  ],
  [/^no data from master for more than (\d+) s$/, (s) => `超过 ${s} s 没有收到 Master 的数据`],
  [/^no report for more than (\d+) s$/, (s) => `超过 ${s} s 没有收到报告`],
  // Store recovery, §3.
  [
    /^(normal|abnormal \(abort file found\)) recovery, (\d+) record\(s\) up to offset (\d+), (\d+) torn\/lost record\(s\) truncated, (\d+) queue entr\(ies\) dropped, (\d+) re-dispatched$/,
    (kind, n, off, torn, dropped, re) =>
      `${kind === 'normal' ? '正常' : '异常 (发现 abort 文件)'}恢复, ${n} 条记录到偏移量 ${off}, 截掉 ${torn} 条写坏/丢失的记录, 丢弃 ${dropped} 个队列条目, 重新分发 ${re} 个`,
  ],
  // Clients, §8.
  [/^refused$/, () => '连接被拒绝'],
  [/^connection refused$/, () => '连接被拒绝'],
  [/^call timeout$/, () => '调用超时'],
  [/^no route info of this topic$/, () => '没有这个 Topic 的路由信息'],
  [/^back to the master$/, () => '回到 Master'],
  [/^no master in the route$/, () => '路由中没有 Master'],
  [/^broker suggested id (\d+)$/, (id) => `Broker 建议改用 id ${id}`],
  [/^broker address unknown$/, () => 'Broker 地址未知'],
];

/** The reason in Chinese, or undefined when no rule knows it. */
export function zhReasonOrUndefined(reason: string): string | undefined {
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(reason);
    if (m !== null) return say(...(m.slice(1) as (string | undefined)[]).map((g) => g ?? ''));
  }
  return undefined;
}

/** The reason in Chinese; an unknown reason stays English rather than disappearing. */
export function zhReason(reason: string): string {
  return zhReasonOrUndefined(reason) ?? reason;
}
