import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropSchema, testDatabases } from '../../../test/helpers/test-databases.ts';
import type { DialectName } from '../dialect-name.ts';
import { migrateToLatest } from '../migrations.ts';
import { parseDatabaseUrl } from '../database.ts';
import type { Database } from '../schema.ts';
import { foundationMigration } from './001-foundation.ts';

function connect(dialect: DialectName, target: { url: string; schema?: string }): Kysely<Database> {
  if (dialect === 'sqlite') return new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(parseDatabaseUrl(target.url).target) }) });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 2, options: `-c search_path=${target.schema}` }) }) });
}

describe.each(testDatabases())('migration 010 on a database with keys already, on $dialect', (database) => {
  it('gives every existing API key its own key_ id, and leaves its last use unknown', async () => {
    const target = database.fresh();
    if (target.schema) {
      const admin = new pg.Client({ connectionString: target.url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${target.schema}`);
      await admin.end();
    }
    const db = connect(database.dialect, target);
    try {
      // A database from before people existed: only the foundation, with two keys.
      const before: Record<string, Migration> = { '001-foundation': foundationMigration(database.dialect) };
      const migrator = new Migrator({ db, provider: { getMigrations: async () => before }, ...(target.schema ? { migrationTableSchema: target.schema } : {}) });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await sql`insert into workspaces (name, settings, created_at) values ('w', '{}', '2026-01-01T00:00:00.000Z')`.execute(db);
      for (const n of [1, 2]) await sql`insert into api_keys (workspace_id, key_hash, key_prefix, name, created_at) values (1, ${`hash${n}`}, 'pk_live_abcd', 'old', '2026-01-01T00:00:00.000Z')`.execute(db);

      await migrateToLatest(db, database.dialect, target.schema);
      const keys = await db.selectFrom('api_keys').select(['public_id', 'last_used_at']).execute();
      expect(keys).toHaveLength(2);
      for (const key of keys) expect(key).toEqual({ public_id: expect.stringMatching(/^key_[0-9A-Z]{26}$/), last_used_at: null });
      expect(keys[0]?.public_id).not.toBe(keys[1]?.public_id);
    } finally {
      await db.destroy();
      if (target.schema) await dropSchema(target.url, target.schema);
    }
  });
});
