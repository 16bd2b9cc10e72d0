import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * The webhook outbox: an event is written by the same transaction as the change it
 * reports, and a relay turns it into deliveries later, so a crash between the two
 * cannot lose it. The unique index on deliveries makes relaying an event twice (a relay
 * that outlived its lease) insert nothing the second time.
 */
export function webhookOutboxMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('webhook_outbox'), dialect)
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('session_id', 'integer', (c) => c.references('sessions.id').onDelete('cascade'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .addColumn('present', 'text')
        .addColumn('subject_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema.createIndex('webhook_deliveries_event_attempt_idx').on('webhook_deliveries').columns(['event_id', 'webhook_id', 'attempt']).unique().execute();
    },
  };
}
