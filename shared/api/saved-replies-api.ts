/**
 * `/v1/saved-replies`: the workspace's canned answers for the operator inbox. Operators
 * read them and pick one into the reply box; builders and admins write them. A title is
 * unique in its workspace, so the picker never shows two alike.
 */
import { z } from 'zod';

/** Most saved replies a workspace keeps: the picker is a short list, not a knowledge base. */
export const MAX_SAVED_REPLIES = 200;

const title = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(80)
  .regex(/^[^\p{Cc}]+$/u, 'title is plain text on one line (no control characters)');
const content = z.string().trim().min(1, 'content must not be empty').max(8000);

export const savedReplySchema = z.object({
  id: z.string().describe('reply_ + ULID'),
  title: z.string(),
  content: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SavedReply = z.infer<typeof savedReplySchema>;

export const savedReplyListSchema = z.object({
  /** By title, A to Z. */
  saved_replies: z.array(savedReplySchema),
});
export type SavedReplyList = z.infer<typeof savedReplyListSchema>;

export const createSavedReplySchema = z.object({ title, content }).strict();
export type CreateSavedReply = z.infer<typeof createSavedReplySchema>;

export const updateSavedReplySchema = z
  .object({ title: title.optional(), content: content.optional() })
  .strict()
  .refine((patch) => patch.title !== undefined || patch.content !== undefined, 'give title, content or both');
export type UpdateSavedReply = z.infer<typeof updateSavedReplySchema>;
