// Overrides are typed (issue 11 part 5): code that writes a cluster spec may name
// only a component's overridable constants, each with its own value type (a µs
// field also takes a duration string). The @ts-expect-error lines are the test:
// `npx tsc --noEmit` (CI's typecheck) fails if any stops being an error. A
// scenario file's overrides are checked by name at run time instead
// (test/cluster/build.test.ts, test/scenario).
import { describe, expect, it } from 'vitest';
import type { BrokerGroupOverrides, OverridesOf } from '../../sim/cluster/index.js';
import { validateOverrides } from '../../sim/cluster/index.js';
import type { ClientConfig } from '../../sim/client/index.js';

describe('typed overrides', () => {
  it('accept the constants a component has, with their types, and reject the rest at compile time', () => {
    const broker: BrokerGroupOverrides = {
      flushDiskType: 'SYNC_FLUSH', // BrokerConfig
      registerNameServerPeriodUs: '10s', // a nested timing, as a duration string
      slaveReadEnable: true,
      preferredLeaderId: 'broker-a-1',
    };
    const client: OverridesOf<ClientConfig> = { sendMsgTimeoutUs: 3_000_000 };
    // @ts-expect-error not a broker or store constant
    const misspelt: BrokerGroupOverrides = { flushDiskTyp: 'SYNC_FLUSH' };
    // @ts-expect-error flushDiskType is ASYNC_FLUSH or SYNC_FLUSH
    const badChoice: BrokerGroupOverrides = { flushDiskType: 'SOMETIMES' };
    // @ts-expect-error slaveReadEnable is a boolean
    const badType: BrokerGroupOverrides = { slaveReadEnable: 'yes' };
    // @ts-expect-error bug switches are turned on by --bug, never by overrides
    const bugFlag: OverridesOf<ClientConfig> = { bugs: {} };
    expect(validateOverrides('broker', broker)).toEqual([]);
    expect(validateOverrides('client', client)).toEqual([]);
    // The same mistakes written in a scenario file are found at run time, by name.
    expect(validateOverrides('broker', misspelt).map((p) => p.path)).toEqual(['flushDiskTyp']);
    expect(validateOverrides('broker', badChoice).map((p) => p.path)).toEqual(['flushDiskType']);
    expect(validateOverrides('broker', badType).map((p) => p.path)).toEqual(['slaveReadEnable']);
    expect(validateOverrides('client', bugFlag).length).toBeGreaterThan(0);
  });
});
