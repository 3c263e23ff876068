// `rmqsim inspect` against the trace: at several instants of a DLedger
// failover, the clusterList and topicRoute that the replayed run prints must
// list exactly the brokers the answering NameServer's registrations and
// removals in the trace leave in its table (§2.2-§2.4), and the trace hash of
// the inspected run must not depend on being inspected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTime, type Micros, type NodeId, type TraceSink } from '../../sim/engine/index.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';
import { formatClusterList, formatConsumerProgress, formatTopicRoute } from '../../sim/report/index.js';
import { renderViewer } from '../../sim/report/viewer-html.js';
import type { ViewerData } from '../../sim/report/viewer-data.js';
import { inspectScenario, loadScenario, runScenario, DEFAULT_REPLAY, type Scenario } from '../../sim/scenario/index.js';

interface NsChange {
  readonly atUs: Micros;
  readonly e: ClusterEvent;
}

/** Collects the NameServers' route-table events: the trace's account of each broker table. */
class NsEvents implements TraceSink<ClusterEvent> {
  readonly changes: NsChange[] = [];
  onEvent(atUs: Micros, _node: NodeId, e: ClusterEvent): void {
    if (
      e.kind === 'ns.broker-registered' ||
      e.kind === 'ns.broker-removed' ||
      e.kind === 'ns.group-removed' ||
      e.kind === 'ns.started'
    )
      this.changes.push({ atUs, e });
  }
}

/** ns's broker table at `atUs` as the trace tells it: "brokerName id addr" rows, sorted like RouteTable.entries(). */
function tableFromTrace(changes: readonly NsChange[], ns: string, atUs: Micros): string[] {
  const table = new Map<string, string>(); // "brokerName id" -> addr
  for (const { atUs: t, e } of changes) {
    if (t > atUs) break;
    if (e.kind === 'ns.started' && e.ns === ns) table.clear();
    if (e.kind === 'ns.broker-registered' && e.ns === ns) {
      for (const id of e.movedFromIds) table.delete(`${e.brokerName} ${id}`);
      table.set(`${e.brokerName} ${e.brokerId}`, e.addr);
    }
    if (e.kind === 'ns.broker-removed' && e.ns === ns && table.get(`${e.brokerName} ${e.brokerId}`) === e.addr)
      table.delete(`${e.brokerName} ${e.brokerId}`);
    if (e.kind === 'ns.group-removed' && e.ns === ns)
      for (const k of [...table.keys()]) if (k.startsWith(`${e.brokerName} `)) table.delete(k);
  }
  return [...table]
    .map(([k, addr]) => `${k} ${addr}`)
    .sort((a, b) => {
      const [na = '', ia = ''] = a.split(' ');
      const [nb = '', ib = ''] = b.split(' ');
      return na < nb ? -1 : na > nb ? 1 : Number(ia) - Number(ib);
    });
}

/** The (brokerName, BID, addr) columns of clusterList's rows. */
function clusterListRows(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/).slice(1, 4).join(' '));
}

function load(file: string): Scenario {
  const r = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

describe('rmqsim inspect: mqadmin at an instant, from the replayed run', () => {
  const s = load('scenarios/dledger-leader-crash.yaml');
  const trace = new NsEvents();
  const full = runScenario(s, { sinks: [trace] });
  // Before the crash; after it but before the election; after the new master registered; after the old leader's return.
  const instants = [50_000_000, 62_000_000, 80_000_000, 130_000_000];

  for (const at of instants) {
    it(`clusterList and topicRoute at ${formatTime(at)} match the NameServer's table in the trace`, () => {
      const a = inspectScenario(s, at);
      if (a === undefined) throw new Error('no admin view');
      const ns = a.now.namesrv;
      expect(ns).not.toBeNull();
      const expected = tableFromTrace(trace.changes, ns ?? '', at);
      expect(expected.length).toBeGreaterThan(0);
      expect(clusterListRows(formatClusterList(a))).toEqual(expected);
      const topic = s.cluster.topics[0]?.name ?? '';
      const route = JSON.parse(formatTopicRoute(a, topic).split('\n').slice(1).join('\n')) as {
        brokerDatas: { brokerName: string; brokerAddrs: Record<string, string> }[];
      };
      const routed = route.brokerDatas.flatMap((b) =>
        Object.entries(b.brokerAddrs).map(([id, addr]) => `${b.brokerName} ${id} ${addr}`),
      );
      expect(routed.sort()).toEqual([...expected].sort());
    });
  }

  it('shows the failover: before the crash the leader is id 0; during the election broker-a has no id 0; after it a follower is', () => {
    const master = (at: Micros): string | undefined => {
      const a = inspectScenario(s, at);
      return a?.now.clusterList.find((b) => b.brokerName === 'broker-a' && b.brokerId === 0)?.addr;
    };
    const crashed = full.faults[0]?.nodes[0];
    expect(master(50_000_000)).toBe(crashed);
    expect(master(62_000_000)).toBeUndefined();
    const promoted = master(80_000_000);
    expect(promoted).toBeDefined();
    expect(promoted).not.toBe(crashed);
  });

  it('samples for the viewer (mqadmin every 5 s, traffic counts) without moving the trace hash', () => {
    const sampled = runScenario(s, { replay: DEFAULT_REPLAY });
    expect(sampled.traceHash).toBe(full.traceHash);
    expect(sampled.replay?.admin.length).toBe(s.durationUs / 5_000_000 + 1);
    expect(sampled.replay?.traffic?.rows.length).toBeGreaterThan(100);
    // The viewer's exact route tables end as the trace's: the last one of each NameServer equals the rebuilt table.
    for (const ns of ['ns-1', 'ns-2', 'ns-3']) {
      const last = [...(sampled.replay?.routes ?? [])].reverse().find(([, n]) => n === ns);
      expect([...(last?.[2] ?? [])].sort()).toEqual([...tableFromTrace(trace.changes, ns, s.durationUs)].sort());
    }
    // viewer.html carries the decisions in both languages and, per sample, the very text inspect prints.
    const html = renderViewer(sampled, 'zh');
    const json = /<script type="application\/json" id="viewer-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as ViewerData;
    expect(data.decisions.length).toBeGreaterThan(10);
    expect(data.decisions.every((d) => d.en !== '' && d.zh !== '' && d.en !== d.zh)).toBe(true);
    const view = data.admin.views.find((v) => v.name === 'clusterList');
    const sample = 13; // 65 s: after the crash at 60 s
    const change = [...(view?.changes ?? [])].reverse().find(([i]) => i <= sample);
    const unpacked = (data.admin.texts[change?.[1] ?? -1] ?? '').replace(/\uE000([\s\S])/g, (_m, c: string) =>
      ' '.repeat(c.charCodeAt(0) - 32),
    );
    const a = inspectScenario(s, sample * 5_000_000);
    expect(a).toBeDefined();
    if (a !== undefined) expect(unpacked).toBe(formatClusterList(a).split('\n').slice(1).join('\n'));
  });

  it("prints consumerProgress in mqadmin's columns, with a row per queue of the topic and its retry topic", () => {
    const a = inspectScenario(s, 50_000_000);
    if (a === undefined) throw new Error('no admin view');
    const group = s.workload.consumers[0]?.group ?? '';
    const lines = formatConsumerProgress(a, group).split('\n');
    expect(lines[1]).toMatch(
      /^#Topic\s+#Broker Name\s+#QID\s+#Broker Offset\s+#Consumer Offset\s+#Client IP\s+#Diff\s+#LastTime$/,
    );
    const queues = s.cluster.topics.reduce(
      (n, t) => n + t.queues * (t.groups.length === 0 ? s.cluster.groups.length : t.groups.length),
      0,
    );
    expect(lines.filter((l) => l.startsWith(s.cluster.topics[0]?.name ?? '?')).length).toBe(queues);
    expect(lines.some((l) => l.startsWith(`%RETRY%${group}`))).toBe(true);
  });
});
