// The fixed words of rmqsim's human output (CLI, report.md, report.html, the
// replay viewer) in both languages. A typed catalogue: every key must carry
// `en` and `zh` or `npm run typecheck` fails, and test/i18n/catalogue.test.ts
// also fails on an empty text and names the key. `{name}` placeholders are
// filled by t(); both languages of a key use the same placeholders.
import type { Lang } from './lang.js';

export interface Texts {
  readonly en: string;
  readonly zh: string;
}

export const MESSAGES = {
  'verdict.pass': { en: 'PASS', zh: '通过' },
  'verdict.fail': { en: 'FAIL', zh: '失败' },
  'verdict.allHold': { en: 'PASS: all {n} expectations hold', zh: '通过: 全部 {n} 个预期成立' },
  'verdict.broken': { en: 'FAIL: {failed} of {n} expectations broken', zh: '失败: {n} 个预期中有 {failed} 个不成立' },
  'verdict.brokenShort': { en: 'FAIL: {failed} expectation(s) broken', zh: '失败: {failed} 个预期不成立' },
  'verdict.expectedBreak': { en: '(expected to break)', zh: '(预期会被打破)' },
  'verdict.note': { en: 'note', zh: '说明' },
  'verdict.figures': {
    en: 'simulated {simulated} in {wall}s, {events} events, trace {trace}',
    zh: '模拟 {simulated}, 用时 {wall}s, {events} 个事件, 轨迹哈希 {trace}',
  },
  'run.reportAt': { en: 'report:', zh: '报告:' },
  'run.reportAlso': { en: '(also report.md, report.json, junit.xml)', zh: '(另有 report.md, report.json, junit.xml)' },
  'run.replay': { en: 'replay:', zh: '重放:' },
  'timeline.title': { en: 'Timeline', zh: '时间线' },
  'timeline.normal': { en: '(faults and decisions; --verbose for all)', zh: '(故障和决策; --verbose 显示全部)' },
  'timeline.verbose': { en: '(everything recorded)', zh: '(全部记录)' },
  'timeline.fault': { en: 'fault', zh: '故障' },
  'expectations.title': { en: 'Expectations', zh: '预期' },
  'expectations.none': { en: '(none: the scenario states no expectation)', zh: '(无: 场景没有声明预期)' },
  'report.expectation': { en: 'expectation', zh: '预期' },
  'report.detail': { en: 'detail and evidence', zh: '细节与证据' },
  'report.faults': { en: 'Faults', zh: '故障' },
  'report.noFaults': { en: 'No faults were injected.', zh: '没有注入故障。' },
  'report.whatHappened': { en: 'What the cluster did', zh: '集群做了什么' },
  'report.figures': { en: 'Figures', zh: '数据' },
  'report.reproduce': { en: 'Reproduce', zh: '复现' },
  'report.viewer': { en: 'Watch the run step by step in the replay viewer', zh: '在回放查看器中一步步观看这次运行' },
  'report.time': { en: 'time', zh: '时间' },
  'report.node': { en: 'node', zh: '节点' },
  'report.what': { en: 'what happened', zh: '发生了什么' },
  'report.story': { en: 'The story', zh: '场景故事' },
  'sends.title': { en: 'Sends', zh: '发送' },
  'sends.rates': { en: 'offered {offered}/s, stored {achieved}/s', zh: '提供 {offered}/秒, 存储 {achieved}/秒' },
  'sends.pending': { en: '{n} still unanswered when the run ended', zh: '运行结束时仍有 {n} 个未得到应答' },
  'consumption.behind': {
    en: '{n} behind at the end (mqadmin Diff Total)',
    zh: '运行结束时积压 {n} 条（mqadmin Diff Total）',
  },
  'consumption.load': {
    en: 'peak backlog {peak} at {at}, max consume lag {lag} (store to consume)',
    zh: '积压峰值 {peak} 条 (在 {at}), 最大消费延迟 {lag} (从存储到消费)',
  },
  'consumption.noLag': { en: 'none consumed', zh: '没有消费' },
  'sends.latency': { en: 'latency of stored sends', zh: '已存储发送的延迟' },
  'sends.group': { en: 'producer group', zh: '生产者组' },
  'sends.offered': { en: 'offered/s', zh: '提供/秒' },
  'sends.achieved': { en: 'achieved (stored/s)', zh: '实际 (存储/秒)' },
  'sends.pendingColumn': { en: 'unanswered', zh: '未应答' },
  'sends.achievedMeaning': {
    en: "achieved: acknowledged sends per second from the group's start to its stop, or to its last acknowledgement when that came later (a client that cannot keep up acks after its window)",
    zh: '实际: 从该组开始发送到停止发送 (若最后一次应答更晚, 则到最后一次应答) 每秒得到确认的发送数 (跟不上的客户端会在窗口之后才得到应答)',
  },
  'sends.lateAcks': {
    en: 'acks went on {late} after sending stopped at {stop}',
    zh: '在 {stop} 停止发送后, 应答又持续了 {late}',
  },
  'warning.title': { en: 'warning', zh: '警告' },
  'warning.syncMasterWithoutSlave': {
    en: 'group {group} is a SYNC_MASTER with no slave (replicas {replicas}): every send is stored on the master only and answered SLAVE_NOT_AVAILABLE, not SEND_OK; add replicas: 2 or use ASYNC_MASTER',
    zh: '组 {group} 是没有 Slave 的 SYNC_MASTER (replicas {replicas}): 每次发送只存储在 Master 上, 应答为 SLAVE_NOT_AVAILABLE 而不是 SEND_OK; 请加上 replicas: 2 或改用 ASYNC_MASTER',
  },
  'report.faultSource': { en: 'how', zh: '方式' },
  'report.faultScripted': { en: 'scripted', zh: '脚本' },
  'report.faultRandom': { en: 'random', zh: '随机' },
  'verdict.moreIn': { en: '... {more} more of {total} in {file}', zh: '... 共 {total} 条, 其余 {more} 条在 {file}' },
  'verdict.moreUnwritten': {
    en: '... {more} more of {total} (no report written: run without --no-report to keep them all in report.json)',
    zh: '... 共 {total} 条, 其余 {more} 条未写出 (未写报告: 去掉 --no-report 可在 report.json 中保存全部)',
  },
  'explain.story': { en: 'The story, as the file tells it:', zh: '场景文件讲述的故事:' },
  'viewer.title': { en: 'Replay viewer', zh: '回放查看器' },
  'viewer.play': { en: 'Play', zh: '播放' },
  'viewer.pause': { en: 'Pause', zh: '暂停' },
  'viewer.prev': { en: 'Previous decision', zh: '上一个决策' },
  'viewer.next': { en: 'Next decision', zh: '下一个决策' },
  'viewer.speed': { en: 'speed', zh: '速度' },
  'viewer.keys': {
    en: 'Keys: space play/pause, n / p next / previous decision, left / right step 100 ms (shift: 1 s), + / - speed, l language',
    zh: '快捷键: 空格 播放/暂停, n / p 下一个 / 上一个决策, 左 / 右 移动 100 ms (shift: 1 s), + / - 速度, l 切换语言',
  },
  'viewer.decision': { en: 'Decision', zh: '决策' },
  'viewer.reason': { en: 'Why', zh: '原因' },
  'viewer.consequence': { en: 'What follows', zh: '接下来' },
  'viewer.noDecision': { en: 'No decision yet: the cluster is starting.', zh: '还没有决策: 集群正在启动。' },
  'viewer.nothingFollows': { en: 'Nothing more follows from it in this run.', zh: '这次运行中它之后没有更多后续。' },
  'viewer.cluster': { en: 'Cluster', zh: '集群' },
  'viewer.nameservers': { en: 'NameServers', zh: 'NameServer' },
  'viewer.brokers': { en: 'Broker groups', zh: 'Broker 组' },
  'viewer.clients': { en: 'Clients', zh: '客户端' },
  'viewer.lists': { en: 'lists', zh: '路由中的 Broker' },
  'viewer.owns': { en: 'owns', zh: '持有队列' },
  'viewer.traffic': { en: 'Messages in flight (per {ms} ms)', zh: '传输中的消息 (每 {ms} ms)' },
  'viewer.legend': {
    en: 'send/pull, heartbeat, vote, registration, replication, route query; faults in red',
    zh: '发送/拉取, 心跳, 投票, 注册, 复制, 路由查询; 故障为红色',
  },
  'viewer.sendRate': { en: 'Sends per second (acknowledged, failed, unknown)', zh: '每秒发送数 (成功, 失败, 未知)' },
  'viewer.latency': { en: 'Send latency p50 / p99 (ms)', zh: '发送延迟 p50 / p99 (ms)' },
  'viewer.mqadmin': { en: 'mqadmin at the cursor', zh: '光标时刻的 mqadmin' },
  'viewer.asOf': { en: 'as of the sample at {t} (sampled every {step})', zh: '取自 {t} 的采样 (每 {step} 采样一次)' },
  'viewer.report': { en: 'Back to the report', zh: '返回报告' },
  'viewer.role.master': { en: 'master', zh: 'Master' },
  'viewer.role.slave': { en: 'slave', zh: 'Slave' },
  'viewer.role.candidate': { en: 'candidate', zh: 'Candidate' },
  'viewer.state.down': { en: 'down', zh: '宕机' },
  'viewer.state.up': { en: 'up', zh: '运行中' },
  'viewer.state.paused': { en: 'paused', zh: '暂停' },
  'viewer.state.cut': { en: 'partitioned', zh: '网络分区' },
  'lifecycle.start': { en: 'starts', zh: '启动' },
  'lifecycle.crash': {
    en: 'crashes (process killed; peers see the connection close)',
    zh: '崩溃 (进程被杀; 对端看到连接断开)',
  },
  'lifecycle.restart': { en: 'restarts and recovers from its disk', zh: '重启并从磁盘恢复' },
  'lifecycle.pause': { en: 'pauses (nothing runs; peers see silence)', zh: '暂停 (什么都不运行; 对端收不到任何消息)' },
  'lifecycle.resume': { en: 'resumes; its late timers fire now', zh: '恢复运行; 推迟的定时器现在触发' },
  'lifecycle.power-loss': {
    en: 'loses power (no RST; unsynced writes are gone)',
    zh: '断电 (没有 RST; 未刷盘的写入丢失)',
  },
  'lifecycle.power-on': { en: 'is powered on', zh: '上电' },
} as const satisfies Readonly<Record<string, Texts>>;

export type MessageKey = keyof typeof MESSAGES;

/** The text of `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const text: string = MESSAGES[key][lang];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}
