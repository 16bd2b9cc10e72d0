/**
 * `GET /metrics` in the Prometheus text format. Never public by default: on the API's
 * port it exists only with PARLEY_METRICS_TOKEN and answers 401 without that bearer token;
 * on PARLEY_METRICS_PORT (a port the operator keeps private) the token is asked for too
 * when it is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { DomainError } from '../errors.ts';
import type { ParleyMetrics } from '../metrics/parley-metrics.ts';
import type { AppEnv } from './app-env.ts';
import { handleError } from './error-handler.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

export interface MetricsRouteOptions {
  metrics: Pick<ParleyMetrics, 'render' | 'contentType'>;
  /** The bearer token scrapers send; omitted only on the private metrics port. */
  token?: string | undefined;
}

export function createMetricsRoutes(options: MetricsRouteOptions) {
  if (options.token !== undefined && options.token.length < 16) throw new Error('the metrics token must be at least 16 characters');
  const expected = options.token === undefined ? undefined : digest(options.token);
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    if (expected) {
      const sent = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      // Compared as digests: equal lengths, and no timing hint about the token.
      if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
        throw new DomainError('unauthorized', 'Send the metrics token (PARLEY_METRICS_TOKEN) as a bearer token', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
    }
    return c.body(await options.metrics.render(), 200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
  });
  // Served alone on PARLEY_METRICS_PORT too, where no app maps errors for it.
  app.onError(handleError);
  return app;
}
