/** `/v1/inbox`: the operators' queue of conversations handed to a human, claims, replies and hand backs. */
import type { CallId } from './calls.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type { ClaimInput, HandBack, HandBackInput, Inbox, InboxEntry, InboxReply, InboxReplyInput } from './types.ts';

export function inboxApi(http: Transport) {
  const call = (callId: CallId) => ({ call_id: callId });
  return {
    /** Conversations a human has, oldest waiting first, with claims and unread counts. */
    list: (options?: RequestOptions) => http.json<Inbox>('GET /v1/inbox', { options }),
    /** Claim one; a `ParleyError` with code `already_claimed` names who has it. */
    claim: (callId: CallId, body: ClaimInput = {}, options?: RequestOptions) => http.json<InboxEntry>('POST /v1/inbox/{call_id}/claim', { params: call(callId), body, options }),
    /** The claimer has read it: its unread count drops to zero. */
    markRead: (callId: CallId, options?: RequestOptions) => http.json<InboxEntry>('POST /v1/inbox/{call_id}/read', { params: call(callId), options }),
    /** The claimer's reply, shown to the visitor with the claim's display name. */
    reply: (callId: CallId, body: InboxReplyInput, options?: RequestOptions) => http.json<InboxReply>('POST /v1/inbox/{call_id}/messages', { params: call(callId), body, options }),
    /** Back to the agent, whose workflow goes on from `node` with the conversation's variables. */
    handBack: (callId: CallId, body: HandBackInput, options?: RequestOptions) => http.json<HandBack>('POST /v1/inbox/{call_id}/hand-back', { params: call(callId), body, options }),
  };
}
