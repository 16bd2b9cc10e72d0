import type { WebhookEvent, WebhookSubscription } from '../../shared/api/webhooks-api.ts';

/**
 * Whether a webhook's subscriptions cover an event: by name, by family, or `*`.
 * @example subscribes(['transfer.*'], 'transfer.failed') // true
 */
export function subscribes(subscriptions: readonly WebhookSubscription[], event: WebhookEvent): boolean {
  return subscriptions.some((s) => s === '*' || s === event || (s.endsWith('.*') && event.startsWith(s.slice(0, -1))));
}
