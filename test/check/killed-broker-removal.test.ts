// Routes follow the faults: a NameServer that listed a broker and saw its channel close because its process was
// killed removes it at once (BrokerHousekeepingService.onChannelClose); namesrv.ignore-channel-close keeps it
// listed. A close settled by a restart, a new registration or the NameServer's own death is no violation, and a
// broker lost silently (no close) is left to the expiry.
import { describe, expect, it } from 'vitest';
import { KilledBrokerRemoval } from '../../sim/check/killed-broker-removal.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';
import { nodeId } from '../../sim/engine/node.js';

const S = 1_000_000;
type Registered = Extract<ClusterEvent, { kind: 'ns.broker-registered' }>;
const registered = (ns: string): Registered => ({
  kind: 'ns.broker-registered',
  ns,
  brokerName: 'broker-a',
  brokerId: 0,
  addr: 'broker-a-0',
  first: true,
  movedFromIds: [],
  overwrote: '',
  topicsUpdated: true,
});
const removed = (ns: string): ClusterEvent => ({
  kind: 'ns.broker-removed',
  ns,
  brokerName: 'broker-a',
  brokerId: 0,
  addr: 'broker-a-0',
  reason: 'channel-closed',
  silentUs: 0,
});

/** broker-a-0 registered with ns-1 and ns-2, killed at 20 s; both NameServers see its channel close. */
function killed(): KilledBrokerRemoval {
  const k = new KilledBrokerRemoval(['ns-1', 'ns-2'], 5 * S);
  k.onEvent(1 * S, registered('ns-1'));
  k.onEvent(1 * S, registered('ns-2'));
  k.onKernel(20 * S, { kind: 'lifecycle', node: 'broker-a-0', what: 'crash' });
  k.onKernel(20 * S + 100, { kind: 'channel-closed', node: nodeId('ns-1'), peer: nodeId('broker-a-0') });
  k.onKernel(20 * S + 200, { kind: 'channel-closed', node: nodeId('ns-2'), peer: nodeId('broker-a-0') });
  return k;
}

describe('a killed broker leaves the NameServers that saw its channel close at once', () => {
  it('removed at once holds; still listed past the slack is a violation', () => {
    const ok = killed();
    ok.onEvent(20 * S + 100, removed('ns-1'));
    ok.onEvent(20 * S + 200, removed('ns-2'));
    expect(ok.finish(60 * S)?.ok).toBe(true);
    const stale = killed();
    stale.onEvent(20 * S + 100, removed('ns-1'));
    const r = stale.finish(60 * S);
    expect(r?.ok).toBe(false);
    expect(r?.violations.map((v) => v.nodes)).toEqual([['ns-2', 'broker-a-0']]);
  });

  it('a restart, a new registration or the NameServer going down answers the close; no close, nothing to judge', () => {
    const back = killed();
    back.onKernel(22 * S, { kind: 'lifecycle', node: 'broker-a-0', what: 'restart' });
    expect(back.finish(60 * S)?.ok).toBe(true);
    const gone = killed();
    gone.onKernel(21 * S, { kind: 'lifecycle', node: 'ns-1', what: 'crash' });
    gone.onEvent(23 * S, registered('ns-2'));
    expect(gone.finish(60 * S)?.ok).toBe(true);
    const silent = new KilledBrokerRemoval(['ns-1'], 5 * S);
    silent.onEvent(1 * S, registered('ns-1'));
    silent.onKernel(20 * S, { kind: 'lifecycle', node: 'broker-a-0', what: 'power-loss' });
    expect(silent.finish(60 * S)).toBeUndefined();
  });

  it('a broker whose slot another address took (last writer wins) is no longer listed: its close removes nothing', () => {
    // broker-a-1, the new DLedger leader, registers as id 0 over broker-a-0 before broker-a-0 is killed.
    const taken = (ns: string): Registered => ({
      ...registered(ns),
      addr: 'broker-a-1',
      first: false,
      overwrote: 'broker-a-0',
    });
    const k = new KilledBrokerRemoval(['ns-1'], 5 * S);
    k.onEvent(1 * S, registered('ns-1'));
    k.onEvent(10 * S, taken('ns-1'));
    k.onKernel(20 * S, { kind: 'lifecycle', node: 'broker-a-0', what: 'crash' });
    k.onKernel(20 * S + 100, { kind: 'channel-closed', node: nodeId('ns-1'), peer: nodeId('broker-a-0') });
    expect(k.finish(60 * S)).toBeUndefined();
    // Taken after the close: the slot went to the new leader, which answers the close.
    const late = killed();
    late.onEvent(21 * S, taken('ns-1'));
    late.onEvent(21 * S, taken('ns-2'));
    expect(late.finish(60 * S)?.ok).toBe(true);
  });
});
