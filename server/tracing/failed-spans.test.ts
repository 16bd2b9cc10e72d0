/**
 * How failures look in spans: the error's code, never its message (which may quote what a
 * visitor wrote); a client's mistake (4xx) is not a failed server span.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/app-env.ts';
import { traceRequests } from '../http/trace-requests.ts';
import { traceLlm } from '../llm/traced-llm.ts';
import type { LlmClient } from '../llm/types.ts';
import { traceDeliveries } from '../webhooks/traced-delivery-fetch.ts';

function recordingTracer() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer('test'), spans: () => exporter.getFinishedSpans() };
}

describe('failed spans', () => {
  it('marks a failed LLM call with its error code and keeps the message out', async () => {
    const { tracer, spans } = recordingTracer();
    const failing: LlmClient = {
      configured: true,
      defaultModel: 'gpt-4o-mini',
      chat: () => Promise.reject(Object.assign(new Error('the model refused "my card is 4111"'), { code: 'llm_refused' })),
    };
    await expect(traceLlm(failing, tracer).chat({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'my card is 4111' }] })).rejects.toThrow('refused');
    const [span] = spans();
    expect(span?.name).toBe('chat gpt-4.1');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toMatchObject({ 'error.type': 'llm_refused', 'gen_ai.request.model': 'gpt-4.1' });
    expect(JSON.stringify([span?.attributes, span?.status, span?.events])).not.toContain('4111');
  });

  it('fails a request span on a 5xx answer, not on a 4xx one, and names it by its route', async () => {
    const { tracer, spans } = recordingTracer();
    const app = new Hono<AppEnv>();
    app.use('*', traceRequests(tracer));
    app.get('/boom/:id', () => {
      throw new Error('secret detail');
    });
    app.get('/refused/:id', (c) => c.json({ error: 'no' }, 404));
    app.onError((_, c) => c.json({ error: 'internal' }, 500));
    expect((await app.request('/boom/debug-token-123')).status).toBe(500);
    expect((await app.request('/refused/debug-token-123')).status).toBe(404);
    const [boom, refused] = spans();
    expect(boom).toMatchObject({ name: 'GET /boom/:id', status: { code: SpanStatusCode.ERROR } });
    expect(boom?.attributes).toMatchObject({ 'http.route': '/boom/:id', 'http.response.status_code': 500, 'error.type': '500' });
    expect(refused).toMatchObject({ name: 'GET /refused/:id', status: { code: SpanStatusCode.UNSET } });
    expect(JSON.stringify(spans().map((span) => span.attributes))).not.toContain('debug-token-123');
  });

  it('fails a webhook delivery span when the receiver answers an error or cannot be reached', async () => {
    const { tracer, spans } = recordingTracer();
    const init = { method: 'POST', headers: { 'x-parley-event': 'call.ended' }, body: '{}', signal: AbortSignal.timeout(1000) };
    await traceDeliveries(() => Promise.resolve(new Response('down', { status: 503 })), tracer)('https://hooks.example/in?token=abc', init);
    await expect(traceDeliveries(() => Promise.reject(new TypeError('fetch failed')), tracer)('https://hooks.example:8443/in', init)).rejects.toThrow();
    const [answered, unreachable] = spans();
    expect(answered?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503', 'server.address': 'hooks.example', 'server.port': 443 });
    expect(unreachable?.attributes).toMatchObject({ 'error.type': 'TypeError', 'server.port': 8443 });
    expect(JSON.stringify(spans().map((span) => span.attributes))).not.toContain('token');
  });
});
