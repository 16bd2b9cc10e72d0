/**
 * Deleting conversations for good: a session row and, by the foreign keys' cascades,
 * everything hanging off it (branches, messages, snapshots, events, append keys, tokens,
 * inbox claims, gathers, debug and share links, webhook outbox rows and deliveries).
 * Each batch is deleted in one transaction together with its audit entries.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { appendAudit, type AuditEntryInput } from './audit-log-repo.ts';
import type { Database } from './schema.ts';

export type ErasureRepo = ReturnType<typeof createErasureRepo>;

export function createErasureRepo(db: Kysely<Database>, clock: Clock) {
  return {
    /** The session's id when it belongs to the workspace. */
    async find(workspaceId: number, sessionId: number): Promise<number | undefined> {
      const row = await db.selectFrom('sessions').select('id').where('workspace_id', '=', workspaceId).where('id', '=', sessionId).executeTakeFirst();
      return row?.id;
    },

    /** Sessions of a verified visitor, oldest first, a chunk at a time. */
    async visitorChunk(workspaceId: number, visitorId: string, afterId: number, size: number): Promise<number[]> {
      const rows = await db
        .selectFrom('sessions')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('visitor_id', '=', visitorId)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(size)
        .execute();
      return rows.map((r) => r.id);
    },

    /** Sessions with any metadata, oldest first, a chunk at a time: the caller matches the JSON. */
    async metadataChunk(workspaceId: number, afterId: number, size: number): Promise<Array<{ id: number; metadata: string }>> {
      return db
        .selectFrom('sessions')
        .select(['id', 'metadata'])
        .where('workspace_id', '=', workspaceId)
        .where('metadata', '<>', '{}')
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(size)
        .execute();
    },

    /** Ended sessions of the workspace that ended before `cutoff`, at most `limit`. */
    async endedBefore(workspaceId: number, cutoff: string, limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom('sessions')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('status', '=', 'ended')
        .where('ended_at', '<', cutoff)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },

    /**
     * Deletes the sessions (of that workspace only) and writes the audit entries `auditOf`
     * makes for the ones this call deleted, in the same transaction. Another process may
     * have deleted some first: those are neither counted nor recorded twice.
     */
    async erase(workspaceId: number, sessionIds: number[], auditOf: (deletedIds: number[]) => AuditEntryInput[]): Promise<number[]> {
      if (sessionIds.length === 0) return [];
      const at = new Date(clock.now()).toISOString();
      return db.transaction().execute(async (trx) => {
        const rows = await trx.deleteFrom('sessions').where('workspace_id', '=', workspaceId).where('id', 'in', sessionIds).returning('id').execute();
        const deleted = rows.map((r) => r.id);
        if (deleted.length > 0) for (const entry of auditOf(deleted)) await appendAudit(trx, entry, at);
        return deleted;
      });
    },
  };
}
