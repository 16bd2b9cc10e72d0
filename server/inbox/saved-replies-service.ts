/**
 * Saved replies of the operator inbox: a workspace's canned answers, at most
 * `MAX_SAVED_REPLIES`, each title once. Who may write them is the role table's business.
 */
import { MAX_SAVED_REPLIES, type CreateSavedReply, type UpdateSavedReply } from '../../shared/api/saved-replies-api.ts';
import { conflict, notFound } from '../errors.ts';
import type { SavedRepliesRepo, SavedReplyRecord } from '../storage/saved-replies-repo.ts';
import { isUniqueViolation } from '../storage/unique-violation.ts';

export type SavedRepliesService = ReturnType<typeof createSavedRepliesService>;

const titleTaken = (title: string) => conflict(`A saved reply is already called "${title}"`);

/** Runs a write, turning the database's duplicate-title refusal into a 409 that names the title. */
async function uniqueTitle<T>(title: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (title !== undefined && isUniqueViolation(error)) throw titleTaken(title);
    throw error;
  }
}

export function createSavedRepliesService(deps: { replies: SavedRepliesRepo }) {
  const { replies } = deps;
  return {
    list: (workspaceId: number) => replies.list(workspaceId, MAX_SAVED_REPLIES),

    async create(workspaceId: number, input: CreateSavedReply): Promise<SavedReplyRecord> {
      if ((await replies.count(workspaceId)) >= MAX_SAVED_REPLIES) throw conflict(`A workspace keeps at most ${MAX_SAVED_REPLIES} saved replies: delete one first`);
      return uniqueTitle(input.title, () => replies.create(workspaceId, input));
    },

    async update(workspaceId: number, id: string, patch: UpdateSavedReply): Promise<SavedReplyRecord> {
      const changes = { ...(patch.title !== undefined ? { title: patch.title } : {}), ...(patch.content !== undefined ? { content: patch.content } : {}) };
      const updated = await uniqueTitle(patch.title, () => replies.update(workspaceId, id, changes));
      if (!updated) throw notFound(`No saved reply ${id}`);
      return updated;
    },

    async remove(workspaceId: number, id: string): Promise<void> {
      if (!(await replies.remove(workspaceId, id))) throw notFound(`No saved reply ${id}`);
    },
  };
}
