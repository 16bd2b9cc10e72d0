/** `/v1/saved-replies`: the workspace's canned answers for the operator inbox. */
import type { RequestOptions, Transport } from './transport.ts';
import type { CreateSavedReplyInput, SavedReply, SavedReplyList, UpdateSavedReplyInput } from './types.ts';

export function savedRepliesApi(http: Transport) {
  const reply = (id: string) => ({ id });
  return {
    /** Every saved reply of the workspace, by title. */
    list: (options?: RequestOptions) => http.json<SavedReplyList>('GET /v1/saved-replies', { options }),
    /** A `ParleyError` with code `conflict` when the title is taken. Builders and admins only. */
    create: (body: CreateSavedReplyInput, options?: RequestOptions) => http.json<SavedReply>('POST /v1/saved-replies', { body, options }),
    update: (id: string, body: UpdateSavedReplyInput, options?: RequestOptions) => http.json<SavedReply>('PATCH /v1/saved-replies/{id}', { params: reply(id), body, options }),
    remove: (id: string, options?: RequestOptions) => http.none('DELETE /v1/saved-replies/{id}', { params: reply(id), options }),
  };
}
