/** `/v1/api-keys`: the workspace's API keys, with when each was last used (to the minute). */
import { createRoute, z } from '@hono/zod-openapi';
import { apiKeyListSchema, createApiKeySchema, createdApiKeySchema, type ApiKeyResponse } from '../../shared/api/auth-api.ts';
import { notFound } from '../errors.ts';
import type { ApiKeyRecord, ApiKeysRepo } from '../storage/api-keys-repo.ts';
import { auditEntry } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['API keys'];
const security = apiKeySecurity;
const idParams = z.object({ id: z.string().min(1).max(64).describe('key_ + ULID') });

const routes = {
  list: createRoute({ method: 'get', path: '/v1/api-keys', tags, security, summary: 'List the workspace\'s API keys with their last use, oldest first',
    responses: { 200: jsonContent(apiKeyListSchema, 'The keys (never the keys themselves)'), ...commonErrors } }),
  create: createRoute({ method: 'post', path: '/v1/api-keys', tags, security, summary: 'Create an API key; the key is shown in this answer only',
    request: { body: jsonBody(createApiKeySchema) }, responses: { 201: jsonContent(createdApiKeySchema, 'The key, once'), ...commonErrors } }),
  revoke: createRoute({ method: 'delete', path: '/v1/api-keys/{id}', tags, security, summary: 'Revoke an API key: its next use is a 401',
    request: { params: idParams }, responses: { 204: { description: 'Revoked' }, ...commonErrors } }),
};

function presentKey(key: ApiKeyRecord): ApiKeyResponse {
  return { id: key.publicId, name: key.name, prefix: key.prefix, created_at: key.createdAt, last_used_at: key.lastUsedAt };
}

export function createApiKeysRoutes(deps: { apiKeys: Pick<ApiKeysRepo, 'list' | 'issue' | 'revoke'> }) {
  const { apiKeys } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ data: (await apiKeys.list(c.var.workspaceId)).map(presentKey) }, 200));

  app.openapi(routes.create, async (c) => {
    const { key, record } = await apiKeys.issue(c.var.workspaceId, c.req.valid('json').name, (made) =>
      auditEntry(c, 'api_key.created', { type: 'api_key', id: made.publicId }, { name: made.name }),
    );
    const { last_used_at: _never, ...listed } = presentKey(record);
    return c.json({ ...listed, key }, 201);
  });

  app.openapi(routes.revoke, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await apiKeys.revoke(c.var.workspaceId, id, () => auditEntry(c, 'api_key.revoked', { type: 'api_key', id })))) throw notFound('API key not found');
    return c.body(null, 204);
  });

  return app;
}
