/**
 * Share links of playground sessions (issue #14 item 6): a revocable, read-only link that
 * shows the session's branch tree and every branch, for demos and bug reports. Whoever
 * holds the link reads the conversation, signed out; the token is shown once, when the
 * link is made (only its hash is stored), like an API key.
 */
import { z } from 'zod';
import { branchSchema, chatMessageSchema } from './text-chat-api.ts';

export const shareLinkSchema = z.object({
  id: z.string().describe('share_ + ULID'),
  call_id: z.string(),
  created_at: z.string(),
});
export type ShareLinkResponse = z.infer<typeof shareLinkSchema>;

export const shareLinkListSchema = z.object({ data: z.array(shareLinkSchema) });

export const createdShareLinkSchema = shareLinkSchema.extend({
  token: z.string().describe('43 base62 characters (about 256 bits): shown in this answer only'),
  url: z.string().describe('<public url>/console/share/<token>: opens signed out, read-only'),
});

/** A branch as the shared view shows it: its place in the tree and all its messages. */
export const sharedBranchSchema = branchSchema.extend({ messages: z.array(chatMessageSchema) });

/** What a share link shows: nothing writable, no session token, no key. */
export const sharedSessionSchema = z.object({
  call_id: z.string(),
  agent_name: z.string(),
  status: z.string(),
  created_at: z.string(),
  shared_at: z.string(),
  /** Every branch the session's rewinds kept, roots first, up to a bound; `truncated` when more exist. */
  branches: z.array(sharedBranchSchema),
  truncated: z.boolean(),
});
export type SharedSession = z.infer<typeof sharedSessionSchema>;
