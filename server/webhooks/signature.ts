/**
 * Delivery signatures, two schemes side by side:
 *
 * - Standard Webhooks (https://www.standardwebhooks.com): `webhook-id` (the event id),
 *   `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64>` where the
 *   signature is HMAC-SHA256 over `<id>.<timestamp>.<raw body>` keyed with the
 *   base64-decoded part of the `whsec_` secret. Several space-separated signatures are
 *   allowed, which is how both secrets sign during a rotation's grace period.
 * - The older `X-Parley-Signature: t=<unix seconds>,v1=<hex>`, HMAC-SHA256 keyed with the
 *   whole secret string over `<t>.<raw body>`: deprecated, kept for receivers written
 *   before the standard headers until the date the README names. It carries the current
 *   secret only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-parley-signature';

const SECRET_PREFIX = 'whsec_';

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The deprecated `X-Parley-Signature` value for a body sent at `timestampSeconds`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signPayload(secret, timestampSeconds, body)}`;
}

/**
 * One Standard Webhooks signature, `v1,<base64>`.
 * @example standardSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'evt_1', 1700000000, '{}')
 */
export function standardSignature(secret: string, eventId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${eventId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface SignedDelivery {
  /** The current secret first, then any other still valid (a rotation's previous one). */
  secrets: readonly [string, ...string[]];
  eventId: string;
  timestampSeconds: number;
  body: string;
}

/** The signing headers of one attempt: the Standard Webhooks three and the deprecated one. */
export function signatureHeaders(delivery: SignedDelivery): Record<string, string> {
  const { secrets, eventId, timestampSeconds, body } = delivery;
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => standardSignature(secret, eventId, timestampSeconds, body)).join(' '),
    [SIGNATURE_HEADER]: signatureHeader(secrets[0], timestampSeconds, body),
  };
}

/** The header names that carry signatures: left out wherever an attempt's request is shown. */
export const SIGNING_HEADER_NAMES: ReadonlySet<string> = new Set(['webhook-signature', SIGNATURE_HEADER]);

export interface VerifyInput {
  secret: string;
  /** The `X-Parley-Signature` header as received. */
  header: string | null | undefined;
  /** The raw request body, byte for byte: re-serialised JSON will not match. */
  body: string;
  nowSeconds: number;
  /** Refuse signatures older (or newer) than this; 300 by default. */
  toleranceSeconds?: number;
}

/**
 * Check a delivery's deprecated `X-Parley-Signature` the way a receiver should.
 * @example verifySignature({ secret, header: req.headers['x-parley-signature'], body: rawBody, nowSeconds: Date.now() / 1000 })
 */
export function verifySignature(input: VerifyInput): boolean {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(input.header ?? '');
  if (!match?.[1] || !match[2]) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signPayload(input.secret, timestamp, input.body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}
