import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHasher } from '../../sim/engine/index.js';
import { nameDigest } from '../../sim/engine/trace.js';
import { hashClusterEvent, type ClusterEvent } from '../../sim/protocol/index.js';

const digestOf = (mix: (h: TraceHasher) => void): string => {
  const h = new TraceHasher();
  mix(h);
  return h.digest();
};

describe('TraceHasher.mixName', () => {
  it('tells names apart, and the order they come in', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(digestOf((h) => h.mixName(a))).not.toBe(digestOf((h) => h.mixName(b)));
        const inOrder = (x: string, y: string) => (h: TraceHasher) => {
          h.mixName(x);
          h.mixName(y);
        };
        expect(digestOf(inOrder(a, b))).not.toBe(digestOf(inOrder(b, a)));
      }),
    );
  });

  it('mixes a name as its digest, remembered or not', () => {
    // 5,000 distinct names overflow the memo (4,096): the later ones are digested afresh each time.
    const names = Array.from({ length: 5000 }, (_, i) => `broker-${i}`);
    const byName = new TraceHasher();
    const byDigest = new TraceHasher();
    for (const n of [...names, ...names, 'broker-1', 'broker-4999']) {
      byName.mixName(n);
      byDigest.mixInt(nameDigest(n));
    }
    expect(byName.digest()).toBe(byDigest.digest());
    expect(nameDigest('broker-a')).not.toBe(nameDigest('broker-b'));
  });
});

describe('hashClusterEvent fast paths', () => {
  const registered = fc.record({
    kind: fc.constant('broker.registered' as const),
    broker: fc.constantFrom('broker-a-0', 'broker-a-1'),
    brokerName: fc.constantFrom('broker-a', 'broker-b'),
    brokerId: fc.integer({ min: 0, max: 3 }),
    ok: fc.integer({ min: 0, max: 3 }),
    failed: fc.integer({ min: 0, max: 3 }),
    masterAddr: fc.constantFrom(null, '', 'broker-a-0', 'broker-a-1'),
    oneway: fc.boolean(),
  });
  const nsRegistered = fc.record({
    kind: fc.constant('ns.broker-registered' as const),
    ns: fc.constant('ns-0'),
    brokerName: fc.constantFrom('broker-a', 'broker-b'),
    brokerId: fc.integer({ min: 0, max: 3 }),
    addr: fc.constantFrom('broker-a-0', 'broker-a-1', 'broker-b-0'),
    first: fc.boolean(),
    movedFromIds: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    overwrote: fc.constantFrom('', 'broker-a-0', 'broker-b-1'),
    topicsUpdated: fc.boolean(),
  });

  /** Every field but the emitting node's name (the kernel mixes the node in): equal events hash equal, others differ. */
  const sameButNode = (a: ClusterEvent, b: ClusterEvent): boolean =>
    JSON.stringify({ ...a, broker: '', ns: '' }) === JSON.stringify({ ...b, broker: '', ns: '' });

  for (const [name, arb] of [
    ['broker.registered', registered],
    ['ns.broker-registered', nsRegistered],
  ] as const) {
    it(`${name}: hashed by its fields, and every field counts`, () => {
      fc.assert(
        fc.property(arb, arb, (a: ClusterEvent, b: ClusterEvent) => {
          const da = digestOf((h) => expect(hashClusterEvent(a, h)).toBe(true));
          const db = digestOf((h) => expect(hashClusterEvent(b, h)).toBe(true));
          expect(da === db).toBe(sameButNode(a, b));
        }),
      );
    });
  }

  it('leaves the rare kinds to their text line', () => {
    const h = new TraceHasher();
    expect(hashClusterEvent({ kind: 'ns.started', ns: 'ns-0' }, h)).toBe(false);
    expect(h.digest()).toBe(new TraceHasher().digest());
  });
});
