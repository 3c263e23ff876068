// The availability phases of `rmqsim diff` are labelled from the checker's fault keys
// (`<crash|power-loss>-<node>@<ms>ms.<phase>Us`), named by the group so A and B line up.
import { describe, expect, it } from 'vitest';
import { figureLabel } from '../../sim/report/index.js';

describe('diff figure labels', () => {
  it('names a crash by its group', () => {
    expect(figureLabel('crash-broker-a-0@60000ms.nsRemovalUs')).toBe('crash of broker-a at 1m: nsRemoval');
  });

  it('keeps the hyphen of power-loss in the verb, not in the group', () => {
    expect(figureLabel('power-loss-broker-a-0@60000ms.routeUpdateUs')).toBe(
      'power-loss of broker-a at 1m: routeUpdate',
    );
    expect(figureLabel('power-loss-order-broker-b-2@90000ms.firstOkSendUs')).toBe(
      'power-loss of order-broker-b at 90s: firstOkSend',
    );
  });

  it('leaves other keys as they are, the last dot as a colon', () => {
    expect(figureLabel('producer.longestOutageUs')).toBe('producer: longestOutage');
  });
});
