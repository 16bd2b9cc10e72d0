import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';

/** Every trigger that moves the counter: what an API key reaches changes with these writes, and only these. */
const TRIGGERS = [
  ['agents_insert', 'AFTER INSERT ON agents'],
  ['agents_update', 'AFTER UPDATE ON agents'],
  ['agents_delete', 'AFTER DELETE ON agents'],
  ['api_keys_insert', 'AFTER INSERT ON api_keys'],
  // Not `last_used_at`: a key in use moves it once a minute, and it changes nothing a key reaches.
  ['api_keys_update', 'AFTER UPDATE OF workspace_id, key_hash ON api_keys'],
  ['api_keys_delete', 'AFTER DELETE ON api_keys'],
] as const;

/**
 * A counter SQLite moves, by trigger, whenever what an API key reaches can change: an
 * agent created, edited or deleted, a key issued, revoked or re-pointed. The text-chat turn
 * keeps the key-and-agent lookup in memory while the counter stands
 * (key-reach-memo.ts; issue #12: the lookup was ~5 % of a turn's CPU). Triggers rather
 * than the repositories' own writes, so that a write from any connection or code path —
 * the CLI on the same file, a later migration — is seen too. Postgres keeps no such memo:
 * several processes serve one database there, and the lookup is one round trip either way.
 */
export function accessGenerationMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') return;
      await sql`CREATE TABLE access_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)`.execute(db);
      await sql`INSERT INTO access_generation (id, generation) VALUES (1, 0)`.execute(db);
      for (const [name, event] of TRIGGERS) {
        await sql`CREATE TRIGGER ${sql.raw(`access_generation_${name}`)} ${sql.raw(event)} BEGIN UPDATE access_generation SET generation = generation + 1 WHERE id = 1; END`.execute(db);
      }
    },
  };
}
