/**
 * Server-side console sessions, keyed by the SHA-256 of the cookie's value. Expiry is
 * data (both instants are stored); the service decides, this only persists.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface ConsoleSessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export type ConsoleSessionsRepo = ReturnType<typeof createConsoleSessionsRepo>;

export function createConsoleSessionsRepo(db: Kysely<Database>) {
  return {
    async insert(session: ConsoleSessionRecord): Promise<void> {
      await db
        .insertInto('console_sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          idle_expires_at: session.idleExpiresAt,
          absolute_expires_at: session.absoluteExpiresAt,
        })
        .execute();
    },

    async get(idHash: string): Promise<ConsoleSessionRecord | undefined> {
      const row = await db.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (!row) return undefined;
      return {
        idHash: row.id_hash,
        userId: row.user_id,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        idleExpiresAt: row.idle_expires_at,
        absoluteExpiresAt: row.absolute_expires_at,
      };
    },

    /** Moves the idle expiry forward; a session ended meanwhile stays ended. */
    async touch(idHash: string, lastSeenAt: string, idleExpiresAt: string): Promise<void> {
      await db.updateTable('console_sessions').set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt }).where('id_hash', '=', idHash).execute();
    },

    async remove(idHash: string): Promise<void> {
      await db.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
    },

    /** Ends every session of a user (a password was set). */
    async removeForUser(userId: number): Promise<void> {
      await db.deleteFrom('console_sessions').where('user_id', '=', userId).execute();
    },

    /** Drops sessions past either expiry: they can never be used again. */
    async prune(nowIso: string): Promise<void> {
      await db
        .deleteFrom('console_sessions')
        .where((eb) => eb.or([eb('idle_expires_at', '<=', nowIso), eb('absolute_expires_at', '<=', nowIso)]))
        .execute();
    },
  };
}
