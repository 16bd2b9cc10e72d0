/** `/v1/webhooks`: endpoints that receive signed event deliveries, their secrets and their delivery log. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  createdWebhookSchema,
  createWebhookSchema,
  deliveryDetailSchema,
  deliveryLogQuerySchema,
  deliveryLogSchema,
  rotatedWebhookSchema,
  rotateSecretSchema,
  updateWebhookSchema,
  webhookListSchema,
  webhookSchema,
} from '../../shared/api/webhooks-api.ts';
import type { DeliveryLog } from '../webhooks/delivery-log.ts';
import { presentDelivery } from '../webhooks/present-delivery.ts';
import { presentWebhook, type WebhookService } from '../webhooks/webhook-service.ts';
import { auditEntry } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Webhooks'];
const security = apiKeySecurity;
const idParams = z.object({ id: z.string().min(1).max(64).describe('wh_ + ULID') });
const deliveryParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647).describe('The id of an attempt in the delivery log') });

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
  rotateSecret: createRoute({ method: 'post', path: '/v1/webhooks/{id}/rotate-secret', tags, security,
    summary: 'Replace the signing secret; the old one keeps signing beside it for grace_seconds. The new secret is shown in this answer only',
    request: { params: idParams, body: jsonBody(rotateSecretSchema) }, responses: { 200: jsonContent(rotatedWebhookSchema, 'The webhook with its new secret'), ...commonErrors } }),
  deliveries: createRoute({ method: 'get', path: '/v1/webhooks/{id}/deliveries', tags, security,
    summary: "The webhook's delivery log, newest first: each attempt's request (signatures left out), answer and timing",
    request: { params: idParams, query: deliveryLogQuerySchema }, responses: { 200: jsonContent(deliveryLogSchema, 'A page of attempts'), ...commonErrors } }),
  redeliver: createRoute({ method: 'post', path: '/v1/webhooks/deliveries/{id}/redeliver', tags, security,
    summary: 'Send the event of this attempt again: a new attempt with the same event id and body',
    request: { params: deliveryParams }, responses: { 202: jsonContent(deliveryDetailSchema, 'The queued attempt'), ...commonErrors, ...conflictError } }),
};

export function createWebhooksRoutes(deps: { webhooks: WebhookService; log: DeliveryLog }) {
  const { webhooks, log } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ webhooks: (await webhooks.list(c.var.workspaceId)).map(presentWebhook) }, 200));

  app.openapi(routes.create, async (c) => {
    const { webhook, secret } = await webhooks.create(c.var.workspaceId, c.req.valid('json'), (made) =>
      auditEntry(c, 'webhook.created', { type: 'webhook', id: made.publicId }, { events: made.events }),
    );
    return c.json({ ...presentWebhook(webhook), secret }, 201);
  });

  app.openapi(routes.get, async (c) => c.json(presentWebhook(await webhooks.require(c.var.workspaceId, c.req.valid('param').id)), 200));

  app.openapi(routes.update, async (c) => {
    const patch = c.req.valid('json');
    const fields = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined).sort();
    const webhook = await webhooks.update(c.var.workspaceId, c.req.valid('param').id, patch, (changed) => auditEntry(c, 'webhook.updated', { type: 'webhook', id: changed.publicId }, { fields }));
    return c.json(presentWebhook(webhook), 200);
  });

  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid('param');
    await webhooks.remove(c.var.workspaceId, id, () => auditEntry(c, 'webhook.deleted', { type: 'webhook', id }));
    return c.body(null, 204);
  });

  app.openapi(routes.rotateSecret, async (c) => {
    const { webhook, secret } = await webhooks.rotateSecret(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json').grace_seconds, (rotated) =>
      auditEntry(c, 'webhook.secret_rotated', { type: 'webhook', id: rotated.publicId }),
    );
    return c.json({ ...presentWebhook(webhook), secret }, 200);
  });

  app.openapi(routes.deliveries, async (c) => {
    const { webhook, deliveries, nextCursor } = await log.page(c.var.workspaceId, c.req.valid('param').id, c.req.valid('query'));
    return c.json({ webhook_id: webhook.publicId, deliveries: deliveries.map(presentDelivery), next_cursor: nextCursor }, 200);
  });

  app.openapi(routes.redeliver, async (c) => c.json(presentDelivery(await log.redeliver(c.var.workspaceId, c.req.valid('param').id)), 202));

  return app;
}
