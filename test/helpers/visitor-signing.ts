/**
 * What a site's server does to vouch for its visitor (widget README, "Verified
 * visitors"), written here from the documented recipe rather than borrowed from the
 * server, so the tests check the server against the documentation.
 */
import { createHmac } from 'node:crypto';

export interface SignedFields {
  id: string;
  name?: string;
  email?: string;
}

/** The HMAC form: the fields plus `signature`, ready to pass as the widget's `visitor`. */
export function signVisitor(secret: string, fields: SignedFields): SignedFields & { signature: string } {
  const text = `${fields.id}\n${fields.name ?? ''}\n${fields.email ?? ''}`;
  return { ...fields, signature: createHmac('sha256', secret).update(text).digest('hex') };
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed with HMAC-SHA256 over `header.payload`; `header` may lie about its `alg`. */
export function visitorJwt(secret: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Seconds since the epoch, `offset` seconds from now: JWT times. */
export function epochSeconds(offset = 0): number {
  return Math.floor(Date.now() / 1000) + offset;
}
