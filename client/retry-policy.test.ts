import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay, type FailedAttempt } from './retry-policy.ts';

const half = () => 0.5;
const attempt = (over: Partial<FailedAttempt>): FailedAttempt => ({ method: 'GET', retriesSoFar: 0, status: undefined, retryAfterSeconds: undefined, ...over });

describe('which requests the client retries', () => {
  it('retries a read whose connection failed, or that a gateway or a busy server refused, backing off', () => {
    expect(retryDelay(attempt({}), {}, half)).toBe(188);
    expect(retryDelay(attempt({ status: 502 }), {}, half)).toBe(188);
    expect(retryDelay(attempt({ status: 503, retriesSoFar: 1 }), {}, half)).toBe(375);
    expect(retryDelay(attempt({ status: 504 }), {}, () => 0)).toBe(125);
  });

  it('waits as long as Retry-After asks on 429 and 503, and not at all on a 429 without it', () => {
    expect(retryDelay(attempt({ status: 429, retryAfterSeconds: 3 }), {}, half)).toBe(3000);
    expect(retryDelay(attempt({ status: 503, retryAfterSeconds: 0 }), {}, half)).toBe(0);
    expect(retryDelay(attempt({ status: 429 }), {}, half)).toBeUndefined();
  });

  it('gives up when the server asks for longer than maxDelayMs, or after the retries allowed', () => {
    expect(retryDelay(attempt({ status: 429, retryAfterSeconds: 60 }), { maxDelayMs: 10_000 }, half)).toBeUndefined();
    expect(retryDelay(attempt({ retriesSoFar: 2 }), {}, half)).toBeUndefined();
    expect(retryDelay(attempt({}), { retries: 0 }, half)).toBeUndefined();
  });

  it('never retries a write: no idempotency key makes a second POST, PUT, PATCH or DELETE safe', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(retryDelay(attempt({ method }), {}, half)).toBeUndefined();
      expect(retryDelay(attempt({ method, status: 503, retryAfterSeconds: 1 }), {}, half)).toBeUndefined();
    }
  });

  it('does not retry what will fail again: client errors and server errors other than 502–504', () => {
    for (const status of [400, 401, 404, 409, 500]) expect(retryDelay(attempt({ status }), {}, half)).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('Fri, 01 May 2026 10:00:07 GMT', now)).toBe(7);
    expect(parseRetryAfter('Fri, 01 May 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
