/** Folders that organise a workspace's agent tests. Nesting rules live in the folder service. */
import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import { toFolder, type FolderRecord } from './agent-test-records.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';

export type AgentTestFoldersRepo = ReturnType<typeof createAgentTestFoldersRepo>;

export function createAgentTestFoldersRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async create(workspaceId: number, name: string, parentId: number | null): Promise<FolderRecord> {
      const now = isoNow(clock);
      const row = await db
        .insertInto('agent_test_folders')
        .values({ public_id: `folder_${newUlid()}`, workspace_id: workspaceId, name, parent_id: parentId, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFolder(row);
    },

    async find(workspaceId: number, publicId: string): Promise<FolderRecord | undefined> {
      const row = await db.selectFrom('agent_test_folders').selectAll().where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst();
      return row ? toFolder(row) : undefined;
    },

    /** Every folder of the workspace: few enough to walk the tree in memory. */
    async list(workspaceId: number): Promise<FolderRecord[]> {
      const rows = await db.selectFrom('agent_test_folders').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      return rows.map(toFolder);
    },

    async update(folder: FolderRecord, patch: { name?: string; parentId?: number | null }): Promise<FolderRecord> {
      const row = await db
        .updateTable('agent_test_folders')
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
          updated_at: isoNow(clock),
        })
        .where('id', '=', folder.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFolder(row);
    },

    /** Delete a folder without subfolders; its tests become unfiled (the foreign key sets null). */
    async remove(folder: FolderRecord): Promise<void> {
      await db.deleteFrom('agent_test_folders').where('id', '=', folder.id).execute();
    },
  };
}
