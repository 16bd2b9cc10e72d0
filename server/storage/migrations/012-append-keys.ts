import type { Kysely, Migration } from 'kysely';

/**
 * Idempotency keys of appends (`Idempotency-Key` on `POST …/messages`): a client that
 * retries a message it is unsure was received (a dropped connection, a server restart)
 * sends the same key, and gets the answer stored here instead of a second turn. Written
 * by the turn's own commit, so a key exists exactly when its message does; the unique
 * constraint keeps two racing processes from storing one message twice.
 */
export function appendKeysMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('append_keys')
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        /** JSON: the append's answer as first sent (shared/api/text-chat-api.ts assistantReplySchema). */
        .addColumn('reply', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('append_keys_session_key_unique', ['session_id', 'key'])
        .execute();
    },
  };
}
