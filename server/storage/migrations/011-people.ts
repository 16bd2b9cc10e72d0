import { sql, type Kysely, type Migration } from 'kysely';
import { ulid } from 'ulid';
import type { DialectName } from '../dialect-name.ts';
import { withIdColumn } from './column-types.ts';

/**
 * People and console sign-in (issue #14): users of a workspace, their server-side
 * console sessions, one-time set-password tokens, the failed sign-in counters every
 * process shares, and `public_id` / `last_used_at` on API keys. Every secret (session
 * id, token) is stored as its SHA-256 only; passwords as scrypt hashes.
 */
export function peopleMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db.schema.createTable('users'), dialect)
        .addColumn('public_id', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        // Lower-cased e-mail: the uniqueness and sign-in key, so Sam@X and sam@x are one person.
        .addColumn('email_key', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_sign_in_at', 'text')
        .execute();
      await db.schema.createIndex('users_workspace_email_idx').on('users').columns(['workspace_id', 'email_key']).unique().execute();
      await db.schema.createIndex('users_email_idx').on('users').column('email_key').execute();

      await db.schema
        .createTable('console_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('idle_expires_at', 'text', (c) => c.notNull())
        .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('console_sessions_user_idx').on('console_sessions').column('user_id').execute();
      await db.schema.createIndex('console_sessions_expiry_idx').on('console_sessions').column('idle_expires_at').execute();

      await db.schema
        .createTable('password_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('password_tokens_user_idx').on('password_tokens').column('user_id').execute();

      await db.schema
        .createTable('sign_in_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sign_in_attempts_window_idx').on('sign_in_attempts').column('window_started_at').execute();

      await db.schema.alterTable('api_keys').addColumn('public_id', 'text').execute();
      await db.schema.alterTable('api_keys').addColumn('last_used_at', 'text').execute();
      const keys = await sql<{ id: number }>`select id from api_keys`.execute(db);
      for (const { id } of keys.rows) await sql`update api_keys set public_id = ${`key_${ulid()}`} where id = ${id}`.execute(db);
      await db.schema.createIndex('api_keys_public_id_idx').on('api_keys').column('public_id').unique().execute();
    },
  };
}
