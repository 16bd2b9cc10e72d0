/**
 * A server span per request, continuing the caller's trace when it sends a W3C
 * `traceparent`. Named by the route pattern (`POST /workflow/:id/text-chat/sessions/:run/messages`),
 * never the URL, which may carry secrets (debug and share tokens); headers and bodies stay
 * out. First in the chain, so every log line of the request is written inside its span and
 * carries its trace id (tracing/log-fields.ts).
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { markFailed } from '../tracing/in-span.ts';
import type { AppEnv } from './app-env.ts';

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

export function traceRequests(tracer: Tracer) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    const parent = propagation.extract(ROOT_CONTEXT, c.req.raw.headers, headerGetter);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routePath(c, -1);
      const status = c.res.status;
      span.updateName(`${method} ${route}`);
      span.setAttributes({ [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
      // A client's mistake (4xx) is not the server's failure (the HTTP semantic conventions).
      if (status >= 500) markFailed(span, String(status));
      span.end();
    }
  });
}
