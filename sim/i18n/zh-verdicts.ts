// Chinese for expectation verdicts: the checkers' details ("success ratio
// 0.9832, worst 10s window 0.5000") and notes. Each rule matches one sentence
// a checker writes (sim/check, sim/scenario/run.ts); a combined verdict
// ("a: x; b: y") is told part by part. An unknown sentence stays English.
// The violation a detail quotes ("2 violation(s); first: ...") is not matched
// here: it is told from its phrase (sim/i18n/violations.ts), given the
// verdict's violations.
import type { Lang } from './lang.js';
import { say, type Phrase } from './violations.js';

type Rule = readonly [RegExp, (...groups: string[]) => string];

const never = (s: string): string => (s === 'never' ? '从未发生' : s);

/** at-least-once: what became of the judged messages (grace-tail.ts). */
const JUDGED_OUTCOME = '(all consumed successfully|(\\d+) consumed successfully, (\\d+) allowed not to be \\(notes\\))';
const judgedOutcome = (all: string, consumed: string, allowed: string): string =>
  all === 'all consumed successfully'
    ? '全部消费成功'
    : `${consumed} 条消费成功, ${allowed} 条按配置允许未消费 (见备注)`;

const RULES: readonly Rule[] = [
  [/^expected this invariant to break, but it held: (.*)$/s, (d) => `预期这个不变量会被打破, 但它成立: ${zhDetail(d)}`],
  [/^broken, as the story expects: (.*)$/s, (d) => `如故事预期, 被打破了: ${zhDetail(d)}`],
  [/^(\d+) violation\(s\); first: (.*)$/s, (n, first) => `${n} 处违规; 第一处: ${first}`],
  [
    /^not checked: the run ended at (\S+), before the convergence deadline (\S+)$/,
    (a, b) => `未检查: 运行在 ${a} 结束, 早于收敛期限 ${b}`,
  ],
  [/^success ratio ([\d.]+), worst (\S+) window ([\d.]+)$/, (r, w, m) => `发送成功率 ${r}, 最差的 ${w} 窗口 ${m}`],
  [
    /^success ratio ([\d.]+) \(([A-Z_]+(?: or [A-Z_]+)*)\), worst (\S+) window ([\d.]+)$/,
    (r, ok, w, m) => `发送成功率 ${r} (计为成功: ${ok.replace(/ or /g, ' 或 ')}), 最差的 ${w} 窗口 ${m}`,
  ],
  [
    /^success ratio ([\d.]+) \(([A-Z_]+(?: or [A-Z_]+)*)\) over the (\d+) of (\d+) finished send\(s\) the faults did not excuse, worst (\S+) window ([\d.]+)$/,
    (r, ok, n, m, w, min) =>
      `在故障未豁免的 ${n} 个发送中 (共 ${m} 个已结束), 发送成功率 ${r} (计为成功: ${ok.replace(/ or /g, ' 或 ')}), 最差的 ${w} 窗口 ${min}`,
  ],
  [/^not judged: (.*)$/s, (why) => `未判定 (视为失败): ${zhDetail(why)}`],
  [/^(\d+) SEND_OK\(s\) judged when given, every promise kept$/, (n) => `${n} 个 SEND_OK 在应答时判定, 每个承诺都成立`],
  [
    /^(\d+) SEND_OK\(s\) not judged: the storing broker was gone or had not indexed the message when the reply arrived$/,
    (n) => `${n} 个 SEND_OK 未判定: 应答到达时存储它的 Broker 已不在或尚未建立索引`,
  ],
  [
    /^(\d+) SYNC_MASTER SEND_OK\(s\) acked by a slave that holds them only past the point where its reput stopped: .*$/s,
    (n) =>
      `${n} 个 SYNC_MASTER 的 SEND_OK 由一个只在其 reput 停止点之后持有它们的 Slave 确认: 一次 Master 断电让 Slave 领先后, HA 从 Master 某条消息的中间续传 (HAClient 只检查位点), Slave 的 ReputMessageService 在不是消息的字节处永远停止; 这是 RocketMQ 真实存在的漏洞, Slave 无法兑现这些承诺 (此后的丢失由 no-acked-loss 记录)`,
  ],
  [
    /^every acknowledged message consumed (?:successfully )?by (.+); no phantom$/,
    (g) => `每条已确认的消息都被 ${g} 成功消费; 没有凭空出现的消息`,
  ],
  [
    new RegExp(
      `^(\\d+) of (\\d+) acknowledged message\\(s\\) judged, ${JUDGED_OUTCOME}(?:, (\\d+) acked in the last (\\S+) not judged \\(grace\\))?$`,
    ),
    (n, m, all, consumed, allowed, k, grace) =>
      `${m} 条已确认的消息中判定了 ${n} 条, ${judgedOutcome(all, consumed, allowed)}${k === '' ? '' : `, 最后 ${grace} 内确认的 ${k} 条尚未消费, 未判定 (宽限期)`}`,
  ],
  [
    new RegExp(
      `^only (\\d+) of (\\d+) acknowledged message\\(s\\) judged \\(${JUDGED_OUTCOME}\\), (\\d+) acked in the last (\\S+) not consumed by the end \\(grace\\): (?:(most of them)|the oldest acked (\\S+) before the end, the group lags more than half the grace)$`,
    ),
    (n, m, all, consumed, allowed, k, grace, most, lag) =>
      `${m} 条已确认的消息中只判定了 ${n} 条 (${judgedOutcome(all, consumed, allowed)}), 最后 ${grace} 内确认的 ${k} 条到结束时尚未消费 (宽限期): ${most === '' ? `其中最早的一条在结束前 ${lag} 确认, 消费组落后超过宽限期的一半` : '占了大多数'}`,
  ],
  [/^no phantom$/, () => '没有凭空出现的消息'],
  [
    /^(\S+): (\d+) duplicate\(s\) <= (\d+) \(retry (\d+), other instance (\d+), offset rollback (\d+)\)$/,
    (g, n, max, r, o, b) => `${g}: ${n} 次重复投递 <= ${max} (重试 ${r}, 另一实例 ${o}, 消费位点回退 ${b})`,
  ],
  [
    /^(\S+): (\d+) election\(s\) <= (\d+) \(leader@term: (.+)\)$/,
    (g, n, max, l) => `${g}: ${n} 次选举 <= ${max} (Leader@任期: ${l})`,
  ],
  [
    /^(\S+): (\d+) elections > (\d+) \(leader@term: (.+)\)$/,
    (g, n, max, l) => `${g}: ${n} 次选举 > ${max} (Leader@任期: ${l})`,
  ],
  [/^(\S+) never elected a leader$/, (g) => `${g} 从未选出 Leader`],
  [
    /^(\S+): (\d+) acked message\(s\) exhausted their retries and went to (\S+?)( \(allowed\))?$/,
    (g, n, dlq, allowed) =>
      `${g}: ${n} 条已确认的消息用完重试次数, 进入死信队列 ${dlq}${allowed === '' ? '' : ' (允许)'}`,
  ],
  [
    /^(\d+) acked, (\d+) gone, all allowed by the configuration$/,
    (a, g) => `${a} 条已确认, ${g} 条丢失, 都在配置允许的范围内`,
  ],
  [
    /^(\d+) orderly consumption\(s\) in (\d+) queue\(s\), first deliveries in offset order$/,
    (n, q) => `${q} 个队列中 ${n} 次顺序消费, 首次投递按偏移量顺序`,
  ],
  [
    /^every live NameServer listed exactly the live brokers within (\S+) of (the last heal|the start)$/,
    (d, from) =>
      `${from === 'the start' ? '启动后' : '最后一次恢复后'} ${d} 内, 每个存活的 NameServer 恰好列出存活的 Broker`,
  ],
  [
    /^(\d+) close\(s\) of a killed broker's channel, each answered by its NameServer within (\S+)$/,
    (n, d) => `被杀死的 Broker 的连接关闭 ${n} 次, 每次都在 ${d} 内被其 NameServer 处理 (移除该 Broker)`,
  ],
  [
    /^leader agreed ([\d.]+)s after (the last heal|the start) \(bound (\S+)\)$/,
    (s, from, b) => `${from === 'the start' ? '启动后' : '恢复后'} ${s}s 内就 Leader 达成一致 (上限 ${b})`,
  ],
  [/^(\d+) term\(s\) with a leader, one leader each$/, (n) => `${n} 个有 Leader 的任期, 每个任期一个 Leader`],
  [/^(\d+) vote\(s\) granted, none forgotten or doubled$/, (n) => `投出 ${n} 票, 没有遗忘也没有重复投票`],
  [/^(\d+) comparison round\(s\) of every pair of logs, all matching$/, (n) => `对每两份日志比较了 ${n} 轮, 全部一致`],
  [
    /^(\d+) election\(s\), every new leader held every committed entry$/,
    (n) => `${n} 次选举, 每个新 Leader 都持有全部已提交的条目`,
  ],
  [
    /^(\d+) leader commit\(s\), each safe from any future election$/,
    (n) => `${n} 次 Leader 提交, 每次都不会被将来的选举推翻`,
  ],
  [/^(\d+) committed entries, none changed or lost$/, (n) => `${n} 条已提交的条目, 没有被改变或丢失`],
  [
    /^(\d+) loss\(es\) allowed by the configuration \(max (\d+) ms of acked appends before the power loss\)$/,
    (n, ms) => `配置允许的丢失 ${n} 条 (断电前最多 ${ms} ms 的已确认追加)`,
  ],
  [
    /^(\S+) \((\S+) at (\S+)\): NameServer removal (\S+), last producer route update (\S+), first OK send to (\S+) (\S+); group write outage (\S+)$/,
    (fault, group, at, removal, route, to, ok, outage) =>
      `${fault} (${group}, ${at}): NameServer 移除 ${never(removal)}, 生产者最后一次路由更新 ${never(route)}, 第一次成功发往 ${to} ${never(ok)}; 该组写入中断 ${outage}`,
  ],
  [
    /^(.+): (\d+) duplicate\(s\): retry (\d+), other instance (\d+), offset rollback (\d+)$/,
    (g, n, r, o, b) => `${g}: ${n} 次重复投递: 重试 ${r}, 另一实例 ${o}, 消费位点回退 ${b}`,
  ],
];

function zhSentence(s: string): string | undefined {
  for (const [pattern, say] of RULES) {
    const m = pattern.exec(s);
    if (m !== null) return say(...(m.slice(1) as (string | undefined)[]).map((g) => g ?? ''));
  }
  return undefined;
}

/** A verdict's detail or note in Chinese, or undefined when some part of it is unknown. */
export function zhDetailOrUndefined(detail: string): string | undefined {
  const whole = zhSentence(detail);
  if (whole !== undefined) return whole;
  // "raft-election-safety: 3 term(s) ...; raft-vote-durability: ..." (cluster-checks combine()).
  const parts = detail.split(/; (?!first: )/);
  if (parts.length === 1) {
    const named = /^([\w.-]+): (.*)$/s.exec(detail);
    const inner = named === null ? undefined : zhSentence(named[2] ?? '');
    return named === null || inner === undefined ? undefined : `${named[1] ?? ''}: ${inner}`;
  }
  const told = parts.map(zhDetailOrUndefined);
  return told.every((p) => p !== undefined) ? told.join('; ') : undefined;
}

/** A verdict's note in `lang`: told from its phrase when a checker wrote it from one, else by the rules above. */
export function noteText(lang: Lang, note: string, phrases: readonly Phrase[] = []): string {
  if (lang === 'en') return note;
  const p = phrases.find((x) => say('en', x) === note);
  return p === undefined ? zhDetail(note) : say(lang, p);
}

/** A verdict's detail or note in Chinese; an unknown sentence stays English. */
export function zhDetail(
  detail: string,
  violations: readonly { readonly message: string; readonly phrase?: Phrase }[] = [],
): string {
  // The quoted violations first, from their phrases (the Chinese sentences hold no "; ", so the parts stay apart).
  let d = detail;
  for (const v of violations)
    if (v.phrase !== undefined && d.includes(v.message)) d = d.replace(v.message, say('zh', v.phrase));
  return zhDetailOrUndefined(d) ?? d;
}
