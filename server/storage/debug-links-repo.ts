/**
 * Debug links of calls: one live link per call at most, revocable. The token is a
 * capability (whoever holds the link reads the masked log), shown again on each GET.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import type { CallDebugLinksTable } from './calls-webhooks-schema.ts';
import type { Database } from './schema.ts';

export interface DebugLinkRecord {
  sessionId: number;
  workspaceId: number;
  token: string;
  createdAt: string;
}

function toDebugLink(row: Selectable<CallDebugLinksTable>): DebugLinkRecord {
  return { sessionId: row.session_id, workspaceId: row.workspace_id, token: row.token, createdAt: row.created_at };
}

export type DebugLinksRepo = ReturnType<typeof createDebugLinksRepo>;

export function createDebugLinksRepo(db: Kysely<Database>, clock: Clock) {
  const live = (sessionId: number) =>
    db.selectFrom('call_debug_links').selectAll().where('session_id', '=', sessionId).where('revoked_at', 'is', null).orderBy('id').limit(1);

  return {
    /** The call's live link, created on first use. */
    async obtain(sessionId: number, workspaceId: number): Promise<DebugLinkRecord> {
      const existing = await live(sessionId).executeTakeFirst();
      if (existing) return toDebugLink(existing);
      // 256 random bits: the token's unique index never refuses one.
      const token = randomBytes(32).toString('base64url');
      await db.insertInto('call_debug_links').values({ session_id: sessionId, workspace_id: workspaceId, token, created_at: isoNow(clock), revoked_at: null }).execute();
      // Two concurrent first GETs may both insert: everyone answers with the oldest live link.
      return toDebugLink(await live(sessionId).executeTakeFirstOrThrow());
    },

    /** Revoke the call's live links; false when there was none. */
    async revoke(sessionId: number): Promise<boolean> {
      const result = await db
        .updateTable('call_debug_links')
        .set({ revoked_at: isoNow(clock) })
        .where('session_id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async byToken(token: string): Promise<DebugLinkRecord | undefined> {
      const row = await db.selectFrom('call_debug_links').selectAll().where('token', '=', token).where('revoked_at', 'is', null).executeTakeFirst();
      return row ? toDebugLink(row) : undefined;
    },
  };
}
