import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * Replays of recorded conversations against a workflow version (#18 item 3). A replay is
 * queued work like a test run: `status` is the queue and `lease_until` the claiming
 * process's promise, so a replay whose process died is taken up again by another (or by
 * the restarted one) and finishes the conversations still `pending`. Each conversation's
 * result is its own row, written as soon as it is replayed. Deleting a call deletes its
 * results (they quote its messages); deleting the agent deletes its replays.
 */
export function replaysMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('replays'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('agent_version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema.createIndex('replays_agent_idx').on('replays').columns(['agent_id', 'id']).execute();
      await db.schema.createIndex('replays_queue_idx').on('replays').columns(['status', 'lease_until']).execute();
      await withIdColumn(db.schema.createTable('replay_conversations'), dialect)
        .addColumn('replay_id', 'integer', (c) => c.notNull().references('replays.id').onDelete('cascade'))
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        /** pending until replayed, then identical | text_only | diverged | error. */
        .addColumn('status', 'text', (c) => c.notNull())
        /** JSON: replayConversationSchema's turns_replayed, first_divergence, error and llm. */
        .addColumn('result', 'text')
        .addUniqueConstraint('replay_conversations_once', ['replay_id', 'session_id'])
        .execute();
      await db.schema.createIndex('replay_conversations_replay_idx').on('replay_conversations').columns(['replay_id', 'position']).execute();
    },
  };
}
