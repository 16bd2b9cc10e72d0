import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv, RequestLog } from './app-env.ts';

/**
 * One structured line per request with its id. It logs the *route pattern*, not the URL,
 * because URLs may carry secrets (debug tokens); headers are never logged.
 *
 * The id is added to each line rather than bound with `logger.child`: pino runs its
 * redaction over a child's bindings when it is made, ~12 KB of garbage on every request
 * (a twentieth of a text-chat turn's allocations) for a logger most requests never use.
 */
export function requestLogger(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || crypto.randomUUID();
    const line = (level: keyof RequestLog) => (fields: Record<string, unknown>, message: string) => logger[level]({ request_id: requestId, ...fields }, message);
    c.set('requestId', requestId);
    c.set('logger', { info: line('info'), warn: line('warn'), error: line('error') });
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    if (logger.isLevelEnabled('info')) {
      logger.info({ request_id: requestId, method: c.req.method, route: routePath(c, -1), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  });
}
