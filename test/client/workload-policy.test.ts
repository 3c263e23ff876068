import { describe, expect, it } from 'vitest';
import { RandomStream, sec, toPerMillion } from '../../sim/engine/index.js';
import { Arrivals, keyIndex, nextKey, rateAt } from '../../sim/client/workload.js';
import { classifyResponse, classifyTransport } from '../../sim/client/send-policy.js';
import { bugFlagsOf } from '../../sim/base/index.js';
import { CLIENT_BUG_SWITCHES, DEFAULT_CLIENT_CONFIG } from '../../sim/client/index.js';
import { describeClientEvent } from '../../sim/protocol/index.js';

describe('workload', () => {
  it('offers the rate of each shape at that moment', () => {
    const ramp = { kind: 'ramp', fromPerSecond: 100, toPerSecond: 1100, overUs: sec(10) } as const;
    expect(rateAt(ramp, 0)).toBe(100);
    expect(rateAt(ramp, sec(5))).toBe(600);
    expect(rateAt(ramp, sec(60))).toBe(1100);
    const daily = { kind: 'daily', minPerSecond: 10, maxPerSecond: 110, peakAtUs: sec(14 * 3600) } as const;
    expect(rateAt(daily, sec(14 * 3600))).toBeCloseTo(110);
    expect(rateAt(daily, sec(2 * 3600))).toBeCloseTo(10);
    expect(rateAt(daily, sec(8 * 3600))).toBeCloseTo(60);
    const bursts = { kind: 'bursts', basePerSecond: 10, burstPerSecond: 500, everyUs: sec(60), forUs: sec(5) } as const;
    expect([rateAt(bursts, sec(10)), rateAt(bursts, sec(56)), rateAt(bursts, sec(61))]).toEqual([10, 500, 10]);
  });

  it('arrivals come at the rate, open-loop, and are started together once per tick', () => {
    const a = new Arrivals({ kind: 'constant', perSecond: 5000 }, 0, undefined, 1000, 0);
    expect(a.nextWakeUs()).toBe(0);
    expect(a.takeDue(0)).toBe(1);
    expect(a.nextWakeUs()).toBe(1000);
    expect(a.takeDue(1000)).toBe(5);
    let total = 6;
    for (let t = 2000; t <= sec(1); t += 1000) total += a.takeDue(t);
    expect(total).toBe(5001);
    // 3 msg/s stays 3 msg/s (no rounding drift), and nothing arrives at or after stop.
    const slow = new Arrivals({ kind: 'constant', perSecond: 3 }, 0, sec(10), 1000, 0);
    let n = 0;
    for (let wake = slow.nextWakeUs(); wake >= 0; wake = slow.nextWakeUs()) n += slow.takeDue(wake);
    expect(n).toBe(30);
    // A ramp from 0 offers nothing while its rate is 0.
    const ramp = new Arrivals({ kind: 'ramp', fromPerSecond: 0, toPerSecond: 0, overUs: sec(10) }, 0, sec(5), 1000, 0);
    expect(ramp.takeDue(sec(4))).toBe(0);
  });

  it('staggers the instances of a group: instance i of n starts i/n of an interval after it starts', () => {
    // 4 instances x 250 msg/s: first arrivals at 0, 1, 2 and 3 ms after the start, then every 4 ms each.
    const firsts = [0, 1, 2, 3].map((i) => {
      const a = new Arrivals({ kind: 'constant', perSecond: 250 }, sec(1), undefined, 1000, sec(1), i / 4);
      return a.nextWakeUs() - sec(1);
    });
    expect(firsts).toEqual([0, 1000, 2000, 3000]);
    const late = new Arrivals({ kind: 'constant', perSecond: 250 }, sec(1), undefined, 1000, sec(7), 0.5);
    expect(late.nextWakeUs()).toBe(sec(7) + 2000); // a later start (a restart): the offset counts from it
    // A ramp from 0: the instances stay staggered when the rate rises, not in lockstep.
    const ramp = { kind: 'ramp', fromPerSecond: 0, toPerSecond: 1000, overUs: sec(10) } as const;
    const firstWakes = [0, 1, 2, 3].map((i) => {
      const a = new Arrivals(ramp, 0, undefined, 1000, 0, i / 4);
      for (let t = 0; t < sec(3); t += 1000) if (a.takeDue(t) > 0) return t;
      return -1;
    });
    expect(new Set(firstWakes).size).toBe(4);
  });

  it('draws keys from the distribution; hot keys dominate', () => {
    const rng = new RandomStream('keys', 1);
    expect(nextKey({ kind: 'none' }, rng)).toBe('');
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const k = nextKey({ kind: 'hot', count: 1000, hotKeys: 2, hotRatio: toPerMillion(0.9) }, rng);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect((counts.get('k0') ?? 0) + (counts.get('k1') ?? 0)).toBeGreaterThan(8500);
    expect(keyIndex('k17')).toBe(17);
    expect(keyIndex('')).toBe(-1);
  });
});

describe('send policy (§3.5, §5.4)', () => {
  it('stored statuses end the send; retryable codes and transport failures retry; the rest are fatal', () => {
    expect(classifyResponse('SUCCESS')).toEqual({ kind: 'stored', status: 'SEND_OK' });
    expect(classifyResponse('SLAVE_NOT_AVAILABLE')).toEqual({ kind: 'stored', status: 'SLAVE_NOT_AVAILABLE' });
    expect(classifyResponse('SERVICE_NOT_AVAILABLE')).toMatchObject({
      kind: 'retryable',
      maybeStored: false,
      transport: false,
    });
    expect(classifyResponse('SYSTEM_ERROR')).toMatchObject({ kind: 'retryable', maybeStored: true });
    expect(classifyResponse('SYSTEM_BUSY')).toMatchObject({ kind: 'fatal' });
    expect(classifyResponse('MESSAGE_ILLEGAL')).toMatchObject({ kind: 'fatal' });
    expect(classifyTransport('refused')).toMatchObject({ kind: 'retryable', maybeStored: false, transport: true });
    expect(classifyTransport('timeout')).toMatchObject({ kind: 'retryable', maybeStored: true, transport: true });
  });
});

describe('client bug switches', () => {
  it('are off by default and turned on by name', () => {
    expect([
      DEFAULT_CLIENT_CONFIG.bugRetrySameBroker,
      DEFAULT_CLIENT_CONFIG.bugCommitBeforeConsume,
      DEFAULT_CLIENT_CONFIG.bugRebalanceOverlap,
    ]).toEqual([false, false, false]);
    expect(bugFlagsOf(CLIENT_BUG_SWITCHES, ['client.commit-before-consume', 'broker.something-else'])).toEqual({
      bugCommitBeforeConsume: true,
    });
  });
});

describe('client events', () => {
  it('render as one explanatory line each', () => {
    const lines = [
      describeClientEvent({
        kind: 'client.send-failed',
        client: 'producer-1',
        topic: 'T',
        brokerName: 'broker-a',
        reason: 'connection refused',
        retryOn: 'broker-b',
        suppressed: 0,
      }),
      describeClientEvent({
        kind: 'client.send-failed',
        client: 'producer-1',
        topic: 'T',
        brokerName: 'broker-a',
        reason: 'call timeout',
        retryOn: null,
        suppressed: 4,
      }),
      describeClientEvent({
        kind: 'client.namesrv-switched',
        client: 'producer-1',
        from: 'ns-1',
        to: 'ns-2',
        reason: 'refused',
      }),
      describeClientEvent({
        kind: 'client.broker-isolated',
        client: 'producer-1',
        brokerName: 'broker-a',
        durationUs: sec(600),
      }),
      describeClientEvent({
        kind: 'client.pull-redirected',
        client: 'c-1',
        queue: 'T@broker-a#0',
        fromAddr: 'broker-a-0',
        toAddr: 'broker-a-1',
        brokerId: 1,
        reason: 'no master in the route',
      }),
    ];
    expect(lines).toEqual([
      'producer-1: send to broker-a failed (connection refused), retrying on broker-b',
      'producer-1: send to broker-a failed (call timeout), giving up (+4 similar)',
      'producer-1: NameServer ns-1 unusable (refused), switching to ns-2',
      'producer-1: latency fault tolerance avoids broker-a for 10m',
      'c-1: pulls of T@broker-a#0 move from broker-a-0 to broker-a-1 (brokerId 1): no master in the route',
    ]);
  });
});
