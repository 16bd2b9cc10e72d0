/**
 * The operator inbox API as the console's inbox page uses it (`/v1/inbox`: claim, read,
 * reply, hand back, saved replies), parsed with the shared schemas. The queue itself comes pushed, from
 * the shell's `InboxFeed`; ending a conversation is the calls API's.
 */
import { handBackResponseSchema, inboxEntrySchema, inboxReplySchema, inboxResponseSchema } from '../../../shared/api/inbox-api.ts';
import { savedReplyListSchema } from '../../../shared/api/saved-replies-api.ts';
import type { HttpClient } from './http-client.ts';

export function createInboxClient(http: HttpClient) {
  const path = (callId: string, action: string) => `/v1/inbox/${encodeURIComponent(callId)}/${action}`;
  return {
    /** The whole queue read from the feed's raw event, checked against the shared schema. */
    parseQueue: (raw: unknown) => inboxResponseSchema.parse(raw),
    claim: (callId: string) => http.post(path(callId, 'claim'), {}, inboxEntrySchema),
    read: (callId: string) => http.post(path(callId, 'read'), undefined, inboxEntrySchema),
    reply: (callId: string, content: string) => http.post(path(callId, 'messages'), { content }, inboxReplySchema),
    typing: (callId: string) => http.write('POST', path(callId, 'typing')),
    handBack: (callId: string, node: string) => http.post(path(callId, 'hand-back'), { node }, handBackResponseSchema),
    savedReplies: async () => (await http.get('/v1/saved-replies', savedReplyListSchema)).saved_replies,
  };
}

export type InboxClient = ReturnType<typeof createInboxClient>;
