/**
 * Delivery signatures: `X-Parley-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256 with the webhook's secret over `<t>.<raw body>`. The timestamp is signed
 * too, so a receiver that checks its age can refuse replayed deliveries.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-parley-signature';

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The header value for a body sent at `timestampSeconds`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${signPayload(secret, timestampSeconds, body)}`;
}

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
 * Check a delivery the way a receiver should.
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
