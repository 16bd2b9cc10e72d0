import type { Kysely, Migration } from 'kysely';

/**
 * Verified visitors (widget README, "Verified visitors"): a site's server signs who the
 * visitor is with a per-agent secret, and the visitor's sessions carry that identity.
 *
 * - `visitor_secrets`: one secret per agent, kept in its own table so that the agent reads
 *   of every turn never carry it. Stored as is: checking an HMAC needs the key itself.
 * - `sessions.visitor_*`: the verified identity a session was started with (null for an
 *   anonymous visitor); indexed for the calls filter and for resuming on another device.
 * - `session_tokens`: further session tokens (only their hashes) issued when a verified
 *   visitor resumes a session from another device; the first device keeps the token in
 *   `sessions.token_hash`, so both go on working.
 */
export function verifiedVisitorsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('visitor_secrets')
        .addColumn('agent_id', 'integer', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('sessions').addColumn('visitor_id', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('visitor_name', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('visitor_email', 'text').execute();
      await db.schema.createIndex('sessions_visitor_idx').on('sessions').columns(['visitor_id', 'entry_agent_id']).execute();
      await db.schema
        .createTable('session_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
