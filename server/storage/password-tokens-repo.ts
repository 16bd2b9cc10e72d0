/**
 * One-time set-password tokens, stored as SHA-256 hashes. Redeeming marks the token used
 * with a conditional update inside the transaction that sets the password, so two
 * requests racing with one link cannot both succeed, on one process or several.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type PasswordTokenPurpose = 'first_admin' | 'invite' | 'cli';

export type PasswordTokensRepo = ReturnType<typeof createPasswordTokensRepo>;

export function createPasswordTokensRepo(db: Kysely<Database>) {
  return {
    async insert(token: { tokenHash: string; userId: number; purpose: PasswordTokenPurpose; createdAt: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('password_tokens')
        .values({ token_hash: token.tokenHash, user_id: token.userId, purpose: token.purpose, created_at: token.createdAt, expires_at: token.expiresAt, used_at: null })
        .execute();
    },

    /** The user a token may still set the password of: unused and not expired at `nowIso`. */
    async usableBy(tokenHash: string, nowIso: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('password_tokens')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      return row?.user_id;
    },

    /**
     * Uses the token and sets its user's password, ending the user's other console
     * sessions, in one transaction. `undefined` when the token was used or expired meanwhile.
     */
    async redeem(tokenHash: string, passwordHash: string, nowIso: string): Promise<number | undefined> {
      return db.transaction().execute(async (trx) => {
        const used = await trx
          .updateTable('password_tokens')
          .set({ used_at: nowIso })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', nowIso)
          .returning('user_id')
          .executeTakeFirst();
        if (!used) return undefined;
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', used.user_id).execute();
        await trx.deleteFrom('console_sessions').where('user_id', '=', used.user_id).execute();
        return used.user_id;
      });
    },
  };
}
