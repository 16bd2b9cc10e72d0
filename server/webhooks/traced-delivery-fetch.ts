/**
 * A client span per webhook delivery attempt (`webhook delivery`), with the W3C
 * `traceparent` of that span sent in the request, so a receiver that traces continues the
 * trace. Each attempt starts a trace of its own: the worker sends in batches, woken by any
 * commit or by its poll, so the request that happened to wake it is not the attempt's cause.
 * The URL's host and port are recorded, never its path or query (where receivers put tokens).
 */
import { context, propagation, SpanKind, type Tracer } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@opentelemetry/semantic-conventions';
import type { OutboundFetch } from '../outbound/guarded-fetch.ts';
import { inSpan, markFailed } from '../tracing/in-span.ts';

function serverOf(url: string): { [ATTR_SERVER_ADDRESS]?: string; [ATTR_SERVER_PORT]?: number } {
  if (!URL.canParse(url)) return {};
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { [ATTR_SERVER_ADDRESS]: parsed.hostname, [ATTR_SERVER_PORT]: port };
}

export function traceDeliveries(fetch: OutboundFetch, tracer: Tracer): OutboundFetch {
  return (url, init) => {
    const event = init.headers['x-parley-event'];
    const attributes = { [ATTR_HTTP_REQUEST_METHOD]: init.method, ...serverOf(url), ...(event ? { 'parley.webhook.event': event } : {}) };
    return inSpan(tracer, 'webhook delivery', { kind: SpanKind.CLIENT, attributes, root: true }, async (span) => {
      const headers = { ...init.headers };
      // The active context is the delivery span's own: its traceparent goes out.
      propagation.inject(context.active(), headers);
      const response = await fetch(url, { ...init, headers });
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 400) markFailed(span, String(response.status));
      return response;
    });
  };
}
