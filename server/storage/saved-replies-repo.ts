/**
 * Saved replies of a workspace: listed by title, made, changed and deleted. Only
 * persists; a duplicate title surfaces as the database's unique violation, for the
 * service to word.
 */
import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

export interface SavedReplyRecord {
  publicId: string;
  title: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedRepliesRepo = ReturnType<typeof createSavedRepliesRepo>;

export function createSavedRepliesRepo(db: Kysely<Database>, clock: Clock) {
  const columns = ['public_id', 'title', 'content', 'created_at', 'updated_at'] as const;
  const toRecord = (row: { public_id: string; title: string; content: string; created_at: string; updated_at: string }): SavedReplyRecord => ({
    publicId: row.public_id,
    title: row.title,
    content: row.content,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });

  return {
    /** The workspace's replies by title, at most `limit`. */
    async list(workspaceId: number, limit: number): Promise<SavedReplyRecord[]> {
      const rows = await db.selectFrom('saved_replies').select(columns).where('workspace_id', '=', workspaceId).orderBy('title').orderBy('id').limit(limit).execute();
      return rows.map(toRecord);
    },

    async count(workspaceId: number): Promise<number> {
      const row = await db.selectFrom('saved_replies').select((eb) => eb.fn.countAll<string | number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async find(workspaceId: number, publicId: string): Promise<SavedReplyRecord | undefined> {
      const row = await db.selectFrom('saved_replies').select(columns).where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row && toRecord(row);
    },

    async create(workspaceId: number, input: { title: string; content: string }): Promise<SavedReplyRecord> {
      const now = isoNow(clock);
      const row = { public_id: `reply_${newUlid(clock.now())}`, workspace_id: workspaceId, title: input.title, content: input.content, created_at: now, updated_at: now };
      await db.insertInto('saved_replies').values(row).execute();
      return toRecord(row);
    },

    /** The reply as changed; `undefined` when the workspace has none by that id. */
    async update(workspaceId: number, publicId: string, patch: { title?: string; content?: string }): Promise<SavedReplyRecord | undefined> {
      const result = await db
        .updateTable('saved_replies')
        .set({ ...patch, updated_at: isoNow(clock) })
        .where('workspace_id', '=', workspaceId)
        .where('public_id', '=', publicId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      const row = await db.selectFrom('saved_replies').select(columns).where('public_id', '=', publicId).executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async remove(workspaceId: number, publicId: string): Promise<boolean> {
      const result = await db.deleteFrom('saved_replies').where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
