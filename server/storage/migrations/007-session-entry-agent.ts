import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The agent a session was started through — the one whose widget the visitor's page
 * embeds. `agent_id` moves on a hand-off to another agent; this one never does, so the
 * widget keeps reaching its session through the same URL, and only through it.
 * Nullable only because SQLite cannot add a NOT NULL column without a default: every
 * row is backfilled here and every new row sets it.
 */
export function sessionEntryAgentMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('sessions').addColumn('entry_agent_id', 'integer', (c) => c.references('agents.id')).execute();
      await sql`update sessions set entry_agent_id = agent_id`.execute(db);
    },
  };
}
