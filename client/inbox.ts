/** `/v1/inbox`: the operators' queue of conversations handed to a human, claims, replies and hand backs. */
import type { CallId } from './calls.ts';
import { readServerSentEvents } from './server-sent-events.ts';
import type { Operation, RequestOptions, Transport } from './transport.ts';
import type { ClaimInput, HandBack, HandBackInput, Inbox, InboxEntry, InboxReply, InboxReplyInput } from './types.ts';

const EVENTS: Operation = 'GET /v1/inbox/events';

/** The queue as it changes: the whole of it when the stream opens, then again after each change. */
async function* followInbox(http: Transport, options?: RequestOptions): AsyncGenerator<Inbox> {
  const response = await http.open(EVENTS, { accept: 'text/event-stream', options });
  if (!response.body) throw http.invalid(EVENTS, 'the event stream has no body', response.status);
  for await (const sse of readServerSentEvents(response.body)) {
    if (sse.event === 'inbox') yield http.decode<Inbox>(EVENTS, response.status, sse.data, sse.event);
  }
}

export function inboxApi(http: Transport) {
  const call = (callId: CallId) => ({ call_id: callId });
  return {
    /** Conversations a human has, oldest waiting first, with claims and unread counts. */
    list: (options?: RequestOptions) => http.json<Inbox>('GET /v1/inbox', { options }),
    /** Pushed, no polling: the queue when the stream opens and after every change, on any server process. Leave the loop (or abort) to close it. */
    events: (options?: RequestOptions): AsyncGenerator<Inbox> => followInbox(http, options),
    /** Claim one; a `ParleyError` with code `already_claimed` names who has it. */
    claim: (callId: CallId, body: ClaimInput = {}, options?: RequestOptions) => http.json<InboxEntry>('POST /v1/inbox/{call_id}/claim', { params: call(callId), body, options }),
    /** The claimer has read it: its unread count drops to zero. */
    markRead: (callId: CallId, options?: RequestOptions) => http.json<InboxEntry>('POST /v1/inbox/{call_id}/read', { params: call(callId), options }),
    /** The claimer's reply, shown to the visitor with the claim's display name. */
    reply: (callId: CallId, body: InboxReplyInput, options?: RequestOptions) => http.json<InboxReply>('POST /v1/inbox/{call_id}/messages', { params: call(callId), body, options }),
    /** The claimer is writing: the visitor's widget shows "<name> is typing…" for a few seconds. */
    typing: (callId: CallId, options?: RequestOptions) => http.none('POST /v1/inbox/{call_id}/typing', { params: call(callId), options }),
    /** Back to the agent, whose workflow goes on from `node` with the conversation's variables. */
    handBack: (callId: CallId, body: HandBackInput, options?: RequestOptions) => http.json<HandBack>('POST /v1/inbox/{call_id}/hand-back', { params: call(callId), body, options }),
  };
}
