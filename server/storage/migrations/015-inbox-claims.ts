import type { Kysely, Migration } from 'kysely';

/**
 * The operator inbox: who has claimed a conversation handed to a human, the name the
 * visitor sees on their replies, and how far they have read. One row per claimed session;
 * the unique key is what keeps two operators (or two processes) from claiming one
 * conversation. The row goes when the conversation leaves the human (hand back, end).
 */
export function inboxClaimsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('inbox_claims')
        .addColumn('session_id', 'integer', (c) => c.primaryKey().references('sessions.id').onDelete('cascade'))
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        /** `user_…` or `key_…`: the claimer's public id. */
        .addColumn('claimed_by', 'text', (c) => c.notNull())
        /** Shown to the visitor beside the operator's messages. */
        .addColumn('display_name', 'text', (c) => c.notNull())
        /** Messages of the session the claimer has read (its message count when they last read). */
        .addColumn('read_count', 'integer', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
