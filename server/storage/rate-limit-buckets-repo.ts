/**
 * Token buckets in Postgres, so every process on the database spends from the same
 * bucket. One statement per take: the upsert refills the bucket for the time passed,
 * takes a token if a whole one is there, and returns what it did — no read-then-write
 * race between processes, since the row lock orders concurrent takes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface BucketLimit {
  capacity: number;
  /** Tokens regained per millisecond. */
  perMs: number;
}

export interface TakeResult {
  taken: boolean;
  /** Tokens left after the take (below 1 when refused). */
  tokens: number;
}

export function createRateLimitBucketsRepo(db: Kysely<Database>) {
  return {
    async take(key: string, limit: BucketLimit, nowMs: number): Promise<TakeResult> {
      const refill = sql`least(${limit.capacity}::double precision, rate_limit_buckets.tokens + greatest(0, ${nowMs}::bigint - rate_limit_buckets.updated_ms) * ${limit.perMs}::double precision)`;
      const { rows } = await sql<{ tokens: number; taken: boolean }>`
        insert into rate_limit_buckets (key, tokens, updated_ms, taken)
        values (${key}, ${limit.capacity - 1}::double precision, ${nowMs}::bigint, true)
        on conflict (key) do update set
          tokens = case when ${refill} >= 1 then ${refill} - 1 else ${refill} end,
          updated_ms = greatest(rate_limit_buckets.updated_ms, ${nowMs}::bigint),
          taken = ${refill} >= 1
        returning tokens, taken`.execute(db);
      const row = rows[0];
      if (!row) throw new Error('the rate limit upsert returned no row');
      return { taken: row.taken, tokens: Number(row.tokens) };
    },
    /** Forget buckets untouched since `beforeMs` (full again by then). */
    async deleteIdle(beforeMs: number): Promise<void> {
      await db.deleteFrom('rate_limit_buckets').where('updated_ms', '<', beforeMs).execute();
    },
  };
}

export type RateLimitBucketsRepo = ReturnType<typeof createRateLimitBucketsRepo>;
