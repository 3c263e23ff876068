import { describe, expect, it } from 'vitest';
import { explainScenario, formatSpan, storyOf } from '../../sim/scenario/explain.js';
import { load } from './scenario-files.js';

describe('explain', () => {
  it('tells the deployment, the workload, each fault with its targets in words, the mix, and what must hold', () => {
    const text = explainScenario(load('scenarios/production-ha.yaml')).join('\n');
    expect(text).toContain('3 NameServers (ns-1..ns-3)');
    expect(text).toContain('broker-a: a DLedger (Raft) group of 3 brokers (broker-a-0..2) that elects its master');
    expect(text).toContain(
      'order-system: 2 instances sending sync 1024-byte messages to topic_order_info, 20 msg/s each',
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
