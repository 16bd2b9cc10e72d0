/**
 * The databases the API suite runs on: always a real SQLite file, and Postgres when
 * PARLEY_TEST_POSTGRES_URL names a server. Under CI=true a missing Postgres is an error,
 * never a silent skip.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../server/storage/database.ts';

export interface TestDatabase {
  dialect: DialectName;
  /** A fresh database each call: its own SQLite file, or its own Postgres schema. */
  fresh(): { url: string; schema?: string };
}

let counter = 0;

export function testDatabases(env: Record<string, string | undefined> = process.env): TestDatabase[] {
  const sqlite: TestDatabase = {
    dialect: 'sqlite',
    fresh: () => ({ url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'parley-test-')), 'parley.db')}` }),
  };
  const pgUrl = env.PARLEY_TEST_POSTGRES_URL;
  if (!pgUrl) {
    if (env.CI === 'true') throw new Error('CI=true but PARLEY_TEST_POSTGRES_URL is not set: .ci/run must start Postgres');
    return [sqlite];
  }
  const postgres: TestDatabase = {
    dialect: 'postgres',
    // Random too: test files that run in one process each start the counter at 0.
    fresh: () => ({ url: pgUrl, schema: `t_${process.pid}_${Date.now().toString(36)}_${counter++}_${randomBytes(3).toString('hex')}` }),
  };
  return [sqlite, postgres];
}

/** Tests leave Postgres as they found it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of `target`; `close` also drops its Postgres schema. */
export async function openFreshDatabase(target: TestDatabase): Promise<{ database: DatabaseHandle; location: { url: string; schema?: string }; close(): Promise<void> }> {
  const location = target.fresh();
  const database = await openDatabase(location);
  return {
    database,
    location,
    async close() {
      await database.close();
      if (location.schema) await dropSchema(location.url, location.schema);
    },
  };
}

export type FreshDatabase = Awaited<ReturnType<typeof openFreshDatabase>>;

/**
 * A fresh, migrated SQLite file for the enclosing `describe`: opened before its tests (and
 * before the hooks registered after this call), closed after them.
 * @example const database = freshSqliteForSuite(); it('…', () => database().database.db …)
 */
export function freshSqliteForSuite(): () => FreshDatabase {
  let opened: FreshDatabase | undefined;
  beforeAll(async () => {
    const [sqlite] = testDatabases({});
    if (!sqlite) throw new Error('testDatabases always lists SQLite');
    opened = await openFreshDatabase(sqlite);
  });
  afterAll(() => opened?.close());
  return () => {
    if (!opened) throw new Error('the database is opened in the suite’s beforeAll');
    return opened;
  };
}
