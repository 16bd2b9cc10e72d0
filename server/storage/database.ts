/**
 * Opens the database named by a `DATABASE_URL`: `sqlite:PATH` (the default, a real file
 * with WAL and foreign keys on) or `postgres://…`. Migrations run before it is returned.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import SqliteDatabase from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest, pendingMigrations } from './migrations.ts';
import { registerSignBits } from './passage-vector-index.ts';
import { PooledPostgresDialect } from './postgres-pool-dialect.ts';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { GatedSqliteDialect } from './sqlite-gate.ts';
import { traceTransactions } from './traced-transactions.ts';
import type { Database } from './schema.ts';
import type { DialectName } from './dialect-name.ts';

export type { DialectName } from './dialect-name.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Migrations of this code the database lacks (another process may be mid-migration). */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url: string;
  /** Postgres only: run in this schema (created if missing). Lets each test own a schema. */
  schema?: string;
  /** Postgres only: connections in the pool (default `DEFAULT_PG_POOL_SIZE`). */
  poolSize?: number;
  /** Tracing on: a span per transaction (traced-transactions.ts). */
  tracer?: Tracer | undefined;
}

/**
 * Connections in a Postgres pool unless PARLEY_PG_POOL_SIZE says otherwise. A turn holds a
 * connection for one statement at a time; what the pool bounds is how many commits wait
 * for the WAL flush together (bench/README.md, "Postgres: what bounds a turn").
 */
export const DEFAULT_PG_POOL_SIZE = 10;

/** Parse `sqlite:PATH` / `sqlite://PATH` / `postgres://…` into a dialect and a target. */
export function parseDatabaseUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  const match = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  if (match?.[1]) return { dialect: 'sqlite', target: match[1] };
  throw new Error(`DATABASE_URL must be sqlite:PATH or postgres://…, got "${url.replace(/\/\/.*@/, '//***@')}"`);
}

/**
 * Open and migrate a database.
 * @example const { db, close } = await openDatabase({ url: 'sqlite:./data/parley.db' });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const { dialect, target } = parseDatabaseUrl(options.url);
  if (dialect === 'sqlite') {
    const { db, checkpointer } = openSqlite(target, options.tracer);
    await migrateToLatest(db, dialect);
    return {
      db,
      dialect,
      pendingMigrations: () => pendingMigrations(db, dialect),
      async close() {
        // The worker's connection first, so the main one is the last and folds the WAL in.
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const db = await openPostgres(target, options.schema, options.poolSize ?? DEFAULT_PG_POOL_SIZE, options.tracer);
  await migrateToLatest(db, dialect, options.schema);
  return { db, dialect, pendingMigrations: () => pendingMigrations(db, dialect, options.schema), close: () => db.destroy() };
}

function openSqlite(path: string, tracer: Tracer | undefined): { db: Kysely<Database>; checkpointer: SqliteCheckpointer | undefined } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Another process (a CLI command, a second server) may hold the write lock briefly.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // An erased conversation must not linger in freed pages of the file (issue #19 item 3):
  // deleted content is overwritten with zeros rather than left for a forensic read.
  sqlite.pragma('secure_delete = ON');
  // Vector distances and the vec0 index for knowledge search with an embedding model.
  sqliteVec.load(sqlite);
  registerSignBits(sqlite);
  const checkpointer = path === ':memory:' ? undefined : startSqliteCheckpointer(sqlite, path);
  const dialect = new GatedSqliteDialect(sqlite);
  return { db: new Kysely<Database>({ dialect: tracer ? traceTransactions(dialect, tracer, 'sqlite') : dialect }), checkpointer };
}

async function openPostgres(url: string, schema: string | undefined, poolSize: number, tracer: Tracer | undefined): Promise<Kysely<Database>> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const dialect = new PooledPostgresDialect(pool);
  return new Kysely<Database>({ dialect: tracer ? traceTransactions(dialect, tracer, 'postgres') : dialect });
}
