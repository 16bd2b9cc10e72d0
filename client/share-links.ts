/** `/v1/calls/{call_id}/share-links` and `/v1/shared/{token}`: read-only links to a playground session. */
import type { CallId } from './calls.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type { CreatedShareLink, SharedSession, ShareLinkList } from './types.ts';

export function shareLinksApi(http: Transport) {
  const call = (callId: CallId) => ({ call_id: callId });
  return {
    /** A new link to a test session: the answer holds its `token` and `url`, shown this once. */
    create: (callId: CallId, options?: RequestOptions) => http.json<CreatedShareLink>('POST /v1/calls/{call_id}/share-links', { params: call(callId), options }),
    /** The session's live links, never their tokens. */
    list: (callId: CallId, options?: RequestOptions) => http.json<ShareLinkList>('GET /v1/calls/{call_id}/share-links', { params: call(callId), options }),
    /** Its page answers 404 from now on. */
    revoke: (callId: CallId, id: string, options?: RequestOptions) => http.none('DELETE /v1/calls/{call_id}/share-links/{id}', { params: { ...call(callId), id }, options }),
    /** What a link shows, by its token: public, no key needed. */
    read: (token: string, options?: RequestOptions) => http.json<SharedSession>('GET /v1/shared/{token}', { params: { token }, options }),
  };
}
