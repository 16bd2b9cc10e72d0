/**
 * Webhook endpoints as a use case: create (with a secret shown once), read, update,
 * delete, and rotate the secret with a grace period, checking every URL against the SSRF
 * guard before it is saved.
 */
import type { z } from 'zod';
import type { createWebhookSchema, updateWebhookSchema, WebhookResponse } from '../../shared/api/webhooks-api.ts';
import { randomBase62 } from '../auth/api-key.ts';
import type { Clock } from '../clock.ts';
import { notFound } from '../errors.ts';
import type { AuditOf } from '../storage/audit-log-repo.ts';
import type { WebhookRecord, WebhooksRepo } from '../storage/webhooks-repo.ts';
import type { UrlGuard } from './webhook-url-guard.ts';

/**
 * `whsec_` and 32 base62 characters: base62 is a subset of base64, so the part after the
 * prefix is also the base64 of a 24-byte key, which is what Standard Webhooks libraries
 * decode it as.
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}

export function presentWebhook(webhook: WebhookRecord): WebhookResponse {
  return {
    id: webhook.publicId,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    enabled: webhook.enabled,
    secret_hint: `${webhook.secret.slice(0, 10)}…`,
    previous_secret_until: webhook.previousSecret?.until ?? null,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;

export function createWebhookService(deps: { webhooks: WebhooksRepo; checkUrl: UrlGuard; clock: Clock }) {
  const { webhooks } = deps;

  async function require(workspaceId: number, id: string): Promise<WebhookRecord> {
    const webhook = /^wh_[0-9A-Z]{26}$/.test(id) ? await webhooks.find(workspaceId, id) : undefined;
    if (!webhook) throw notFound('Webhook not found');
    return webhook;
  }

  return {
    require,
    list: (workspaceId: number) => webhooks.list(workspaceId),

    /** Each change takes the audit entry it writes in its own transaction. */
    async create(workspaceId: number, input: z.infer<typeof createWebhookSchema>, audit?: AuditOf<WebhookRecord>): Promise<{ webhook: WebhookRecord; secret: string }> {
      await deps.checkUrl(input.url);
      const secret = generateWebhookSecret();
      const webhook = await webhooks.create(workspaceId, { url: input.url, events: [...new Set(input.events)], secret, description: input.description, enabled: input.enabled }, audit);
      return { webhook, secret };
    },

    async update(workspaceId: number, id: string, input: z.infer<typeof updateWebhookSchema>, audit?: AuditOf<WebhookRecord>): Promise<WebhookRecord> {
      const webhook = await require(workspaceId, id);
      if (input.url !== undefined) await deps.checkUrl(input.url);
      return webhooks.update(webhook, {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      }, audit);
    },

    /**
     * A new secret, returned this once; the current one keeps signing beside it for
     * `graceSeconds` (a second rotation within the grace retires the oldest at once).
     */
    async rotateSecret(workspaceId: number, id: string, graceSeconds: number, audit?: AuditOf<WebhookRecord>): Promise<{ webhook: WebhookRecord; secret: string }> {
      const webhook = await require(workspaceId, id);
      const secret = generateWebhookSecret();
      const previousUntil = graceSeconds > 0 ? new Date(deps.clock.now() + graceSeconds * 1000).toISOString() : null;
      return { webhook: await webhooks.rotateSecret(webhook, secret, previousUntil, audit), secret };
    },

    async remove(workspaceId: number, id: string, audit?: AuditOf<void>): Promise<void> {
      await webhooks.remove(await require(workspaceId, id), audit);
    },
  };
}
