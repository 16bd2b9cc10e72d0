import type { WebhookRecord } from '../storage/webhooks-repo.ts';

/**
 * The secrets that sign a delivery sent at `now`: the current one, then the previous one
 * while a rotation's grace period lasts (a receiver that still holds it keeps verifying).
 */
export function signingSecrets(webhook: Pick<WebhookRecord, 'secret' | 'previousSecret'>, now: number): [string, ...string[]] {
  const previous = webhook.previousSecret;
  return previous !== null && Date.parse(previous.until) > now ? [webhook.secret, previous.secret] : [webhook.secret];
}
