import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * Webhooks and their delivery queue (one row per attempt: the queue and the delivery
 * log are the same table), keypad gathers, and debug links of calls.
 */
export function callsWebhooksMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('webhooks'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_workspace_idx').on('webhooks').columns(['workspace_id', 'id']).execute();

      await withIdColumn(db.schema.createTable('webhook_deliveries'), dialect)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        // The log outlives a deleted webhook; its pending attempts are cancelled by the worker.
        .addColumn('webhook_id', 'integer', (c) => c.references('webhooks.id').onDelete('set null'))
        .addColumn('session_id', 'integer', (c) => c.references('sessions.id').onDelete('cascade'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('attempted_at', 'text')
        .execute();
      await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('webhook_deliveries_session_idx').on('webhook_deliveries').columns(['session_id', 'created_at']).execute();

      await withIdColumn(db.schema.createTable('call_gathers'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('max_digits', 'integer', (c) => c.notNull())
        .addColumn('terminator', 'text', (c) => c.notNull())
        .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('input', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .execute();
      // At most one active gather per call, whichever process tries to start a second.
      await db.schema
        .createIndex('call_gathers_one_active_idx')
        .on('call_gathers')
        .column('session_id')
        .unique()
        .where(sql.ref('status'), '=', 'active')
        .execute();
      await db.schema.createIndex('call_gathers_expiry_idx').on('call_gathers').columns(['status', 'expires_at']).execute();

      await withIdColumn(db.schema.createTable('call_debug_links'), dialect)
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('call_debug_links_session_idx').on('call_debug_links').columns(['session_id', 'revoked_at']).execute();
    },
  };
}
