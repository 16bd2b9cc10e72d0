/**
 * `/v1/agents/{id}/visitor-secret`: the key a site's server signs its visitors with
 * (widget README, "Verified visitors"). Creating one again rotates it: the old one stops
 * verifying at once. The secret is in the create answer only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { visitorSecretSchema, visitorSecretStatusSchema } from '../../shared/api/agents-api.ts';
import { generateVisitorSecret } from '../auth/visitor-signature.ts';
import type { AgentService } from '../agents/agent-service.ts';
import type { VisitorSecretsRepo } from '../storage/visitor-secrets-repo.ts';
import { auditEntry } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';

const params = z.object({ id: z.string().min(1).max(64).describe('agent_xxxxxxxx or the integer id') });
const tags = ['Agents'];
const path = '/v1/agents/{id}/visitor-secret';

const routes = {
  status: createRoute({ method: 'get', path, tags, security: apiKeySecurity, summary: 'Whether the agent has a visitor secret (never the secret itself)',
    request: { params }, responses: { 200: jsonContent(visitorSecretStatusSchema, 'The secret\'s state'), ...commonErrors } }),
  rotate: createRoute({ method: 'post', path, tags, security: apiKeySecurity, summary: 'Create or rotate the visitor secret: shown once, the old one stops working',
    description: 'Signed visitor claims (HMAC-SHA256 or HS256 JWTs) made with the previous secret no longer verify: such visitors are anonymous until the site signs with the new one.',
    request: { params }, responses: { 201: jsonContent(visitorSecretSchema, 'The new secret, shown only here'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path, tags, security: apiKeySecurity, summary: 'Remove the visitor secret: no visitor verifies any more',
    request: { params }, responses: { 204: { description: 'Removed (or there was none)' }, ...commonErrors } }),
};

export interface VisitorSecretDeps {
  agents: Pick<AgentService, 'require'>;
  secrets: Pick<VisitorSecretsRepo, 'status' | 'replace' | 'remove'>;
}

export function createVisitorSecretRoutes(deps: VisitorSecretDeps) {
  const app = createRouter();

  app.openapi(routes.status, async (c) => {
    const agent = await deps.agents.require(c.var.workspaceId, c.req.valid('param').id);
    const createdAt = await deps.secrets.status(agent.id);
    return c.json({ configured: createdAt !== undefined, created_at: createdAt ?? null }, 200);
  });

  app.openapi(routes.rotate, async (c) => {
    const agent = await deps.agents.require(c.var.workspaceId, c.req.valid('param').id);
    const secret = generateVisitorSecret();
    const createdAt = await deps.secrets.replace(agent.id, secret, () => auditEntry(c, 'agent.visitor_secret_rotated', { type: 'agent', id: agent.publicId }));
    return c.json({ secret, created_at: createdAt }, 201);
  });

  app.openapi(routes.remove, async (c) => {
    const agent = await deps.agents.require(c.var.workspaceId, c.req.valid('param').id);
    await deps.secrets.remove(agent.id, () => auditEntry(c, 'agent.visitor_secret_removed', { type: 'agent', id: agent.publicId }));
    return c.body(null, 204);
  });

  return app;
}
