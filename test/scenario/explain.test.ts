import { describe, expect, it } from 'vitest';
import { explainScenario, formatSpan, heartbeatTimeoutOf, storyOf } from '../../sim/scenario/explain.js';
import { zhExplainLineOrUndefined } from '../../sim/i18n/zh-explain.js';
import { load } from './scenario-files.js';

describe('explain', () => {
  it('tells the deployment, the workload, each fault with its targets in words, the mix, and what must hold', () => {
    const text = explainScenario(load('scenarios/production-ha.yaml')).join('\n');
    expect(text).toContain('3 NameServers (ns-1..ns-3)');
    expect(text).toContain('broker-a: a DLedger (Raft) group of 3 brokers (broker-a-0..2) that elects its master');
    expect(text).toContain(
      'order-system: 2 instances sending sync 1024-byte messages to topic_order_info, 20 msg/s each',
    );
    // The consume pool: the group names no threads, so it runs ClientConfig.consumeThreadMax (20).
    expect(text).toContain(
      'warehouse-system: 2 instances consuming topic_order_info (CLUSTERING), 1ms per message on 20 consume threads each',
    );
    expect(
      zhExplainLineOrUndefined('  - g: 1 instance consuming t (CLUSTERING), 5ms per message on 4 consume threads each'),
    ).toBe('  - g: 1 个实例消费 t (CLUSTERING), 每条消息 5ms, 每个实例 4 个消费线程');
    const single = load('scenarios/production-ha.yaml');
    expect(explainScenario({ ...single, cluster: { ...single.cluster, namesrvs: 1 } }).join('\n')).toContain(
      '1 NameServer (ns-1), each',
    );
    expect(text).toContain('at 1m, kill ns-1 and ns-2');
    expect(text).toContain('at 2m, kill the current master of broker-a');
    expect(text).toContain('at 4m30s, restart every node that is down');
    expect(text).toContain(
      'order-system must get at least 97.0% of its sends answered SEND_OK and never go more than 10s without one while it sends',
    );
    const chaos = explainScenario(load('scenarios/raft-chaos.yaml')).join('\n');
    expect(chaos).toContain(
      'From 30s to 4m, every 1s a random fault may strike (at most 1 at a time, at least 10s apart)',
    );
    expect(chaos).toContain(
      '3.0% per tick: cut the network between the current Raft leader of broker-a and every broker of broker-a, both ways, for 5s-30s',
    );
  });

  it('tells what leader-changes with followFaults and convergence also demand, in English and Chinese', () => {
    const lines = explainScenario(load('scenarios/config-swarm.yaml'));
    const leader = lines.find((l) => l.startsWith('  - broker-a may elect a leader'));
    const converge = lines.find((l) => l.startsWith('  - within '));
    // clock-jump-candidacy.ts: a forward jump past maxHeartBeatLeak x heartBeatTimeIntervalMs (3 x 2 s).
    expect(leader).toBe(
      "  - broker-a may elect a leader at most 1 time(s), the first election included, not counting those an injected fault explains; a forward clock jump past a follower's heartbeat timeout (maxHeartBeatLeak x heartBeatTimeIntervalMs, 6s) must make it candidate within 1s",
    );
    // raft-liveness.ts (raft.straggler) and killed-broker-removal.ts (DEFAULT_ROUTE_CONVERGENCE.slackUs).
    expect(converge).toBe(
      "  - within 1m30s after the last fault (2m30s), the cluster must converge: one master per group, every live broker registered on every live NameServer, every live DLedger member following its leader again; and at any time a NameServer that saw a killed broker's channel close must drop it within 5s",
    );
    expect(zhExplainLineOrUndefined(leader ?? '')).toBe(
      '  - broker-a 最多选举 1 次 Leader (含第一次选举, 不计注入的故障能解释的选举); 时钟向前跳过心跳超时 (maxHeartBeatLeak x heartBeatTimeIntervalMs, 6s) 的 Follower 必须在 1s 内成为候选者',
    );
    expect(zhExplainLineOrUndefined(converge ?? '')).toBe(
      '  - 最后一个故障 (2m30s) 之后 1m30s 内, 集群必须收敛: 每组一个 Master, 每个存活的 Broker 都注册在每个存活的 NameServer 上, 每个存活的 DLedger 成员都重新跟随它的 Leader; 且任何时候, 看到被杀 Broker 连接关闭的 NameServer 必须在 5s 内移除它',
    );
    // Without followFaults the clock jump is not demanded.
    const plain = explainScenario(load('scenarios/dledger-follower-clock-jump.yaml')).find((l) =>
      l.includes('may elect a leader'),
    );
    expect(plain).not.toContain('clock jump');
  });

  it('tells at-least-once with its DLQ and retrying allowances in Chinese, not half in English', () => {
    const en =
      '  - every acknowledged message must be consumed successfully at least once by every consumer group (or moved to its DLQ after exhausting its retries) (or still waiting for a retry due too late to judge)';
    expect(zhExplainLineOrUndefined(en)).toBe(
      '  - 每条已确认的消息必须被 每个消费者组 至少成功消费一次 (或在重试耗尽后移入其死信队列 DLQ) (或仍在等待一次到期过晚、无法判定的重试)',
    );
    const swarm = explainScenario(load('scenarios/config-swarm.yaml')).find((l) => l.includes('at least once'));
    expect(zhExplainLineOrUndefined(swarm ?? '')).toBe(
      '  - 每条已确认的消息必须被 每个消费者组 至少成功消费一次 (或仍在等待一次到期过晚、无法判定的重试)',
    );
  });

  it("states the heartbeat timeout the scenario's Raft overrides give", () => {
    const c = load('scenarios/config-swarm.yaml').cluster;
    expect(heartbeatTimeoutOf(c)).toBe(6_000_000);
    expect(heartbeatTimeoutOf({ ...c, raftConfig: { maxHeartbeatLeak: 5 } })).toBe(10_000_000);
  });

  it('formats spans in compound units', () => {
    expect(formatSpan(210_000_000)).toBe('3m30s');
    expect(formatSpan(3_600_000_000 + 5 * 60_000_000)).toBe('1h5m');
    expect(formatSpan(250_000)).toBe('250ms');
  });

  it('reads the story a file opens with', () => {
    expect(storyOf('# title: x\n#\n# more\nname: x\n# not this')).toEqual(['title: x', '', 'more']);
    expect(storyOf('name: x')).toEqual([]);
  });
});
