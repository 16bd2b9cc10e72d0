/** `/v1/webhooks`: subscriptions to call, transfer and test-run events. */
import type { RequestOptions, Transport } from './transport.ts';
import type { CreatedWebhook, CreateWebhookInput, UpdateWebhookInput, Webhook, WebhookList } from './types.ts';

export function webhooksApi(http: Transport) {
  return {
    list: (options?: RequestOptions) => http.json<WebhookList>('GET /v1/webhooks', { options }),
    /** The answer holds the signing `secret`, shown this once. */
    create: (body: CreateWebhookInput, options?: RequestOptions) => http.json<CreatedWebhook>('POST /v1/webhooks', { body, options }),
    get: (id: string, options?: RequestOptions) => http.json<Webhook>('GET /v1/webhooks/{id}', { params: { id }, options }),
    update: (id: string, patch: UpdateWebhookInput, options?: RequestOptions) => http.json<Webhook>('PATCH /v1/webhooks/{id}', { params: { id }, body: patch, options }),
    /** Its pending deliveries are cancelled. */
    delete: (id: string, options?: RequestOptions) => http.none('DELETE /v1/webhooks/{id}', { params: { id }, options }),
  };
}
