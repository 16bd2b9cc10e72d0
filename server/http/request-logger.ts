import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from './app-env.ts';

/**
 * One structured line per request with its id. It logs the *route pattern*, not the URL,
 * because URLs may carry secrets (debug tokens); headers are never logged.
 */
export function requestLogger(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || crypto.randomUUID();
    const child = logger.child({ request_id: requestId });
    c.set('requestId', requestId);
    c.set('logger', child);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    child.info({ method: c.req.method, route: routePath(c, -1), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
}
