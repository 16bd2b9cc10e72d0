import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/** Sessions (calls), their messages and branches, and the pushed-events log. */
export function sessionsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('sessions'), dialect)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
        .addColumn('agent_version', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('ended_reason', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('current_branch', 'text', (c) => c.notNull())
        .addColumn('branch_count', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('snapshot', 'text')
        .addColumn('node', 'text')
        .addColumn('variables', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('overrides', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('token_hash', 'text')
        .addColumn('public_key', 'text')
        .addColumn('transfer_destination', 'text')
        .addColumn('prompt_tokens', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('completion_tokens', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('tool_call_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema.createIndex('sessions_workspace_idx').on('sessions').columns(['workspace_id', 'id']).execute();
      await db.schema.createIndex('sessions_expiry_idx').on('sessions').columns(['status', 'expires_at']).execute();
      await db.schema.createIndex('sessions_public_key_idx').on('sessions').column('public_key').execute();

      await db.schema
        .createTable('session_branches')
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('fork_index', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_branches_pk', ['session_id', 'id'])
        .execute();

      await withIdColumn(db.schema.createTable('messages'), dialect)
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('choices', 'text')
        .addColumn('snapshot', 'text')
        .addColumn('turn', 'text')
        .addColumn('feedback', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_position_unique', ['session_id', 'branch_id', 'idx'])
        .execute();

      await withIdColumn(db.schema.createTable('session_events'), dialect)
        .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('session_events_session_idx').on('session_events').columns(['session_id', 'id']).execute();
    },
  };
}
