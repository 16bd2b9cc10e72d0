import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/**
 * Token buckets of the public rate limits, shared by every server process on one Postgres
 * (on SQLite, one process serves and the buckets stay in its memory; the table is made
 * there too so both schemas match). One row per caller key; rows of idle callers are
 * deleted once full again.
 */
export function rateLimitBucketsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limit_buckets')
        /** The limit's name and the caller: `ip:203.0.113.9`, `session:42`. */
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', dialect === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
        /** Epoch milliseconds of the last take. */
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        /** Whether the last take got a token (read back by the same statement). */
        .addColumn('taken', 'boolean', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rate_limit_buckets_updated_idx').on('rate_limit_buckets').column('updated_ms').execute();
    },
  };
}
