// The kinds a sink declares it reads (TraceSink.readsEvent) must be every kind
// its onEvent handles: a denied kind it needs would silently change a verdict.
// Shipped scenarios that exercise every declaring sink (Raft checks, liveness,
// killed-broker removal) run with the declarations honoured and with them
// stripped (every sink sees every event): every verdict, figure and report line
// must be the same (a declaration made wrong on purpose, killed-broker removal's
// or the leader count's, fails two or three of the four).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventRoutes } from '../../sim/engine/event-routes.js';
import { runScenario } from '../../sim/scenario/run.js';
import { load } from './scenario-files.js';

const FILES = [
  'scenarios/classic-broker-killed.yaml',
  'scenarios/dledger-leader-crash.yaml',
  'scenarios/kill-two-nameservers.yaml',
  'scenarios/raft-chaos.yaml',
];

describe('event routes keep every verdict', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  for (const file of FILES) {
    it(`${file}: the same result with the declarations honoured and stripped`, () => {
      const s = load(file);
      const routed = runScenario(s);
      // Every event to every sink that has an onEvent, as without the declarations.
      const routes = vi.spyOn(EventRoutes.prototype, 'sinksFor').mockImplementation((_kind, sinks) => sinks);
      const all = runScenario(s);
      expect(routed.expectations.length).toBeGreaterThan(0);
      expect(routes).toHaveBeenCalled();
      expect(routed).toEqual(all);
    });
  }
});
