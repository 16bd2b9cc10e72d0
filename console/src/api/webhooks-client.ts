/**
 * The webhooks API as the console's admin page uses it: endpoints (list, create, change,
 * delete), a secret's rotation with its grace period, and each endpoint's delivery log
 * with redelivery. Parsed with the shared schemas.
 */
import {
  createdWebhookSchema,
  deliveryDetailSchema,
  deliveryLogSchema,
  rotatedWebhookSchema,
  webhookListSchema,
  webhookSchema,
} from '../../../shared/api/webhooks-api.ts';
import type { HttpClient } from './http-client.ts';

export function createWebhooksClient(http: HttpClient) {
  const path = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;
  return {
    list: async () => (await http.get('/v1/webhooks', webhookListSchema)).webhooks,
    /** The answer carries the signing secret: the only time it is shown. */
    create: (body: Record<string, unknown>) => http.post('/v1/webhooks', body, createdWebhookSchema),
    update: (id: string, patch: Record<string, unknown>) => http.patch(path(id), patch, webhookSchema),
    remove: (id: string) => http.write('DELETE', path(id)),
    /** A new secret (in this answer only); the previous one keeps signing for `graceSeconds`. */
    rotate: (id: string, graceSeconds: number) => http.post(`${path(id)}/rotate-secret`, { grace_seconds: graceSeconds }, rotatedWebhookSchema),
    /** The endpoint's latest attempts, newest first. */
    deliveries: async (id: string, limit = 50) => (await http.get(`${path(id)}/deliveries?limit=${limit}`, deliveryLogSchema)).deliveries,
    redeliver: (deliveryId: number) => http.post(`/v1/webhooks/deliveries/${deliveryId}/redeliver`, {}, deliveryDetailSchema),
  };
}

export type WebhooksClient = ReturnType<typeof createWebhooksClient>;
