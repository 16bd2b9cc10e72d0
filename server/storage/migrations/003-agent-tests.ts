import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/** Agent tests, their folders and agent attachments, and the persisted queue of runs. */
export function agentTestsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('agent_test_folders'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'integer', (c) => c.references('agent_test_folders.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agent_test_folders_workspace_idx').on('agent_test_folders').columns(['workspace_id', 'parent_id']).execute();

      await withIdColumn(db.schema.createTable('agent_tests'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('variables', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('folder_id', 'integer', (c) => c.references('agent_test_folders.id').onDelete('set null'))
        .addColumn('tool_mock_config', 'text')
        .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agent_tests_workspace_idx').on('agent_tests').columns(['workspace_id', 'id']).execute();

      await db.schema
        .createTable('agent_test_attachments')
        .addColumn('test_id', 'integer', (c) => c.notNull().references('agent_tests.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_test_attachments_pk', ['test_id', 'agent_id'])
        .execute();
      await db.schema.createIndex('agent_test_attachments_agent_idx').on('agent_test_attachments').columns(['agent_id', 'test_id']).execute();

      await withIdColumn(db.schema.createTable('agent_test_runs'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('test_id', 'integer', (c) => c.notNull().references('agent_tests.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
        .addColumn('agent_version', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('passed', 'integer')
        .addColumn('rationale', 'text')
        .addColumn('error', 'text')
        .addColumn('result', 'text')
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('completed_at', 'text')
        .execute();
      // The queue reads the oldest queued runs; lists read a test's latest run; stats read by completion.
      await db.schema.createIndex('agent_test_runs_queue_idx').on('agent_test_runs').columns(['status', 'id']).execute();
      await db.schema.createIndex('agent_test_runs_test_idx').on('agent_test_runs').columns(['test_id', 'id']).execute();
      await db.schema.createIndex('agent_test_runs_completed_idx').on('agent_test_runs').columns(['workspace_id', 'completed_at']).execute();
    },
  };
}
