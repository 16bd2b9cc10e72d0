import { createMiddleware } from 'hono/factory';
import { unauthorized } from '../errors.ts';
import type { ApiKeysRepo } from '../storage/api-keys-repo.ts';
import type { AppEnv } from './app-env.ts';

/** The key from `Authorization: Bearer <key>` or `x-api-key: <key>`, if either is sent. */
export function readApiKey(headers: { header(name: string): string | undefined }): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.header('authorization') ?? '');
  return bearer?.[1] ?? headers.header('x-api-key')?.trim() ?? undefined;
}

/**
 * API keys only, for the integration routes outside `/v1` (`/api/v1/sessions`); `/v1`
 * also takes the console session (see `authenticator`). A missing or unknown key is a
 * 401 that says which header to send; the key itself is never logged.
 */
export function apiKeyAuth(deps: { apiKeys: Pick<ApiKeysRepo, 'authenticate'> }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = readApiKey(c.req);
    if (!key) throw unauthorized('Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"');
    const holder = await deps.apiKeys.authenticate(key);
    if (!holder) throw unauthorized('Invalid API key: send a valid key as "Authorization: Bearer <key>" or "x-api-key: <key>"');
    c.set('workspaceId', holder.workspaceId);
    await next();
  });
}
