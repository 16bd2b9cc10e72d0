/**
 * Share links of playground sessions: made, listed and revoked by the workspace, found by
 * the SHA-256 of their token. Only persists; who may share what is the routes' business.
 */
import type { Kysely } from 'kysely';
import { hashSecret } from '../auth/api-key.ts';
import { isoNow, type Clock } from '../clock.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

export interface ShareLinkRecord {
  publicId: string;
  workspaceId: number;
  sessionId: number;
  createdAt: string;
}

/** A session never needs more live links than this: a runaway script cannot fill the table. */
export const MAX_LIVE_SHARE_LINKS = 20;

export type ShareLinksRepo = ReturnType<typeof createShareLinksRepo>;

export function createShareLinksRepo(db: Kysely<Database>, clock: Clock) {
  const live = () => db.selectFrom('share_links').select(['public_id', 'workspace_id', 'session_id', 'created_at']).where('revoked_at', 'is', null);
  const toRecord = (row: { public_id: string; workspace_id: number; session_id: number; created_at: string }): ShareLinkRecord => ({
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    sessionId: row.session_id,
    createdAt: row.created_at,
  });

  return {
    /** Stores a link for `token` (made by the caller, kept only as its hash). */
    async create(workspaceId: number, sessionId: number, token: string): Promise<ShareLinkRecord> {
      const row = { public_id: `share_${newUlid(clock.now())}`, workspace_id: workspaceId, session_id: sessionId, token_hash: hashSecret(token), created_at: isoNow(clock), revoked_at: null };
      await db.insertInto('share_links').values(row).execute();
      return toRecord(row);
    },

    /** The session's live links, oldest first. */
    async listForSession(workspaceId: number, sessionId: number): Promise<ShareLinkRecord[]> {
      const rows = await live().where('workspace_id', '=', workspaceId).where('session_id', '=', sessionId).orderBy('id').limit(MAX_LIVE_SHARE_LINKS).execute();
      return rows.map(toRecord);
    },

    /** Revokes one live link of the session; false when there is none by that id. */
    async revoke(workspaceId: number, sessionId: number, publicId: string): Promise<boolean> {
      const result = await db
        .updateTable('share_links')
        .set({ revoked_at: isoNow(clock) })
        .where('public_id', '=', publicId)
        .where('workspace_id', '=', workspaceId)
        .where('session_id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** The live link a token opens, if any. */
    async byToken(token: string): Promise<ShareLinkRecord | undefined> {
      const row = await live().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
  };
}
