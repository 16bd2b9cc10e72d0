/**
 * The people of a workspace. Every query that names a user from outside is scoped by
 * workspace, so another workspace's user is simply not found. The "last admin" guard
 * runs inside the change's transaction, with the admins' rows locked on Postgres, so two
 * admins demoting each other at once cannot leave the workspace without one.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { ROLES, type Role } from '../../shared/roles.ts';
import { isoNow, type Clock } from '../clock.ts';
import { isPostgres } from './dialect-of.ts';
import { newUlid } from './new-ulid.ts';
import type { UsersTable } from './people-schema.ts';
import { appendAudit, auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import type { Database } from './schema.ts';
import { isUniqueViolation } from './unique-violation.ts';

export interface UserRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  email: string;
  role: Role;
  /** Null while invited: nobody can sign in as this user yet. */
  passwordHash: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

/** How an admin-guarded change ended. */
export type GuardedOutcome = 'done' | 'not_found' | 'last_admin';

/** The lookup form of an e-mail: addresses differing only in case are one person. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function toRole(text: string): Role {
  const role = ROLES.find((r) => r === text);
  if (!role) throw new Error(`stored user role "${text}" is not one of ${ROLES.join(', ')}`);
  return role;
}

function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    email: row.email,
    role: toRole(row.role),
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** Sign-in looks at no more accounts than this for one e-mail (one per workspace). */
const MAX_ACCOUNTS_PER_EMAIL = 10;

export type UsersRepo = ReturnType<typeof createUsersRepo>;

export function createUsersRepo(db: Kysely<Database>, clock: Clock) {
  /**
   * Runs `change` on the user unless it would leave the workspace without an active
   * admin (`stillAdmin`: whether the user remains an admin afterwards), and writes the
   * change's audit entry in the same transaction.
   */
  async function guarded(
    workspaceId: number,
    publicId: string,
    stillAdmin: boolean,
    change: (trx: Transaction<Database>, user: UserRecord) => Promise<void>,
    audit: AuditOf<UserRecord> | undefined,
  ): Promise<GuardedOutcome> {
    return db.transaction().execute(async (trx) => {
      let admins = trx.selectFrom('users').select('id').where('workspace_id', '=', workspaceId).where('role', '=', 'admin').where('password_hash', 'is not', null);
      if (isPostgres(db)) admins = admins.forUpdate();
      const activeAdmins = await admins.execute();
      const row = await trx.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      if (!row) return 'not_found';
      const user = toUser(row);
      const isActiveAdmin = activeAdmins.some((admin) => admin.id === user.id);
      if (isActiveAdmin && !stillAdmin && activeAdmins.length <= 1) return 'last_admin';
      await change(trx, user);
      const entry = audit?.(user);
      if (entry) await appendAudit(trx, entry, isoNow(clock));
      return 'done';
    });
  }

  return {
    /** A new user without a password (invited); `undefined` when the e-mail is taken in the workspace. */
    async create(workspaceId: number, input: { email: string; role: Role }, audit?: AuditOf<UserRecord>): Promise<UserRecord | undefined> {
      // The unique violation is caught outside the transaction: on Postgres it aborts it.
      try {
        return await auditedTransaction(db, () => isoNow(clock), async (trx) => {
          const row = await trx
          .insertInto('users')
          .values({
            public_id: `user_${newUlid(clock.now())}`,
            workspace_id: workspaceId,
            email: input.email.trim(),
            email_key: emailKey(input.email),
            password_hash: null,
            role: input.role,
            created_at: isoNow(clock),
            last_sign_in_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
          return toUser(row);
        }, audit);
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    async get(id: number): Promise<UserRecord | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async find(workspaceId: number, publicId: string): Promise<UserRecord | undefined> {
      const row = await db.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async findByEmail(workspaceId: number, email: string): Promise<UserRecord | undefined> {
      const row = await db.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).where('email_key', '=', emailKey(email)).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    /** The accounts an e-mail signs in to, oldest workspace first. */
    async accountsOf(email: string): Promise<UserRecord[]> {
      const rows = await db.selectFrom('users').selectAll().where('email_key', '=', emailKey(email)).orderBy('workspace_id').limit(MAX_ACCOUNTS_PER_EMAIL).execute();
      return rows.map(toUser);
    },

    /** The workspace's people, oldest first. */
    async list(workspaceId: number): Promise<UserRecord[]> {
      const rows = await db.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      return rows.map(toUser);
    },

    /** How many of the workspace's admins can sign in. */
    async countActiveAdmins(workspaceId: number): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'admin')
        .where('password_hash', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async recordSignIn(id: number, passwordHash?: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ last_sign_in_at: isoNow(clock), ...(passwordHash === undefined ? {} : { password_hash: passwordHash }) })
        .where('id', '=', id)
        .execute();
    },

    async changeRole(workspaceId: number, publicId: string, role: Role, audit?: AuditOf<UserRecord>): Promise<GuardedOutcome> {
      return guarded(workspaceId, publicId, role === 'admin', async (trx, user) => {
        await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
      }, audit);
    },

    /** Deletes the user; their sessions and set-password links go with them (foreign keys). */
    async remove(workspaceId: number, publicId: string, audit?: AuditOf<UserRecord>): Promise<GuardedOutcome> {
      return guarded(workspaceId, publicId, false, async (trx, user) => {
        await trx.deleteFrom('users').where('id', '=', user.id).execute();
      }, audit);
    },
  };
}
