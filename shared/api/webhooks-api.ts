/**
 * `/v1/webhooks` and the delivery log: which events exist, how a subscription names
 * them, and what a receiver gets (an envelope signed per Standard Webhooks in
 * `webhook-signature`, and in the deprecated `X-Parley-Signature`).
 */
import { z } from 'zod';
import { idCursorSchema } from './pagination.ts';

export const WEBHOOK_EVENTS = [
  'call.started',
  'call.ended',
  'transfer.initiated',
  'transfer.completed',
  'transfer.failed',
  'transfer.message',
  'call.gather.completed',
  'test.run.completed',
  'replay.completed',
] as const;
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** An event name, a family (`transfer.*`), or `*` for every event. */
export const webhookSubscriptionSchema = z.enum([...WEBHOOK_EVENTS, 'call.*', 'transfer.*', 'test.*', '*']);
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

const webhookUrl = z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2048);

export const createWebhookSchema = z
  .object({
    url: webhookUrl,
    events: z.array(webhookSubscriptionSchema).min(1).max(20),
    description: z.string().max(500).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

export const updateWebhookSchema = z
  .object({
    url: webhookUrl.optional(),
    events: z.array(webhookSubscriptionSchema).min(1).max(20).optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const webhookSchema = z.object({
  id: z.string().describe('wh_ + ULID'),
  url: z.string(),
  events: z.array(webhookSubscriptionSchema),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** The first characters of the secret, to tell secrets apart. */
  secret_hint: z.string(),
  /** After a rotation: until when the previous secret still signs beside the current one. */
  previous_secret_until: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookResponse = z.infer<typeof webhookSchema>;

/** Only the answer to a create carries the whole secret. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string().describe('whsec_…: shown once, keep it') });

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });

/** A week: long enough to roll a receiver's configuration out, short enough to retire a leaked secret. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

export const rotateSecretSchema = z
  .object({
    grace_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROTATION_GRACE_SECONDS)
      .default(24 * 3600)
      .describe('How long the previous secret keeps signing beside the new one; 0 retires it at once. 24 h by default.'),
  })
  .strict();

/** The answer to a rotation carries the new secret, this once. */
export const rotatedWebhookSchema = createdWebhookSchema;

export const deliveryStatusSchema = z.enum(['pending', 'sending', 'succeeded', 'failed', 'cancelled']);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const deliverySchema = z.object({
  id: z.number().int(),
  event: webhookEventSchema,
  event_id: z.string(),
  url: z.string(),
  attempt: z.number().int(),
  status: deliveryStatusSchema,
  status_code: z.number().int().nullable(),
  success: z.boolean(),
  error: z.string().nullable(),
  created_at: z.string(),
  attempted_at: z.string().nullable(),
});

/** What the log shows of an attempt: the request as sent (signatures left out) and the answer. */
export const deliveryDetailSchema = deliverySchema.extend({
  request: z.object({ headers: z.record(z.string(), z.string()).nullable().describe('null until the attempt is made'), body: z.string() }),
  response: z.object({ status_code: z.number().int().nullable(), body: z.string().nullable().describe('the first 2 KB') }).nullable(),
  duration_ms: z.number().int().nullable(),
});
export type DeliveryDetail = z.infer<typeof deliveryDetailSchema>;

export const deliveryLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: idCursorSchema.optional(),
  status: deliveryStatusSchema.optional(),
  event: webhookEventSchema.optional(),
});

export const deliveryLogSchema = z.object({
  webhook_id: z.string(),
  deliveries: z.array(deliveryDetailSchema).describe('Newest first; one entry per attempt'),
  next_cursor: z.string().nullable(),
});

export const callDeliveriesSchema = z.object({ call_id: z.string(), deliveries: z.array(deliverySchema) });

/** The JSON body of every delivery; `event_id` stays the same across retries. */
export const webhookEnvelopeSchema = z.object({
  event_id: z.string(),
  event: webhookEventSchema,
  created_at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;
