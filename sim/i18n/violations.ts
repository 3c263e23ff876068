// The checkers' violation messages (sim/check) in both languages, as a typed
// catalogue. A checker records a violation as a phrase: a key and its
// parameters (names, times, offsets, and nested phrases for the reasons).
// The English rendering is the canonical `message` (report.json, JUnit);
// the CLI, report.md, report.html and the viewer render the same phrase in
// the language asked for, so nothing is translated by matching English text.
// The compiler checks that every phrase fills exactly its key's `{name}`
// placeholders; test/i18n/catalogue.test.ts fails on a key without both
// languages or with different placeholders in them.
import type { Lang } from './lang.js';
import type { Texts } from './messages.js';

export const PHRASES = {
  // ack-promise: a SEND_OK judged at the moment it was given.
  'ack.broken': {
    en: 'SEND_OK for {msg} on {broker} {queue} at {at}, but {broken}',
    zh: '{at} 时 {broker} {queue} 上的 {msg} 得到 SEND_OK, 但 {broken}',
  },
  'ack.sync-flush': {
    en: 'SYNC_FLUSH promised it on disk and the commit log was not flushed past it',
    zh: 'SYNC_FLUSH 承诺已落盘, CommitLog 却还没刷盘到它',
  },
  'ack.dledger-quorum': {
    en: 'a DLedger leader promised a quorum and only {holders}/{members} logs held it',
    zh: 'DLedger Leader 承诺多数派已持有, 却只有 {holders}/{members} 份日志持有它',
  },
  'ack.sync-master': {
    en: 'a SYNC_MASTER promised a slave had it and no slave did',
    zh: 'SYNC_MASTER 承诺 Slave 已有它, 却没有一个 Slave 有',
  },
  // at-least-once and duplicates.
  'dup.causes': {
    en: 'retry {retry}, other instance {other}, offset rollback {rollback}',
    zh: '重试 {retry}, 另一实例 {other}, 消费位点回退 {rollback}',
  },
  'dup.over': {
    en: 'group {group}: {total} duplicate consumptions > {max} ({causes})',
    zh: '消费组 {group}: 重复消费 {total} 次 > {max} ({causes})',
  },
  'alo.phantom': {
    en: '{msg} consumed by {group} on {instance} but never sent (phantom)',
    zh: '{msg} 被 {group} 在 {instance} 上消费, 却从未发送过 (凭空出现)',
  },
  'alo.dlq': {
    en: '{msg} acked {status} by {where} at {at}: every delivery to {group} failed; it went to %DLQ%{group}',
    zh: '{msg} 在 {at} 由 {where} 确认为 {status}: 投递给 {group} 全部失败, 进入死信队列 %DLQ%{group}',
  },
  'alo.never-succeeded': {
    en: '{msg} acked {status} by {where} at {at} delivered to {group} but never consumed successfully (every delivery failed)',
    zh: '{msg} 在 {at} 由 {where} 确认为 {status}, 已投递给 {group} 但从未消费成功 (每次投递都失败)',
  },
  'alo.never-consumed': {
    en: '{msg} acked {status} by {where} at {at} never consumed by {group}',
    zh: '{msg} 在 {at} 由 {where} 确认为 {status}, 从未被 {group} 消费',
  },
  // availability.
  'avail.ratio': {
    en: 'send success ratio {ratio} < {min} ({failed} of {finished} sends not {accepted})',
    zh: '发送成功率 {ratio} < {min} ({finished} 次发送中有 {failed} 次不是 {accepted})',
  },
  'avail.outage': {
    en: 'producer group {group}: no acked send for {gap} from {from} (> {max})',
    zh: '生产者组 {group}: 从 {from} 起 {gap} 没有一次发送被确认 (> {max})',
  },
  // send-spread.
  'spread.starved': {
    en: 'producer group {group}: queue {queue} took {n} of {total} acked sends, below {min} of an even share ({even})',
    zh: '生产者组 {group}: 队列 {queue} 只收到 {total} 次已确认发送中的 {n} 次, 低于均分份额 ({even}) 的 {min}',
  },
  // leader-changes.
  'leader.over': {
    en: '{group}: {n} elections > {max} (leader@term: {terms})',
    zh: '{group}: 选举了 {n} 次 > {max} (Leader@任期: {terms})',
  },
  'leader.jump-ignored': {
    en: '{group}: a forward clock jump of {jump} on follower {node} at {at}, past its heartbeat timeout ({timeout}), made it no candidate within {bound}',
    zh: '{group}: Follower {node} 的时钟在 {at} 向前跳了 {jump}, 超过其心跳超时 ({timeout}), 却没有在 {bound} 内成为 Candidate',
  },
  // no-acked-loss (durability): the violation, and why the configuration does or does not allow a loss.
  'loss.gone': {
    en: 'acked {status} {msg} on {broker} {queue} (acked at {acked}) is gone: {why}',
    zh: '在 {broker} {queue} 上确认为 {status} 的消息 {msg} (确认于 {acked}) 丢失了: {why}',
  },
  'loss.slot': {
    en: 'acked {status} {msg} on {broker} {queue} (acked at {acked}) took a slot already delivered as {delivered} at {deliveredAt}: the agreed log changed with {why}',
    zh: '在 {broker} {queue} 上确认为 {status} 的消息 {msg} (确认于 {acked}) 占用了在 {deliveredAt} 已作为 {delivered} 投递过的位置: 已达成一致的日志被改变, {why}',
  },
  'loss.gone-allowed': {
    en: 'acked {status} {msg} on {broker} {queue} (acked at {acked}) is gone: allowed by {why}',
    zh: '在 {broker} {queue} 上确认为 {status} 的消息 {msg} (确认于 {acked}) 丢失了, 配置允许: {why}',
  },
  'loss.slot-allowed': {
    en: 'acked {status} {msg} on {broker} {queue} (acked at {acked}) took a slot already delivered as {delivered} at {deliveredAt}: allowed by {why}',
    zh: '在 {broker} {queue} 上确认为 {status} 的消息 {msg} (确认于 {acked}) 占用了在 {deliveredAt} 已作为 {delivered} 投递过的位置, 配置允许: {why}',
  },
  'why.violation': { en: 'violation: {why}', zh: '违规: {why}' },
  'why.never-acked': {
    en: 'the message delivered there was never acknowledged (consumers read the page cache before the flush)',
    zh: '在该位置被投递的消息从未被确认 (消费者在刷盘之前就从 page cache 读到了它)',
  },
  'why.unknown-group': { en: 'unknown broker group', zh: '未知的 Broker 组' },
  'why.dledger-quorum-kept': {
    en: 'DLedger promised a quorum copy and only {down}/{hosts} hosts lost power',
    zh: 'DLedger 承诺了多数派副本, 而只有 {down}/{hosts} 台主机断电',
  },
  'why.sync-flush': { en: 'SYNC_FLUSH + {role} acked after fsync', zh: 'SYNC_FLUSH + {role} 在 fsync 之后才确认' },
  'why.no-power-loss': {
    en: 'no power loss hit master host {host} (a process crash keeps the page cache)',
    zh: 'Master 主机 {host} 没有断电 (进程崩溃不会丢失 page cache)',
  },
  'why.slaves-kept-power': {
    en: 'SYNC_MASTER acked after a slave had it, and slave host(s) {hosts} kept power',
    zh: 'SYNC_MASTER 在 Slave 拿到之后才确认, 而 Slave 主机 {hosts} 没有断电',
  },
  'why.stranded-on-slave': {
    en: 'ASYNC_FLUSH + SYNC_MASTER: power loss of master {host} at {at} cut it from the master, and it is stranded on slave {slaves} (classic HA copies master to slave only, so the master, back without it, never serves it)',
    zh: 'ASYNC_FLUSH + SYNC_MASTER: Master {host} 在 {at} 断电, 它从 Master 上丢失, 只滞留在 Slave {slaves} 上 (经典 HA 只从 Master 复制到 Slave, 回来的 Master 没有它, 永远不会提供它)',
  },
  'why.slave-reput-stopped': {
    en: "SYNC_MASTER: master {host} {how}, and slave {slaves} acked it only as bytes past the point where its reput stopped (a real RocketMQ hole: after an earlier master power loss left the slave ahead, HA resumed inside one of the master's messages; HAClient checks only the offset, and a slave's ReputMessageService stops for good at the first bytes that are not a message, so the slave never serves what it acked after that)",
    zh: 'SYNC_MASTER: Master {host} {how}, 而 Slave {slaves} 只是以其 reput 停止点之后的字节确认了它 (RocketMQ 真实存在的漏洞: 早先一次 Master 断电让 Slave 领先, HA 从 Master 某条消息的中间续传; HAClient 只检查位点, Slave 的 ReputMessageService 在第一段不是消息的字节处永远停止, 因此 Slave 永远不会提供此后确认的消息)',
  },
  'why.how-power-loss': { en: 'lost power at {at}', zh: '在 {at} 断电' },
  'why.how-down': { en: 'is down at the end', zh: '在结束时宕机' },
  'why.status': { en: 'status {status} (stored, not promised durable)', zh: '状态 {status} (已存储, 没有承诺持久)' },
  'why.dledger-quorum-lost': {
    en: 'DLedger quorum ack in page cache and {down}/{hosts} hosts lost power',
    zh: 'DLedger 多数派确认在 page cache 中, 且 {down}/{hosts} 台主机断电',
  },
  'why.async-master-lag': {
    en: 'ASYNC_MASTER: master {host} is down at the end and its slave had not replicated the message (replication lag)',
    zh: 'ASYNC_MASTER: Master {host} 在结束时宕机, 它的 Slave 还没复制这条消息 (复制延迟)',
  },
  'why.async-flush': {
    en: 'ASYNC_FLUSH + {role}: power loss of {host} at {at}',
    zh: 'ASYNC_FLUSH + {role}: {host} 在 {at} 断电',
  },
  // order.
  'order.regress': {
    en: '{group} first consumed {queue} offset {offset} at {at} after offset {max}',
    zh: '{group} 在 {at} 首次消费 {queue} 的偏移量 {offset}, 而此前已消费到偏移量 {max}',
  },
  // Raft safety and liveness ({stamp} is "[seed=7 t=12.346s]", the same in both languages).
  'raft.two-leaders': {
    en: '{stamp} group {group} term {term} has two leaders: {first} (since {since}) and {second}',
    zh: '{stamp} 组 {group} 的任期 {term} 有两个 Leader: {first} (自 {since} 起) 和 {second}',
  },
  'raft.double-vote': {
    en: '{stamp} {voter} voted twice in term {term} of {group}: for {before} and for {candidate}',
    zh: '{stamp} {voter} 在 {group} 的任期 {term} 投了两次票: 投给 {before} 和 {candidate}',
  },
  'raft.forgot-vote': {
    en: '{stamp} {voter} restarted with term {term} vote {votedFor} but had voted for {candidate} in term {lastTerm} ({group}): the vote was answered before it was durable',
    zh: '{stamp} {voter} 重启后任期 {term} 投票 {votedFor}, 但它在任期 {lastTerm} 已投给 {candidate} ({group}): 投票在持久化之前就已回复',
  },
  'raft.no-leader': {
    en: '{stamp} {group} had no agreed leader within {bound} of the heal at {healedAt} (none by the end)',
    zh: '{stamp} {group} 在 {healedAt} 恢复后 {bound} 内没有一致认可的 Leader (直到结束也没有)',
  },
  'raft.late-leader': {
    en: '{stamp} {group} had no agreed leader within {bound} of the heal at {healedAt} (took {took})',
    zh: '{stamp} {group} 在 {healedAt} 恢复后 {bound} 内没有一致认可的 Leader (用了 {took})',
  },
  'raft.straggler': {
    en: '{stamp} {group}: {member} is {role} in term {term}, not following {leader} (leader of term {leaderTerm}), more than {bound} after the heal',
    zh: '{stamp} {group}: 恢复后超过 {bound}, {member} 仍是任期 {term} 的 {role}, 没有跟随 {leader} (任期 {leaderTerm} 的 Leader)',
  },
  'raft.logs-differ': {
    en: '{stamp} {group}: {a} and {b} both hold term {term} at index {top} but differ at index {index} ({a}: [{entryA}], {b}: [{entryB}])',
    zh: '{stamp} {group}: {a} 和 {b} 在索引 {top} 处任期都是 {term}, 但在索引 {index} 处不同 ({a}: [{entryA}], {b}: [{entryB}])',
  },
  'raft.commit-changed': {
    en: '{stamp} {group} index {index} was committed as term {term} #{hash} by {node} at {at}s, now committed as term {nowTerm} #{nowHash} by {nowNode}',
    zh: '{stamp} {group} 索引 {index} 曾由 {node} 在 {at}s 以任期 {term} #{hash} 提交, 现在由 {nowNode} 以任期 {nowTerm} #{nowHash} 提交',
  },
  'raft.commit-lost': {
    en: '{stamp} {group} committed entry {index} (term {term}, committed by {node} at {at}s) is held by only {count} member(s) [{holders}] at the end',
    zh: '{stamp} {group} 已提交的条目 {index} (任期 {term}, 由 {node} 在 {at}s 提交) 在结束时只有 {count} 个成员 [{holders}] 持有',
  },
  'raft.leader-incomplete': {
    en: '{stamp} {node} leads {group} in term {term} without committed entry {index} (term {entryTerm}, committed by {committer}); its log ends at {end}',
    zh: '{stamp} {node} 在任期 {term} 成为 {group} 的 Leader, 却没有已提交的条目 {index} (任期 {entryTerm}, 由 {committer} 提交), 它的日志止于 {end}',
  },
  'raft.figure8': {
    en: '{stamp} {node} (leader in term {term}) committed {group} index {index} of earlier term {oldTerm} by counting replicas, with no entry of its own term at or below it (Raft Figure 8)',
    zh: '{stamp} {node} (任期 {term} 的 Leader) 靠数副本提交了 {group} 中更早任期 {oldTerm} 的索引 {index}, 而在它之下没有自己任期的条目 (Raft 图 8)',
  },
  'raft.commit-unsafe': {
    en: '{stamp} {node} committed {group} index {index} (term {entryTerm}, leader in term {term}) but {member}, lacking it (log end {end} term {endTerm}), could still be elected by [{voters}]',
    zh: '{stamp} {node} 提交了 {group} 索引 {index} (任期 {entryTerm}, 任期 {term} 的 Leader), 但缺少它的 {member} (日志止于 {end}, 任期 {endTerm}) 仍可能被 [{voters}] 选为 Leader',
  },
  'raft.loss-allowed': {
    en: 'allowed by page-cache acks (power loss, ackAfterFsync=false): {what}',
    zh: '因 page cache 确认而允许 (断电, ackAfterFsync=false): {what}',
  },
  // NameServer route convergence.
  'route.missing': {
    en: '{ns} does not list live {broker} {since} after the last heal',
    zh: '最后一次恢复 {since} 后, {ns} 仍没有列出存活的 {broker}',
  },
  'route.renamed': {
    en: '{ns} lists {broker} but that broker is now {now}',
    zh: '{ns} 列出 {broker}, 但这个 Broker 现在是 {now}',
  },
  'route.unknown': {
    en: '{ns} lists {broker}, a broker the cluster does not know',
    zh: '{ns} 列出 {broker}, 集群中没有这个 Broker',
  },
  'route.dead-silent': {
    en: '{ns} still lists {broker}, dead for {down} (silently dead: expiry should have removed it; allowed {allowed})',
    zh: '{ns} 仍列出已死 {down} 的 {broker} (静默死亡: 超时扫描本应移除它, 允许 {allowed})',
  },
  'route.dead-killed': {
    en: '{ns} still lists {broker}, dead for {down} (killed: its channel close should have removed it at once; allowed {allowed})',
    zh: '{ns} 仍列出已死 {down} 的 {broker} (被杀: 连接关闭时本应立即移除它, 允许 {allowed})',
  },
} as const satisfies Readonly<Record<string, Texts>>;

export type PhraseKey = keyof typeof PHRASES;

/** The `{name}` placeholders of a template, as a union of names. */
type Holes<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Holes<R> : never;

export type PhraseParam = string | number | Phrase;

/** A sentence to tell: a catalogue key and the values of its placeholders. JSON-safe. */
export interface Phrase {
  readonly key: PhraseKey;
  readonly params: Readonly<Record<string, PhraseParam>>;
}

/** A phrase whose parameters the compiler checks against the key's English template. */
export function phrase<K extends PhraseKey>(
  key: K,
  params: { readonly [P in Holes<(typeof PHRASES)[K]['en']>]: PhraseParam },
): Phrase {
  return { key, params };
}

/** The phrase told in `lang`; nested phrases are told in the same language. */
export function say(lang: Lang, p: Phrase): string {
  const text: string = PHRASES[p.key][lang];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = p.params[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? say(lang, v) : String(v);
  });
}

/** A violation (or anything carrying its English message and, from a checker, its phrase) in `lang`. */
export function violationText(lang: Lang, v: { readonly message: string; readonly phrase?: Phrase }): string {
  return lang === 'en' || v.phrase === undefined ? v.message : say(lang, v.phrase);
}
