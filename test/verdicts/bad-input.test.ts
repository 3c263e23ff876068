// No input hangs or crashes (issue 10 rows 2 and 3): constants outside their
// domain and inverted ranges are bad input (exit 2, naming the field), a YAML
// alias bomb is "expected valid YAML", and a run whose clock stops advancing
// is stopped by the kernel's watchdog, naming the node and the timer.
import { describe, expect, it } from 'vitest';
import { Simulation, SimulationStalled, type Message, type NodeContext, type SimNode } from '../../sim/engine/index.js';
import { parseScenario } from '../../sim/scenario/load.js';

const MINIMAL = (cluster: string): string => `
name: bad
duration: 10s
cluster:
  groups: [{ name: broker-a, mode: dledger, replicas: 3 }]
  topics: [{ name: T }]
${cluster}
`;

function problems(text: string): string {
  const r = parseScenario(text, 'bad.yaml');
  if (r.ok) return '';
  return r.errors.map((e) => `${e.path}: ${e.expected}`).join('\n');
}

describe('constants are checked against their domain', () => {
  it('a zero scan interval, heartbeat interval or timeout is rejected with its path', () => {
    expect(problems(MINIMAL('  config: { namesrv: { scanIntervalUs: 0 } }'))).toMatch(
      /cluster\.config\.namesrv.*scanIntervalUs.*positive/,
    );
    expect(problems(MINIMAL('  config: { raft: { heartbeatIntervalUs: 0 } }'))).toMatch(
      /cluster\.config\.raft.*heartbeatIntervalUs.*positive/,
    );
    expect(problems(MINIMAL('  config: { client: { sendMsgTimeoutUs: 0 } }'))).toMatch(/sendMsgTimeoutUs.*positive/);
    expect(problems(MINIMAL('  config: { namesrv: { scanIntervalUs: 5s } }'))).toBe('');
  });

  it('an inverted latency or fsync range is rejected with its path', () => {
    expect(problems(MINIMAL('  network: { latency: { min: 5ms, max: 1ms } }'))).toMatch(
      /cluster\.network\.latency\.min: .*min <= max/,
    );
    expect(problems(MINIMAL('  disk: { fsyncMin: 5ms, fsyncMax: 1ms }'))).toMatch(/cluster\.disk\.fsyncMin: .*<=/);
  });

  it('a YAML alias bomb is invalid YAML, not a crash', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    const r = parseScenario(bomb.join('\n'), 'bomb.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.expected).toMatch(/valid YAML/);
  });
});

interface Tick extends Message {
  readonly type: 'TICK';
}

/** A node whose timer re-arms itself with a zero period: the clock can never advance. */
class Spinner implements SimNode<Tick, string> {
  onStart(ctx: NodeContext<Tick, string>): void {
    ctx.setTimer('scanNotActiveBroker', 1000);
  }
  onMessage(): void {}
  onReply(): void {}
  onTimer(ctx: NodeContext<Tick, string>): void {
    ctx.setTimer('scanNotActiveBroker', 0);
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

describe('watchdog', () => {
  it('stops a run whose clock stops advancing, naming the node and the timer', () => {
    const sim = new Simulation<Tick, string>({ seed: 1, describeEvent: (e) => e, stallEvents: 50_000 });
    sim.addNode('ns-1', () => new Spinner());
    let caught: unknown;
    try {
      sim.runUntil(10_000_000);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SimulationStalled);
    const s = caught as SimulationStalled;
    expect(s.node).toBe('ns-1');
    expect(s.message).toMatch(/clock stopped at 0\.001s.*timer "scanNotActiveBroker" of ns-1/);
  });
});
