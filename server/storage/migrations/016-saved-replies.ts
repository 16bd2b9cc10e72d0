import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * Saved replies of the operator inbox (issue #15 item 3): canned answers a workspace
 * shares. The unique title per workspace is what keeps two writers (or two processes)
 * from making two alike.
 */
export function savedRepliesMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('saved_replies'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('saved_replies_workspace_title', ['workspace_id', 'title'])
        .execute();
    },
  };
}
