// A tiny stand-in for the cluster builder, so the run pipeline, reports and
// CLI can be tested end to end on the kernel without the real components:
// brokers announce a role at start, producers record a send every 100 ms
// that succeeds while some broker of the topic's groups is up, and the
// availability checker measures the acknowledged ratio. Test code only.
import { ms, nodeId, type NodeId } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/history.js';
import type { Checker, CheckResult } from '../../sim/check/checker.js';
import { phrase } from '../../sim/i18n/index.js';
import type { ClusterView, NodeKind } from '../../sim/cluster/spec.js';
import type { ClusterContext, ClusterNode } from '../../sim/protocol/index.js';
import type { BuildCluster, ClusterHandle } from '../../sim/scenario/cluster-seam.js';
import { nodeNames } from '../../sim/cluster/names.js';
import type { ExpectationSpec, Scenario } from '../../sim/scenario/types.js';
import { parseScenario } from '../../sim/scenario/load.js';

class Idle implements ClusterNode {
  onStart(_ctx: ClusterContext): void {}
  onMessage(): void {}
  onReply(): void {}
  onTimer(_ctx: ClusterContext, _name: string): void {}
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

class FakeBroker extends Idle {
  constructor(
    private readonly group: string,
    private readonly id: number,
  ) {
    super();
  }
  override onStart(ctx: ClusterContext): void {
    ctx.emit({
      kind: 'broker.role',
      broker: ctx.id,
      brokerName: this.group,
      brokerId: this.id,
      role: this.id === 0 ? 'ASYNC_MASTER' : 'SLAVE',
      reason: 'started',
    });
  }
}

class FakeProducer extends Idle {
  private seq = 0;
  constructor(
    private readonly group: string,
    private readonly topic: string,
    private readonly history: History,
    private readonly anyBrokerUp: () => string | undefined,
  ) {
    super();
  }
  override onStart(ctx: ClusterContext): void {
    ctx.setTimer('send-next', ms(100));
  }
  override onTimer(ctx: ClusterContext): void {
    const now = ctx.now();
    const row = this.history.sendStarted({ uid: this.seq++, group: this.group, topic: this.topic, key: 0, atUs: now });
    const broker = this.anyBrokerUp();
    this.history.sendDone(
      row,
      broker === undefined
        ? { outcome: SendOutcome.FAILED, atUs: now + ms(3), attempts: 3, brokerName: '', queueId: 0, queueOffset: -1 }
        : {
            outcome: SendOutcome.SEND_OK,
            atUs: now + ms(1) + (this.seq % 7) * 100,
            attempts: 1,
            brokerName: broker,
            queueId: 0,
            queueOffset: this.seq,
          },
    );
    ctx.setTimer('send-next', ms(100) + ctx.rng.int(0, 1000)); // a little jitter from the node's stream, so seeds differ
  }
}

function availability(history: History, e: Extract<ExpectationSpec, { check: 'availability' }>): Checker {
  return {
    name: 'availability',
    finish(): CheckResult {
      const c = history.sends.col;
      const g = history.names.peek(e.producers);
      let acked = 0;
      let total = 0;
      for (let i = 0; i < history.sends.length; i++) {
        if (c.group.get(i) !== g) continue;
        total++;
        if (c.outcome.get(i) === SendOutcome.SEND_OK) acked++;
      }
      const ratio = total === 0 ? 1 : acked / total;
      const ok = ratio >= e.minRatio;
      return {
        name: 'availability',
        ok,
        detail: `ratio ${ratio.toFixed(3)} ${ok ? '>=' : '<'} ${e.minRatio}`,
        violations: ok
          ? []
          : [
              {
                atUs: 0,
                message: `only ${acked} of ${total} sends acknowledged`,
                nodes: [e.producers],
                phrase: phrase('avail.ratio', {
                  ratio: ratio.toFixed(3),
                  min: e.minRatio,
                  failed: total - acked,
                  finished: total,
                  accepted: 'SEND_OK',
                }),
              },
            ],
        figures: { ratio },
      };
    },
  };
}

export const fakeBuild: BuildCluster = (sim, cluster, workload): ClusterHandle => {
  const names = nodeNames(cluster, workload);
  const history = new History();
  for (const n of names.namesrv) sim.addNode(n, () => new Idle());
  for (const g of cluster.groups)
    for (let i = 0; i < g.replicas; i++) sim.addNode(`${g.name}-${i}`, () => new FakeBroker(g.name, i));
  const brokersOf = (group: string): NodeId[] => names.broker.filter((b) => b.startsWith(`${group}-`)).map(nodeId);
  const upBroker = (): string | undefined =>
    cluster.groups.find((g) => brokersOf(g.name).some((b) => sim.isUp(b)))?.name;
  for (const p of workload.producers)
    for (let i = 1; i <= p.instances; i++)
      sim.addNode(`${p.group}-${i}`, () => new FakeProducer(p.group, p.topic, history, upBroker));
  for (const c of workload.consumers)
    for (let i = 1; i <= c.instances; i++) sim.addNode(`${c.group}-${i}`, () => new Idle());
  const up = (n: NodeId): boolean => sim.isUp(n);
  const view: ClusterView = {
    nodesOf: (k: NodeKind) => names[k].map(nodeId),
    groups: () => cluster.groups.map((g) => g.name),
    brokersOf,
    masterOf: (g) => brokersOf(g).find(up),
    leaderOf: (g) => brokersOf(g).find(up),
    slavesOf: (g) => brokersOf(g).filter(up).slice(1),
    clientsOf: (g) => [...names.producer, ...names.consumer].filter((n) => n.startsWith(`${g}-`)).map(nodeId),
    isUp: up,
  };
  return {
    view,
    history,
    stats: () => ({ fakeBrokers: names.broker.length }),
    checkers: (expectations) =>
      expectations.map((e): Checker =>
        e.check === 'availability'
          ? availability(history, e)
          : {
              name: e.check,
              finish: () => ({ name: e.check, ok: true, detail: 'fake checker: nothing to check', violations: [] }),
            },
      ),
  };
};

export const FAKE_SCENARIO = `# a tiny story for tests
name: fake-story
description: Two groups; the master of broker-a dies and comes back.
seed: 5
duration: 20s
cluster:
  namesrvs: 2
  groups:
    - { name: broker-a, replicas: 2 }
    - { name: broker-b, replicas: 1 }
  topics:
    - { name: T }
workload:
  producers:
    - { group: p, instances: 1 }
faults:
  - { at: 5s, do: crash, target: master-of:broker-a, for: 5s }
  - { at: 12s, do: crash, target: [broker-a-0, broker-a-1, broker-b-0], for: 3s }
expectations:
  - { check: availability, producers: p, minRatio: 0.5 }
  - no-acked-loss
`;

export function fakeScenario(text = FAKE_SCENARIO): Scenario {
  const r = parseScenario(text, 'fake-story.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}
