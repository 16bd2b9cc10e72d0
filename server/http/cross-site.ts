/**
 * Whether a browser sent this request from another site's page. `Origin` is set by the
 * browser on every cross-origin request and on same-origin writes; without it,
 * `Sec-Fetch-Site` (which scripts cannot set either) tells. Our origins are the public
 * URL and the one the request was addressed to: a cookie is only sent to the host it
 * was set by, so a page that reaches us under another name has no cookie of ours to use.
 * The request's own origin is compared by host only: behind a TLS-terminating proxy the
 * request arrives as http while the page is https.
 */
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

export function isCrossSite(c: Context<AppEnv>, publicOrigin: string): boolean {
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin !== publicOrigin && URL.parse(origin)?.host !== new URL(c.req.url).host;
  return c.req.header('sec-fetch-site') === 'cross-site';
}
