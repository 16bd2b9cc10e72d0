import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * Running Parley under data-protection law (issue #19 items 3 and 4).
 *
 * - `audit_log`: who (a user or an API key, by public id) did what to which object, and
 *   when. Rows hold ids and field names, never conversation content: an erasure is
 *   recorded here without what it erased.
 * - `workspaces.retention_days`: how long ended conversations are kept (null keeps them).
 * - `background_leases`: one row per job that only one process should run at a time (the
 *   retention sweep); a process holds the job until `lease_until`, then any may take it.
 */
export function dataGovernanceMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('audit_log'), dialect)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        /** `user_…`, `key_…`, or `system` (the retention sweep). */
        .addColumn('actor_id', 'text', (c) => c.notNull())
        /** `user`, `api_key` or `system`. */
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        /** `<object type>.<verb>`, e.g. `agent.published`, `call.erased`. */
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        /** JSON: what changed, by field name and id only. */
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_workspace_idx').on('audit_log').columns(['workspace_id', 'id']).execute();
      await db.schema.createIndex('audit_log_object_idx').on('audit_log').columns(['workspace_id', 'object_id']).execute();
      await db.schema.alterTable('workspaces').addColumn('retention_days', 'integer').execute();
      // The sweep looks for ended conversations by when they ended.
      await db.schema.createIndex('sessions_ended_idx').on('sessions').columns(['workspace_id', 'ended_at']).execute();
      await db.schema
        .createTable('background_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('lease_until', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
