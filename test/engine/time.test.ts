import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, formatTime, parseDuration, toMicros } from '../../sim/engine/index.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250_000],
    ['30s', 30_000_000],
    ['2m', 120_000_000],
    ['1h', 3_600_000_000],
    ['1h30m', 5_400_000_000],
    ['1.5s', 1_500_000],
    ['10us', 10],
    ['0', 0],
    ['2m5s', 125_000_000],
    [' 30s ', 30_000_000],
  ])('parses %s', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it.each(['', '30', 's', '30 s', '30sec', '5s2m', '1m1m', '-5s', '1e3s', 'abc', '30s!'])(
    'rejects %j with the expected form',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(/expected a number with a unit/);
    },
  );

  it('accepts integer microseconds and rejects fractions or negatives', () => {
    expect(toMicros(1500)).toBe(1500);
    expect(() => toMicros(1.5)).toThrow(DurationError);
    expect(() => toMicros(-1)).toThrow(DurationError);
  });
});

describe('formatting', () => {
  it('renders instants and durations', () => {
    expect(formatTime(0)).toBe('0.000s');
    expect(formatTime(12_500_000)).toBe('12.500s');
    expect(formatTime(125_000_000)).toBe('2m05.000s');
    expect(formatTime(3_600_000_000)).toBe('1h00m00.000s');
    expect(formatDuration(120_000_000)).toBe('2m');
    expect(formatDuration(250_000)).toBe('250ms');
    expect(formatDuration(1_500)).toBe('1500us');
  });

  it('round-trips formatDuration through parseDuration', () => {
    for (const us of [1, 999, 1_000, 1_500_000, 60_000_000, 5_400_000_000])
      expect(parseDuration(formatDuration(us))).toBe(us);
  });
});
