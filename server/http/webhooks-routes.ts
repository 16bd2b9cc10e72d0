/** `/v1/webhooks`: endpoints that receive signed event deliveries. */
import { createRoute, z } from '@hono/zod-openapi';
import { createdWebhookSchema, createWebhookSchema, updateWebhookSchema, webhookListSchema, webhookSchema } from '../../shared/api/webhooks-api.ts';
import { presentWebhook, type WebhookService } from '../webhooks/webhook-service.ts';
import { auditChange, type AuditRecorder } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Webhooks'];
const security = apiKeySecurity;
const idParams = z.object({ id: z.string().min(1).max(64).describe('wh_ + ULID') });

const routes = {
  list: createRoute({ method: 'get', path: '/v1/webhooks', tags, security, summary: 'List webhooks',
    responses: { 200: jsonContent(webhookListSchema, 'The webhooks, oldest first'), ...commonErrors } }),
  create: createRoute({ method: 'post', path: '/v1/webhooks', tags, security, summary: 'Create a webhook; its signing secret is shown in this answer only',
    request: { body: jsonBody(createWebhookSchema) }, responses: { 201: jsonContent(createdWebhookSchema, 'The webhook with its secret'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/webhooks/{id}', tags, security, summary: 'Get a webhook',
    request: { params: idParams }, responses: { 200: jsonContent(webhookSchema, 'The webhook'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: '/v1/webhooks/{id}', tags, security, summary: 'Change the URL, events, description or enabled flag',
    request: { params: idParams, body: jsonBody(updateWebhookSchema) }, responses: { 200: jsonContent(webhookSchema, 'The webhook'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path: '/v1/webhooks/{id}', tags, security, summary: 'Delete a webhook; its pending deliveries are cancelled',
    request: { params: idParams }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
};

export function createWebhooksRoutes(deps: { webhooks: WebhookService; audit: AuditRecorder }) {
  const { webhooks } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ webhooks: (await webhooks.list(c.var.workspaceId)).map(presentWebhook) }, 200));

  app.openapi(routes.create, async (c) => {
    const { webhook, secret } = await webhooks.create(c.var.workspaceId, c.req.valid('json'));
    await auditChange(c, deps.audit, 'webhook.created', { type: 'webhook', id: webhook.publicId }, { events: webhook.events });
    return c.json({ ...presentWebhook(webhook), secret }, 201);
  });

  app.openapi(routes.get, async (c) => c.json(presentWebhook(await webhooks.require(c.var.workspaceId, c.req.valid('param').id)), 200));

  app.openapi(routes.update, async (c) => {
    const patch = c.req.valid('json');
    const webhook = await webhooks.update(c.var.workspaceId, c.req.valid('param').id, patch);
    const fields = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined).sort();
    await auditChange(c, deps.audit, 'webhook.updated', { type: 'webhook', id: webhook.publicId }, { fields });
    return c.json(presentWebhook(webhook), 200);
  });

  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid('param');
    await webhooks.remove(c.var.workspaceId, id);
    await auditChange(c, deps.audit, 'webhook.deleted', { type: 'webhook', id });
    return c.body(null, 204);
  });

  return app;
}
