import type { z } from 'zod';
import type { DeliveryDetail, deliverySchema } from '../../shared/api/webhooks-api.ts';
import type { DeliveryRecord } from '../storage/webhook-deliveries-repo.ts';

/** An attempt as a call's webhook list shows it. */
export function presentAttempt(d: DeliveryRecord): z.infer<typeof deliverySchema> {
  return {
    id: d.id,
    event: d.event,
    event_id: d.eventId,
    url: d.url,
    attempt: d.attempt,
    status: d.status,
    status_code: d.statusCode,
    success: d.status === 'succeeded',
    error: d.error,
    created_at: d.createdAt,
    attempted_at: d.attemptedAt,
  };
}

/** An attempt as a webhook's delivery log shows it: with the request sent (signatures left out) and the answer. */
export function presentDelivery(d: DeliveryRecord): DeliveryDetail {
  return {
    ...presentAttempt(d),
    request: { headers: d.requestHeaders, body: d.payload },
    response: d.attemptedAt === null ? null : { status_code: d.statusCode, body: d.responseBody },
    duration_ms: d.durationMs,
  };
}
