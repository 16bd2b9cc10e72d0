/**
 * Sign-in attempt counters in fixed windows, one row per key (`account:…`, `ip:…`). Each
 * count is one atomic upsert, so every process on one Postgres (or one SQLite file)
 * reads and moves the same numbers.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface AttemptWindow {
  /** Attempts in the window, this one included. */
  attempts: number;
  windowStartedAt: string;
}

export type SignInAttemptsRepo = ReturnType<typeof createSignInAttemptsRepo>;

export function createSignInAttemptsRepo(db: Kysely<Database>) {
  return {
    /** Counts one attempt; a window that began at or before `windowStartIso` is over, and a new one begins now. */
    async count(key: string, nowIso: string, windowStartIso: string): Promise<AttemptWindow> {
      const over = sql<boolean>`sign_in_attempts.window_started_at <= ${windowStartIso}`;
      const row = await db
        .insertInto('sign_in_attempts')
        .values({ key, attempts: 1, window_started_at: nowIso })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            attempts: sql<number>`case when ${over} then 1 else sign_in_attempts.attempts + 1 end`,
            window_started_at: sql<string>`case when ${over} then ${nowIso} else sign_in_attempts.window_started_at end`,
          }),
        )
        .returning(['attempts', 'window_started_at'])
        .executeTakeFirstOrThrow();
      return { attempts: Number(row.attempts), windowStartedAt: row.window_started_at };
    },

    /** Takes back one attempt (a success should not count against a shared address). */
    async forgive(key: string): Promise<void> {
      await db
        .updateTable('sign_in_attempts')
        .set({ attempts: sql<number>`attempts - 1` })
        .where('key', '=', key)
        .where('attempts', '>', 0)
        .execute();
    },

    async clear(key: string): Promise<void> {
      await db.deleteFrom('sign_in_attempts').where('key', '=', key).execute();
    },

    /** Drops windows that began before `beforeIso`: they are over and count for nothing. */
    async prune(beforeIso: string): Promise<void> {
      await db.deleteFrom('sign_in_attempts').where('window_started_at', '<', beforeIso).execute();
    },
  };
}
