import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.ts';

describe('webhook retry backoff', () => {
  it('retries the first failure within 5 s, even with the most jitter', () => {
    expect(retryDelayMs(1, () => 0.999)).toBeLessThan(5000);
  });

  it('grows exponentially over at least five attempts spanning about an hour, then stops', () => {
    const delays = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, () => 0) ?? 0);
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(5);
    expect(delays).toEqual([3000, 12000, 48000, 192000, 768000, 3072000]);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(45 * 60_000);
    expect(total).toBeLessThan(90 * 60_000);
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeNull();
  });

  it('adds at most 10% of jitter', () => {
    expect(retryDelayMs(2, () => 0.5)).toBe(12600);
  });
});
