/**
 * The console's session cookie, `parley_session`: HttpOnly (no script reads it),
 * SameSite=Lax (other sites' requests carry it only on top-level navigation), Path=/,
 * and Secure whenever the console is reached over https — the public URL is https, the
 * request itself is, or a trusted proxy says so in `X-Forwarded-Proto`.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './app-env.ts';

export const SESSION_COOKIE = 'parley_session';

export interface SessionCookieOptions {
  publicUrl: () => string;
  /** Proxies in front (`PARLEY_TRUST_PROXY`): only then is `X-Forwarded-Proto` believed. */
  trustedHops: number;
}

export type SessionCookie = ReturnType<typeof createSessionCookie>;

export function createSessionCookie(options: SessionCookieOptions) {
  function secure(c: Context<AppEnv>): boolean {
    if (options.publicUrl().startsWith('https:') || new URL(c.req.url).protocol === 'https:') return true;
    if (options.trustedHops === 0) return false;
    return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
  }

  return {
    read: (c: Context<AppEnv>): string | undefined => getCookie(c, SESSION_COOKIE),

    /** Lasts as long as the session can (its absolute expiry); the server ends it sooner when idle. */
    write(c: Context<AppEnv>, sessionId: string, maxAgeMs: number): void {
      setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c), maxAge: Math.floor(maxAgeMs / 1000) });
    },

    clear(c: Context<AppEnv>): void {
      deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secure(c) });
    },
  };
}
