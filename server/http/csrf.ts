/**
 * The two checks a cookie-authenticated request passes before it may change anything:
 * it comes from one of our own pages (see `isCrossSite`), and it carries the session's
 * CSRF token, which only our pages' scripts can read (from sign-in or GET
 * /v1/auth/session).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SignedIn } from '../auth/actor.ts';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { isCrossSite } from './cross-site.ts';

export const CSRF_HEADER = 'x-csrf-token';

const csrfFailed = (message: string) => new DomainError('csrf_failed', message);

/** Refuses a request sent by another site's page (403 `csrf_failed`). */
export function refuseCrossSite(c: Context<AppEnv>, publicOrigin: string): void {
  if (isCrossSite(c, publicOrigin)) throw csrfFailed('Refused: this request comes from another site');
}

/** Refuses a request without the session's own CSRF token, or from another site (403 `csrf_failed`). */
export function requireCsrfToken(c: Context<AppEnv>, signedIn: SignedIn, publicOrigin: string): void {
  refuseCrossSite(c, publicOrigin);
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(signedIn.csrfToken);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw csrfFailed(`Send the csrf_token of your session (from sign-in or GET /v1/auth/session) as "${CSRF_HEADER}"`);
  }
}
