import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './schema.ts';
import { createStatementCache, placeholderRow, rowValues } from './statement-cache.ts';

// Compiling needs a dialect, never a connection.
const sqlite = new Kysely<Database>({ dialect: new SqliteDialect({ database: async () => { throw new Error('no connection in this test'); } }) });
const postgres = new Kysely<Database>({ dialect: new PostgresDialect({ pool: async () => { throw new Error('no connection in this test'); } }) });

describe('the statement cache', () => {
  it('compiles a shape once and fills its placeholders with each call\'s values, keeping constants', () => {
    const statements = createStatementCache();
    let builds = 0;
    const agentById = (id: number) =>
      statements.compiled('agent', (param) => {
        builds++;
        return sqlite.selectFrom('agents').select('id').where('deleted_at', 'is', null).where('name', '=', 'fixed').where('id', '=', param<number>('id'));
      }, { id });
    expect(agentById(1)).toEqual(expect.objectContaining({ sql: 'select "id" from "agents" where "deleted_at" is null and "name" = ? and "id" = ?', parameters: ['fixed', 1] }));
    expect(agentById(2).parameters).toEqual(['fixed', 2]);
    expect(builds).toBe(1);
  });

  it('fills a row of placeholders by field, in the dialect\'s own spelling', () => {
    const statements = createStatementCache();
    const row = { public_id: 'k', workspace_id: 3, key_hash: 'h', key_prefix: 'p', name: 'n', created_at: 't' };
    const insert = statements.compiled(`insert ${Object.keys(row)}`, (param) => postgres.insertInto('api_keys').values(placeholderRow(param, 'r.', row)), rowValues('r.', { ...row, name: 'other' }));
    expect(insert.sql).toBe('insert into "api_keys" ("public_id", "workspace_id", "key_hash", "key_prefix", "name", "created_at") values ($1, $2, $3, $4, $5, $6)');
    expect(insert.parameters).toEqual(['k', 3, 'h', 'p', 'other', 't']);
  });

  it('refuses to run a statement with a value missing', () => {
    const statements = createStatementCache();
    expect(() => statements.compiled('agent', (param) => sqlite.selectFrom('agents').select('id').where('id', '=', param<number>('id')), {})).toThrow(/no value for id/);
  });
});
