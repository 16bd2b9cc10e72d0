/**
 * Parley's Postgres dialect: Kysely's, with its pool reachable from the Kysely instance
 * (`postgresPoolOf`), so the turn path's statements (sql-runner.ts) can run as named
 * prepared statements — parsed and planned once per connection, not on every turn.
 * Kysely's own queries send unnamed statements.
 */
import { PostgresAdapter, PostgresDialect } from 'kysely';
import type pg from 'pg';

class PooledPostgresAdapter extends PostgresAdapter {
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super();
    this.pool = pool;
  }
}

export class PooledPostgresDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createAdapter(): PostgresAdapter {
    return new PooledPostgresAdapter(this.#pool);
  }
}

/** The pool of a Kysely instance on `PooledPostgresDialect`; undefined otherwise. */
export function postgresPoolOf(db: { getExecutor(): { readonly adapter: unknown } }): pg.Pool | undefined {
  const { adapter } = db.getExecutor();
  return adapter instanceof PooledPostgresAdapter ? adapter.pool : undefined;
}
