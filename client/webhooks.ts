/** `/v1/webhooks`: subscriptions to call, transfer and test-run events, their secrets and delivery log. */
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type {
  CreatedWebhook,
  CreateWebhookInput,
  RotateSecretInput,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookList,
} from './types.ts';

export function webhooksApi(http: Transport) {
  const deliveryPage = (id: string, query: WebhookDeliveryQuery = {}, options?: RequestOptions) =>
    http.json<WebhookDeliveryPage>('GET /v1/webhooks/{id}/deliveries', { params: { id }, query, options });
  return {
    list: (options?: RequestOptions) => http.json<WebhookList>('GET /v1/webhooks', { options }),
    /** The answer holds the signing `secret`, shown this once. */
    create: (body: CreateWebhookInput, options?: RequestOptions) => http.json<CreatedWebhook>('POST /v1/webhooks', { body, options }),
    get: (id: string, options?: RequestOptions) => http.json<Webhook>('GET /v1/webhooks/{id}', { params: { id }, options }),
    update: (id: string, patch: UpdateWebhookInput, options?: RequestOptions) => http.json<Webhook>('PATCH /v1/webhooks/{id}', { params: { id }, body: patch, options }),
    /** Its pending deliveries are cancelled. */
    delete: (id: string, options?: RequestOptions) => http.none('DELETE /v1/webhooks/{id}', { params: { id }, options }),
    /** A new `secret`, shown this once; the old one signs beside it for `grace_seconds` (24 h by default). */
    rotateSecret: (id: string, body: RotateSecretInput = {}, options?: RequestOptions) =>
      http.json<CreatedWebhook>('POST /v1/webhooks/{id}/rotate-secret', { params: { id }, body, options }),
    /** Every attempt of the webhook the filter matches, newest first, following the cursor. */
    deliveries: (id: string, query: WebhookDeliveryQuery = {}, options?: RequestOptions): Paginated<WebhookDelivery> =>
      paginate(http, 'GET /v1/webhooks/{id}/deliveries', (after) => deliveryPage(id, { ...query, after }, options), (answer) => answer.deliveries, query.after),
    deliveryPage,
    /** Send an attempt's event again (same event id and body); 409 while one is still queued. */
    redeliver: (deliveryId: number, options?: RequestOptions) =>
      http.json<WebhookDelivery>('POST /v1/webhooks/deliveries/{id}/redeliver', { params: { id: deliveryId }, options }),
  };
}
