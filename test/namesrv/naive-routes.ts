// A deliberately naive model of RouteInfoManager for differential testing:
// flat arrays, linear scans, everything recomputed. Written from
// docs/model.md §2.2-2.6 independently of sim/namesrv/route-table.ts.
import type { BrokerAddr, DataVersion, QueueData, TopicConfig, TopicRouteData } from '../../sim/protocol/index.js';
import type { BrokerEntry, RegisterInput } from '../../sim/namesrv/route-table.js';

interface Slot {
  name: string;
  id: number;
  addr: BrokerAddr;
}
interface Live {
  addr: BrokerAddr;
  last: number;
  dv: DataVersion;
  ha: BrokerAddr;
}
interface Q {
  topic: string;
  qd: QueueData;
}

export class NaiveRoutes {
  slots: Slot[] = [];
  groupCluster: { name: string; cluster: string }[] = [];
  clusters: { cluster: string; name: string }[] = [];
  live: Live[] = [];
  queues: Q[] = [];

  register(r: RegisterInput): { masterAddr: BrokerAddr | null; ha: BrokerAddr | null } {
    if (!this.clusters.some((c) => c.cluster === r.clusterName && c.name === r.brokerName))
      this.clusters.push({ cluster: r.clusterName, name: r.brokerName });
    let first = false;
    if (!this.groupCluster.some((g) => g.name === r.brokerName)) {
      first = true;
      this.groupCluster.push({ name: r.brokerName, cluster: r.clusterName });
    }
    this.slots = this.slots.filter((s) => !(s.name === r.brokerName && s.addr === r.brokerAddr && s.id !== r.brokerId));
    const old = this.slots.find((s) => s.name === r.brokerName && s.id === r.brokerId);
    if (old === undefined) first = true;
    this.slots = this.slots.filter((s) => !(s.name === r.brokerName && s.id === r.brokerId));
    this.slots.push({ name: r.brokerName, id: r.brokerId, addr: r.brokerAddr });
    const prev = this.live.find((l) => l.addr === r.brokerAddr);
    const changed =
      prev === undefined || prev.dv.timestamp !== r.dataVersion.timestamp || prev.dv.counter !== r.dataVersion.counter;
    if (r.brokerId === 0 && (changed || first)) for (const t of r.topics) this.putQueue(r.brokerName, t);
    this.live = this.live.filter((l) => l.addr !== r.brokerAddr);
    this.live.push({ addr: r.brokerAddr, last: r.nowUs, dv: r.dataVersion, ha: r.haServerAddr });
    if (r.brokerId === 0) return { masterAddr: null, ha: null };
    const master = this.slots.find((s) => s.name === r.brokerName && s.id === 0);
    const ml = master === undefined ? undefined : this.live.find((l) => l.addr === master.addr);
    return master !== undefined && ml !== undefined
      ? { masterAddr: master.addr, ha: ml.ha }
      : { masterAddr: null, ha: null };
  }

  private putQueue(name: string, t: TopicConfig): void {
    this.queues = this.queues.filter((q) => !(q.topic === t.topic && q.qd.brokerName === name));
    this.queues.push({
      topic: t.topic,
      qd: {
        brokerName: name,
        readQueueNums: t.readQueueNums,
        writeQueueNums: t.writeQueueNums,
        perm: t.perm,
        order: t.order,
      },
    });
  }

  unregister(cluster: string, addr: BrokerAddr, name: string, id: number): string[] {
    this.live = this.live.filter((l) => l.addr !== addr);
    const hadGroup = this.groupCluster.some((g) => g.name === name);
    const removed = this.slots.filter((s) => s.name === name && s.id === id).map((s) => `${s.name}/${s.id}/${s.addr}`);
    this.slots = this.slots.filter((s) => !(s.name === name && s.id === id));
    if (hadGroup && !this.slots.some((s) => s.name === name)) this.dropGroup(name, cluster);
    return removed;
  }

  destroy(addr: BrokerAddr): string[] {
    this.live = this.live.filter((l) => l.addr !== addr);
    const gone = this.slots.filter((s) => s.addr === addr);
    this.slots = this.slots.filter((s) => s.addr !== addr);
    for (const name of new Set(gone.map((s) => s.name)))
      if (!this.slots.some((s) => s.name === name)) this.dropGroup(name, undefined);
    return gone.map((s) => `${s.name}/${s.id}/${s.addr}`).sort();
  }

  scan(now: number, expiry: number): string[] {
    const dead = this.live
      .filter((l) => l.last + expiry < now)
      .map((l) => l.addr)
      .sort();
    return dead.flatMap((a) => this.destroy(a));
  }

  private dropGroup(name: string, cluster: string | undefined): void {
    this.groupCluster = this.groupCluster.filter((g) => g.name !== name);
    this.clusters = this.clusters.filter((c) => !(c.name === name && (cluster === undefined || c.cluster === cluster)));
    this.queues = this.queues.filter((q) => q.qd.brokerName !== name);
  }

  perm(name: string, op: 'wipe' | 'add'): number {
    let n = 0;
    this.queues = this.queues.map((q) => {
      if (q.qd.brokerName !== name) return q;
      n++;
      return { topic: q.topic, qd: { ...q.qd, perm: op === 'wipe' ? q.qd.perm & ~2 : q.qd.perm | 2 } };
    });
    return n;
  }

  route(topic: string): TopicRouteData | null {
    const qs = this.queues
      .filter((q) => q.topic === topic)
      .map((q) => q.qd)
      .sort((a, b) => (a.brokerName < b.brokerName ? -1 : 1));
    if (qs.length === 0) return null;
    const brokerDatas = qs.flatMap((qd) => {
      const g = this.groupCluster.find((x) => x.name === qd.brokerName);
      if (g === undefined) return [];
      const brokerAddrs = this.slots
        .filter((s) => s.name === qd.brokerName)
        .sort((a, b) => a.id - b.id)
        .map((s) => ({ brokerId: s.id, addr: s.addr }));
      return [{ cluster: g.cluster, brokerName: qd.brokerName, brokerAddrs }];
    });
    return brokerDatas.length === 0 ? null : { queueDatas: qs, brokerDatas };
  }

  entries(): BrokerEntry[] {
    return this.slots
      .map((s): BrokerEntry => ({ brokerName: s.name, brokerId: s.id, addr: s.addr }))
      .sort((a, b) =>
        a.brokerName !== b.brokerName ? (a.brokerName < b.brokerName ? -1 : 1) : a.brokerId - b.brokerId,
      );
  }

  clusterNames(cluster: string): string[] {
    return this.clusters
      .filter((c) => c.cluster === cluster)
      .map((c) => c.name)
      .sort();
  }
}
