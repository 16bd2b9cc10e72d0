/**
 * Headers every answer carries, errors and streams included. `nosniff` keeps a browser
 * from reading JSON or an error as a script or page. Nothing is cached unless its route
 * says so (the widget bundle, its config, demo assets): API answers carry session tokens,
 * webhook secrets and transcripts, and a route that forgets to say `no-store` must not
 * leave one in a shared cache.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

export function responseHeaders() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
}
