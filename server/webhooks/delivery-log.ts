/**
 * A webhook's delivery log as a use case: read it a page at a time, and send an event
 * again (a new attempt with the same event id and body, so receivers de-duplicate it).
 */
import type { z } from 'zod';
import type { deliveryLogQuerySchema } from '../../shared/api/webhooks-api.ts';
import { conflict, notFound } from '../errors.ts';
import type { DeliveryRecord, WebhookDeliveriesRepo } from '../storage/webhook-deliveries-repo.ts';
import type { WebhookRecord } from '../storage/webhooks-repo.ts';

export interface DeliveryLogDeps {
  webhooks: { require(workspaceId: number, id: string): Promise<WebhookRecord> };
  findWebhook(id: number): Promise<WebhookRecord | undefined>;
  deliveries: Pick<WebhookDeliveriesRepo, 'forWebhook' | 'find' | 'redeliver'>;
  /** An attempt was queued: send it now rather than at the next poll. */
  onQueued(): void;
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;

export function createDeliveryLog(deps: DeliveryLogDeps) {
  return {
    /** A page of a webhook's attempts, newest first; `next_cursor` is null on the last page. */
    async page(workspaceId: number, webhookId: string, query: z.output<typeof deliveryLogQuerySchema>): Promise<{ webhook: WebhookRecord; deliveries: DeliveryRecord[]; nextCursor: string | null }> {
      const webhook = await deps.webhooks.require(workspaceId, webhookId);
      // One more than asked tells whether another page follows.
      const rows = await deps.deliveries.forWebhook(webhook.id, {
        limit: query.limit + 1,
        before: query.after === undefined ? undefined : Number(query.after),
        status: query.status,
        event: query.event,
      });
      const deliveries = rows.slice(0, query.limit);
      const last = deliveries.at(-1);
      return { webhook, deliveries, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
    },

    /** Queue the event of attempt `deliveryId` once more, to its webhook's current URL. */
    async redeliver(workspaceId: number, deliveryId: number): Promise<DeliveryRecord> {
      const delivery = await deps.deliveries.find(workspaceId, deliveryId);
      if (!delivery) throw notFound('Delivery not found');
      const webhook = delivery.webhookId === null ? undefined : await deps.findWebhook(delivery.webhookId);
      if (!webhook) throw conflict('The webhook of this delivery was deleted');
      if (!webhook.enabled) throw conflict('The webhook is disabled: enable it to redeliver');
      const queued = await deps.deliveries.redeliver(delivery, webhook.url);
      if (!queued) throw conflict('An attempt of this event is still queued or being sent');
      deps.onQueued();
      return queued;
    },
  };
}
