/**
 * Test folders: nesting is at most `MAX_FOLDER_DEPTH` levels, a folder cannot move into
 * itself or below itself, and only an empty-of-subfolders folder can be deleted (its
 * tests become unfiled).
 */
import type { FolderResponse } from '../../shared/api/agent-tests-api.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { FolderRecord } from '../storage/agent-test-records.ts';
import type { AgentTestFoldersRepo } from '../storage/agent-test-folders-repo.ts';
import { folderDepths, presentFolder, presentFolders } from './test-presenter.ts';

export const MAX_FOLDER_DEPTH = 3;

export type FolderService = ReturnType<typeof createFolderService>;

/** How many levels a folder and everything below it occupy (1 for a leaf). */
function height(folder: FolderRecord, folders: readonly FolderRecord[]): number {
  const children = folders.filter((f) => f.parentId === folder.id);
  return 1 + Math.max(0, ...children.map((child) => height(child, folders)));
}

function isBelow(candidate: FolderRecord, ancestor: FolderRecord, folders: readonly FolderRecord[]): boolean {
  for (let at: FolderRecord | undefined = candidate; at; at = folders.find((f) => f.id === at?.parentId)) {
    if (at.id === ancestor.id) return true;
  }
  return false;
}

export function createFolderService(deps: { folders: AgentTestFoldersRepo }) {
  const { folders } = deps;

  async function require(workspaceId: number, publicId: string): Promise<FolderRecord> {
    const folder = await folders.find(workspaceId, publicId);
    if (!folder) throw notFound('Folder not found');
    return folder;
  }

  return {
    require,

    async list(workspaceId: number): Promise<FolderResponse[]> {
      return presentFolders(await folders.list(workspaceId));
    },

    async get(workspaceId: number, publicId: string): Promise<FolderResponse> {
      const folder = await require(workspaceId, publicId);
      return presentFolder(folder, await folders.list(workspaceId));
    },

    async create(workspaceId: number, input: { name: string; parent_id?: string | null | undefined }): Promise<FolderResponse> {
      const parent = input.parent_id ? await require(workspaceId, input.parent_id) : undefined;
      const all = await folders.list(workspaceId);
      if (parent && (folderDepths(all).get(parent.id) ?? 1) >= MAX_FOLDER_DEPTH) {
        throw badRequest(`Folders nest at most ${MAX_FOLDER_DEPTH} levels deep: "${parent.name}" is already at level ${MAX_FOLDER_DEPTH}`, 'folder_too_deep');
      }
      const folder = await folders.create(workspaceId, input.name, parent?.id ?? null);
      return presentFolder(folder, [...all, folder]);
    },

    async update(workspaceId: number, publicId: string, patch: { name?: string | undefined; parent_id?: string | null | undefined }): Promise<FolderResponse> {
      const folder = await require(workspaceId, publicId);
      const all = await folders.list(workspaceId);
      let parentId: number | null | undefined;
      if (patch.parent_id !== undefined) {
        const parent = patch.parent_id === null ? null : await require(workspaceId, patch.parent_id);
        if (parent && isBelow(parent, folder, all)) throw badRequest('A folder cannot move into itself or one of its subfolders', 'folder_cycle');
        // The moved folder lands one level below its new parent, its subfolders with it.
        const levels = (parent ? (folderDepths(all).get(parent.id) ?? 1) : 0) + height(folder, all);
        if (levels > MAX_FOLDER_DEPTH) throw badRequest(`Folders nest at most ${MAX_FOLDER_DEPTH} levels deep: this move would make it ${levels}`, 'folder_too_deep');
        parentId = parent?.id ?? null;
      }
      const saved = await folders.update(folder, { ...(patch.name !== undefined ? { name: patch.name } : {}), ...(parentId !== undefined ? { parentId } : {}) });
      return presentFolder(saved, all.map((f) => (f.id === saved.id ? saved : f)));
    },

    async remove(workspaceId: number, publicId: string): Promise<void> {
      const folder = await require(workspaceId, publicId);
      const all = await folders.list(workspaceId);
      if (all.some((f) => f.parentId === folder.id)) throw conflict('This folder has subfolders: delete or move them first', 'folder_not_empty');
      await folders.remove(folder);
    },
  };
}
