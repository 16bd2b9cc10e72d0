/** `/v1/users` and `/v1/api-keys`: the workspace's people and keys (admin only). */
import type { RequestOptions, Transport } from './transport.ts';
import type { ApiKeyList, CreateApiKeyInput, CreatedApiKey, CreatedUser, CreateUserInput, UpdateUserInput, User, UserList } from './types.ts';

export function usersApi(http: Transport) {
  return {
    list: (options?: RequestOptions) => http.json<UserList>('GET /v1/users', { options }),
    /** An invite: the answer carries the person's one-time `set_password_url` (72 h). */
    invite: (body: CreateUserInput, options?: RequestOptions) => http.json<CreatedUser>('POST /v1/users', { body, options }),
    update: (id: string, patch: UpdateUserInput, options?: RequestOptions) => http.json<User>('PATCH /v1/users/{id}', { params: { id }, body: patch, options }),
    /** Their console sessions end; the last admin cannot be removed (409 `last_admin`). */
    remove: (id: string, options?: RequestOptions) => http.none('DELETE /v1/users/{id}', { params: { id }, options }),
  };
}

export function apiKeysApi(http: Transport) {
  return {
    /** Each key's prefix and `last_used_at`, never the key. */
    list: (options?: RequestOptions) => http.json<ApiKeyList>('GET /v1/api-keys', { options }),
    /** The answer holds the `key`, shown this once. */
    create: (body: CreateApiKeyInput, options?: RequestOptions) => http.json<CreatedApiKey>('POST /v1/api-keys', { body, options }),
    /** Its next use is a 401. */
    revoke: (id: string, options?: RequestOptions) => http.none('DELETE /v1/api-keys/{id}', { params: { id }, options }),
  };
}
