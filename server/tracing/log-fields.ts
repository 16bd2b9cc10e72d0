/**
 * The trace of the work a log line is written in, as pino `mixin` fields: every line of a
 * request (the request line, a failed turn, a failed delivery) carries its `trace_id`, so
 * a log search and a trace find each other. Installed only when tracing is on; the active
 * span is found through the AsyncLocalStorage context the SDK registers.
 */
import { trace } from '@opentelemetry/api';

export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
