/**
 * Token buckets keyed by caller (an IP, a session). On SQLite (one serving process) they
 * live in memory: losing them on restart is harmless, and buckets that refill completely
 * are dropped, so idle callers hold no memory. On Postgres `createSharedRateLimiter` keeps
 * them in the database, so the documented limits hold however many processes serve.
 */
import type { Clock } from '../clock.ts';
import { tooManyRequests } from '../errors.ts';

export interface RateLimit {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Requests regained per minute. */
  perMinute: number;
}

export interface RateLimiter {
  /** Take one request for `key`, or reject with a 429 with `Retry-After`. */
  take(key: string): Promise<void>;
}

export function createRateLimiter(limit: RateLimit, clock: Clock): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit.perMinute / 60_000;
  let lastSweep = clock.now();

  function sweep(now: number) {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.at) * perMs >= limit.capacity) buckets.delete(key);
    }
  }

  return {
    async take(key) {
      const now = clock.now();
      sweep(now);
      const bucket = buckets.get(key) ?? { tokens: limit.capacity, at: now };
      const tokens = Math.min(limit.capacity, bucket.tokens + (now - bucket.at) * perMs);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now });
        throw refusal(tokens, perMs);
      }
      buckets.set(key, { tokens: tokens - 1, at: now });
    },
  };
}

/** A 429 whose Retry-After is when the bucket holds a whole token again. */
const refusal = (tokens: number, perMs: number) => tooManyRequests(Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)));

/** Where shared buckets are kept: one statement per take (server/storage/rate-limit-buckets-repo.ts). */
export interface SharedBuckets {
  take(key: string, limit: { capacity: number; perMs: number }, nowMs: number): Promise<{ taken: boolean; tokens: number }>;
  deleteIdle(beforeMs: number): Promise<void>;
}

/**
 * The same limit, its buckets shared through the database by every process; `name` keeps
 * two limits' keys apart. Idle buckets are deleted at most once a minute per process.
 */
export function createSharedRateLimiter(name: string, limit: RateLimit, clock: Clock, buckets: SharedBuckets): RateLimiter {
  const perMs = limit.perMinute / 60_000;
  const fullAfterMs = Math.ceil(limit.capacity / perMs);
  let lastSweep = clock.now();
  return {
    async take(key) {
      const now = clock.now();
      if (now - lastSweep >= 60_000) {
        lastSweep = now;
        await buckets.deleteIdle(now - fullAfterMs);
      }
      const { taken, tokens } = await buckets.take(`${name}:${key}`, { capacity: limit.capacity, perMs }, now);
      if (!taken) throw refusal(tokens, perMs);
    },
  };
}
