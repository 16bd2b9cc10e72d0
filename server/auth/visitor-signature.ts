/**
 * Checks who a site's server says its visitor is (widget README, "Verified visitors"):
 * the fields signed with HMAC-SHA256, or an HS256 JWT, both keyed with the agent's
 * visitor secret. Anything that does not verify answers `undefined` — the visitor is
 * then anonymous — and nothing here throws on what a page sends.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Visitor, VisitorClaim } from '../../shared/api/text-chat-api.ts';
import { visitorClaimSchema } from '../../shared/api/text-chat-api.ts';

/** Clocks of the site's server and ours may differ a little. */
const CLOCK_SKEW_SECONDS = 60;
/** "Short-lived": a token valid for longer than a day is refused, as a leaked one would live on. */
const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** A new visitor secret: `vsec_` + 32 random bytes, base64url. */
export function generateVisitorSecret(): string {
  return `vsec_${randomBytes(32).toString('base64url')}`;
}

/** The text the HMAC form signs: the three fields on their own lines, absent ones empty. */
export function signedVisitorText(visitor: { id: string; name?: string | undefined; email?: string | undefined }): string {
  return `${visitor.id}\n${visitor.name ?? ''}\n${visitor.email ?? ''}`;
}

function hmac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

/** Equal-time comparison; a length mismatch is simply unequal. */
function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const base64url = /^[A-Za-z0-9_-]+$/;
const jwtHeaderSchema = z.looseObject({ alg: z.literal('HS256'), typ: z.literal('JWT').optional() });
const jwtClaimsSchema = z.looseObject({
  sub: visitorClaimSchema.shape.id.unwrap(),
  name: visitorClaimSchema.shape.name,
  email: visitorClaimSchema.shape.email,
  exp: z.number(),
  nbf: z.number().optional(),
});

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function visitorOf(id: string, name: string | undefined, email: string | undefined): Visitor {
  return { id, name: name || null, email: email || null };
}

function verifyJwt(token: string, secret: string, nowMs: number): Visitor | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => base64url.test(part))) return undefined;
  const [header = '', payload = '', signature = ''] = parts;
  // The algorithm is fixed, never taken from the token: `none` and every other `alg` fail here.
  if (!jwtHeaderSchema.safeParse(decodeJson(header)).success) return undefined;
  if (!same(Buffer.from(signature, 'base64url'), hmac(secret, `${header}.${payload}`))) return undefined;
  const claims = jwtClaimsSchema.safeParse(decodeJson(payload));
  if (!claims.success) return undefined;
  const now = nowMs / 1000;
  const { sub, name, email, exp, nbf } = claims.data;
  if (exp <= now - CLOCK_SKEW_SECONDS || exp > now + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) return undefined;
  if (nbf !== undefined && nbf > now + CLOCK_SKEW_SECONDS) return undefined;
  return visitorOf(sub, name, email);
}

function verifyHmac(claim: VisitorClaim, secret: string): Visitor | undefined {
  if (claim.id === undefined || claim.signature === undefined || !/^[0-9a-fA-F]{64}$/.test(claim.signature)) return undefined;
  const expected = hmac(secret, signedVisitorText({ id: claim.id, name: claim.name, email: claim.email }));
  return same(Buffer.from(claim.signature, 'hex'), expected) ? visitorOf(claim.id, claim.name, claim.email) : undefined;
}

/**
 * The visitor a claim proves with this secret, or `undefined` (no secret, unsigned,
 * forged, expired). A `token` is checked as a JWT; otherwise the signed fields.
 *
 * @example verifyVisitorClaim({ id: 'u_42', signature: hex }, secret, Date.now()) // { id: 'u_42', name: null, email: null }
 */
export function verifyVisitorClaim(claim: VisitorClaim, secret: string | undefined, nowMs: number): Visitor | undefined {
  if (!secret) return undefined;
  return claim.token !== undefined ? verifyJwt(claim.token, secret, nowMs) : verifyHmac(claim, secret);
}
