import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newUlid } from './new-ulid.ts';

describe('newUlid', () => {
  it('makes valid ULIDs of the time given, or of now', () => {
    const at = Date.UTC(2026, 10, 30, 3, 0, 0);
    const id = newUlid(at);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
    const before = Date.now();
    expect(decodeTime(newUlid())).toBeGreaterThanOrEqual(before);
  });

  it('never repeats a random part, across many refills of its byte pool, and uses every symbol evenly', () => {
    const at = Date.UTC(2026, 0, 1);
    // 16 random characters an id, a 4,096-byte pool: 5,000 ids refill it ~20 times.
    const randomParts = Array.from({ length: 5000 }, () => newUlid(at).slice(10));
    expect(new Set(randomParts).size).toBe(randomParts.length);
    const counts = new Map<string, number>();
    for (const char of randomParts.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 80,000 characters over 32 symbols: 2,500 each expected, a fair die stays well within ±15 %.
    for (const count of counts.values()) expect(Math.abs(count - 2500)).toBeLessThan(375);
  });
});
