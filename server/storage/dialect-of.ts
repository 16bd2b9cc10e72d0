import { PostgresAdapter } from 'kysely';

/** Which engine a Kysely instance talks to, for the few queries that differ (row locks). */
export function isPostgres(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
