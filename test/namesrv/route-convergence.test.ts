// The route-convergence checker on NamesrvNodes and stub brokers, including
// the proof that it catches the namesrv.ignore-channel-close bug switch.
import { describe, expect, it } from 'vitest';
import { sec, type Micros } from '../../sim/engine/index.js';
import { RouteConvergenceChecker, type DeadBroker } from '../../sim/check/route-convergence.js';
import { NAMESRV_BUG_SWITCHES } from '../../sim/namesrv/config.js';
import { NsRig } from './cluster-rig.js';
import type { StubBrokerOptions } from './stub-broker.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

const BROKERS: Record<string, Omit<StubBrokerOptions, 'namesrvs'>> = {
  a0: { brokerName: 'broker-a', brokerId: 0 },
  a1: { brokerName: 'broker-a', brokerId: 1 },
  b0: { brokerName: 'broker-b', brokerId: 0 },
};

/** What the cluster layer would do: track deaths and heals, and read live tables. */
class Wiring {
  readonly dead: DeadBroker[] = [];
  healUs: Micros = 0;

  constructor(readonly rig: NsRig) {}

  checker(): RouteConvergenceChecker {
    const { rig } = this;
    return new RouteConvergenceChecker({
      liveBrokers: () =>
        Object.keys(BROKERS)
          .filter((b) => rig.sim.isUp(nodeId(b)))
          .map((b) => {
            const s = rig.broker(b);
            return { addr: b, brokerName: s.options.brokerName, brokerId: s.brokerId };
          }),
      deadBrokers: () => this.dead.filter((d) => !rig.sim.isUp(nodeId(d.addr))),
      namesrvTables: () =>
        rig.namesrvs
          .filter((ns) => rig.sim.isUp(nodeId(ns)))
          .map((ns) => ({ ns, entries: rig.ns(ns).registeredBrokers() })),
      lastHealUs: () => this.healUs,
    });
  }

  kill(addr: string, atUs: Micros, silent: boolean): void {
    this.rig.sim.at(atUs, () => {
      if (silent) this.rig.sim.powerLoss(hostId(addr));
      else this.rig.sim.crash(nodeId(addr));
      this.dead.push({ addr, downSinceUs: atUs, silent });
      this.healUs = atUs;
    });
  }
}

function rig(seed: number, config = {}, periods: Partial<Record<string, Micros>> = {}): NsRig {
  const r = new NsRig(seed, ['ns1', 'ns2'], config);
  for (const [name, opts] of Object.entries(BROKERS)) {
    const periodUs = periods[name];
    r.addBroker(name, periodUs === undefined ? opts : { ...opts, periodUs });
  }
  return r;
}

describe('route-convergence checker', () => {
  it('passes after a NameServer restart, a killed slave and a silently dead master', () => {
    const r = rig(1);
    const w = new Wiring(r);
    const checker = w.checker();
    r.sim.at(sec(40), () => r.sim.restart(nodeId('ns1')));
    w.kill('a1', sec(50), false);
    w.kill('b0', sec(60), true);
    r.sim.runUntil(sec(60) + sec(35));
    checker.sample(r.sim.now); // b0 is still listed, but within its 130 s allowance
    r.sim.runUntil(sec(300));
    const result = checker.finish(r.sim.now);
    expect(result).toMatchObject({ ok: true, violations: [], figures: { samples: 2 } });
    expect(result.detail).toMatch(/within \S+ of the last heal$/);
    expect(r.listed('ns1')).toEqual(['broker-a/0/a0']);
  });

  it('counts from the start, not a heal, in a run with no fault', () => {
    const r = rig(1);
    const checker = new Wiring(r).checker();
    r.sim.runUntil(sec(300));
    const result = checker.finish(r.sim.now);
    expect(result.ok).toBe(true);
    expect(result.detail).toMatch(/within \S+ of the start$/);
  });

  it('is not judged, and so fails, when the run ends before the deadline', () => {
    const r = rig(2);
    const w = new Wiring(r);
    w.kill('a1', sec(50), false);
    r.sim.runUntil(sec(60));
    const result = w.checker().finish(r.sim.now);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/^not judged/);
  });

  it('flags a live broker missing from a NameServer after the period', () => {
    // b0 registers only every 90 s: after ns1's restart it is missing past the 30 s bound.
    const r = rig(3, {}, { b0: sec(90) });
    const w = new Wiring(r);
    r.sim.at(sec(20), () => {
      r.sim.restart(nodeId('ns1'));
      w.healUs = sec(20);
    });
    r.sim.runUntil(sec(60));
    const result = w.checker().finish(r.sim.now);
    expect(result.ok).toBe(false);
    expect(result.violations[0]?.message).toBe('ns1 does not list live broker-b id=0 (b0) 40s after the last heal');
  });

  it('flags an entry under an id the broker no longer has', () => {
    const r = rig(4);
    const w = new Wiring(r);
    r.sim.runUntil(sec(15));
    const checker = w.checker();
    // The stub changes id behind the NameServers' back (no registration): the tables still say id 1.
    r.broker('a1').brokerId = 3;
    w.healUs = sec(15);
    checker.sample(sec(15) + sec(35));
    const result = checker.finish(sec(50));
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => v.message)).toContain(
      'ns1 lists broker-a id=1 (a1) but that broker is now broker-a id=3 (a1)',
    );
  });

  it(`catches the ${NAMESRV_BUG_SWITCHES[0]?.name ?? ''} bug switch: a killed broker stays listed`, () => {
    for (const ignoreChannelClose of [false, true]) {
      const r = rig(5, { bugs: { ignoreChannelClose } });
      const w = new Wiring(r);
      const checker = w.checker();
      w.kill('b0', sec(45), false);
      r.sim.runUntil(sec(45) + sec(40));
      const result = checker.finish(r.sim.now);
      expect(result.ok).toBe(!ignoreChannelClose);
      if (ignoreChannelClose) {
        expect(result.violations[0]?.message).toBe(
          'ns1 still lists broker-b id=0 (b0), dead for 40s (killed: its channel close should have removed it at once; allowed 5s)',
        );
        expect(result.violations).toHaveLength(2); // both NameServers
      }
    }
  });
});
