/**
 * Runs work in an active span and ends it however the work ends. A failure marks the span
 * with its error code or class name only: messages may quote what a visitor wrote or a
 * tool answered, and no message text goes into a span.
 */
import { SpanStatusCode, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** `rate_limited`, `llm_timeout`, `TypeError`: what kind of failure, never what it said. */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}

/** Marks `span` failed with `type` (an error code, `500`). */
export function markFailed(span: Span, type: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * @example const result = await inSpan(tracer, 'turn', {}, () => runTurn(input));
 */
export function inSpan<T>(tracer: Tracer, name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, errorType(error));
      throw error;
    } finally {
      span.end();
    }
  });
}
