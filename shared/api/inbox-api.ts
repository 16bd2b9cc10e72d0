/**
 * `/v1/inbox`: the operators' queue of conversations handed to a human — who has claimed
 * each, what the claimer has not read — and the bodies of claiming, replying and handing a
 * conversation back to the agent's workflow at a node the operator picks.
 */
import { z } from 'zod';
import { callChannelSchema } from './calls-api.ts';

/** The name (and nothing else) an operator shows the visitor: plain text, one line. */
const displayName = z
  .string()
  .trim()
  .min(1, 'display_name must not be empty')
  .max(60)
  .regex(/^[^\p{Cc}<>]+$/u, 'display_name is plain text on one line (no control characters, < or >)');

export const inboxClaimSchema = z.object({
  /** `user_…` for a person of the console, `key_…` for an API key. */
  claimed_by: z.string(),
  /** What the visitor sees beside the claimer's messages. */
  display_name: z.string(),
  claimed_at: z.string(),
});
export type InboxClaim = z.infer<typeof inboxClaimSchema>;

export const inboxEntrySchema = z.object({
  call_id: z.string(),
  workflow_run_id: z.number().int(),
  agent: z.object({ id: z.string(), name: z.string() }),
  channel: callChannelSchema,
  /** When the conversation was handed to a human. */
  waiting_since: z.string(),
  updated_at: z.string(),
  message_count: z.number().int(),
  /** Visitor messages the claimer has not read yet (with no claim: all of them). */
  unread_count: z.number().int(),
  /** Why the agent handed the conversation over: the node it was at and its last words. */
  hand_off: z.object({ node: z.string().nullable(), message: z.string().nullable() }),
  last_message: z.object({ author: z.enum(['agent', 'user', 'operator']), content: z.string() }).nullable(),
  /** Who has the conversation; `null` while nobody has claimed it. */
  claim: inboxClaimSchema.nullable(),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

export const inboxResponseSchema = z.object({
  conversations: z.array(inboxEntrySchema),
  /** Sum of `unread_count`: a badge for the console's navigation. */
  unread_total: z.number().int(),
});
export type InboxResponse = z.infer<typeof inboxResponseSchema>;

export const claimRequestSchema = z
  .object({ display_name: displayName.optional().describe("Shown to the visitor on the operator's messages; default: the part of the operator's e-mail before @") })
  .strict();
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const inboxReplyRequestSchema = z.object({ content: z.string().trim().min(1, 'content must not be empty').max(8000) }).strict();

export const inboxReplySchema = z.object({
  call_id: z.string(),
  index: z.number().int(),
  role: z.literal('assistant'),
  author: z.literal('operator'),
  author_name: z.string(),
  content: z.string(),
  timestamp: z.string(),
});
export type InboxReply = z.infer<typeof inboxReplySchema>;

export const handBackRequestSchema = z
  .object({
    node: z.string().min(1).max(64).describe("The id of a node of the conversation's workflow; the agent goes on from there with the conversation's variables"),
  })
  .strict();
export type HandBackRequest = z.infer<typeof handBackRequestSchema>;

export const handBackResponseSchema = z.object({
  call_id: z.string(),
  node: z.string(),
  /** The conversation's status once the workflow rests again (it may end or transfer at once). */
  status: z.enum(['active', 'transferred', 'ended']),
  /** The agent's message from that node, as the visitor sees it. */
  message: z.object({ index: z.number().int(), content: z.string(), choices: z.array(z.string()).optional() }),
});
export type HandBackResponse = z.infer<typeof handBackResponseSchema>;

/** On the inbox stream, a `typing` event: the visitor of `call_id` is writing (shown for a few seconds; stored nowhere). */
export const inboxTypingEventSchema = z.object({ call_id: z.string(), author: z.literal('user') });
export type InboxTypingEvent = z.infer<typeof inboxTypingEventSchema>;
