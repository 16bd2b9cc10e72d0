/**
 * Issue #19 item 2: with OTEL_EXPORTER_OTLP_ENDPOINT set, a real server process sends its
 * spans over OTLP/HTTP to a receiver of our own — a text-chat turn as request → turn →
 * LLM calls, tool call and commit, a webhook delivery with its traceparent sent on — and
 * its log lines carry the trace id. Without it, no SDK package is loaded and nothing is sent.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.ts';
import { createTempPostgresDatabase } from '../helpers/postgres-database.ts';
import { startServerProcess } from '../helpers/server-process.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const BIN = new URL('../../bin/parley.js', import.meta.url).pathname;
const PROBE = new URL('../fixtures/loaded-packages-probe.mjs', import.meta.url).pathname;
/** Packages that only the tracing SDK brings; the API package alone is the no-op. */
const SDK_PACKAGE = /^@opentelemetry\/(sdk-|exporter-|otlp-|resources|context-async-hooks|core)/;

const VISITOR_TEXT = 'my policy number is 12345, my name is Grace Hopper';
const LLM_ANSWER = 'Your policy 12345 is active, Ada.';
const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

interface Running {
  url: string;
  key: string;
  output(): string;
  stop(): Promise<number | null>;
}

const loadedPackages = (output: string): string[] => JSON.parse(/loaded packages: (\[.*\])/.exec(output)?.[1] ?? 'null') as string[];

async function api(server: Running, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json() as Promise<Record<string, unknown>>;
}

/** An agent whose LLM node may call one tool, its conversation started: `send` sends one message. */
async function startConversation(server: Running, tools: ToolServer) {
  const agent = await api(server, 'POST', '/v1/agents', {
    name: 'Policies',
    tools: [{ name: 'get_policy', server_url: `${tools.url}/policy` }],
    workflow: { start: 'chat', nodes: { chat: { type: 'llm', prompt: 'Answer questions about policies.', tools: ['get_policy'], exits: [] } } },
  });
  const run = await api(server, 'POST', `/workflow/${String(agent.id)}/text-chat/sessions`, {});
  return (headers: Record<string, string> = {}) => api(server, 'POST', `/workflow/${String(agent.id)}/text-chat/sessions/${String(run.workflow_run_id)}/messages`, { content: VISITOR_TEXT }, headers);
}

const dialects = testDatabases().map((target) => ({ dialect: target.dialect }));

describe.each(dialects)('OpenTelemetry traces with OTEL_EXPORTER_OTLP_ENDPOINT set, on $dialect', ({ dialect }) => {
  let otlp: OtlpReceiver;
  let llm: FakeLlm;
  let tools: ToolServer;
  let hooks: WebhookReceiver;
  let server: Running;
  let output = '';
  let exitCode: number | null;
  let database: { url: string; drop(): Promise<void> } | undefined;

  beforeAll(async () => {
    [otlp, llm, tools, hooks] = await Promise.all([startOtlpReceiver(), startFakeLlm(), startToolServer(), startWebhookReceiver()]);
    database = dialect === 'postgres' ? await createTempPostgresDatabase(process.env.PARLEY_TEST_POSTGRES_URL ?? '') : undefined;
    server = await startServerProcess(
      {
        ...(database ? { DATABASE_URL: database.url } : {}),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_SERVICE_NAME: 'parley-under-test',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-token=secret-token',
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: 'sk-test',
        PARLEY_ALLOW_PRIVATE_TOOLS: '1',
        PARLEY_ALLOW_PRIVATE_WEBHOOKS: '1',
        LOG_LEVEL: 'info',
      },
      { nodeArgs: ['--import', PROBE, BIN] },
    );
    await api(server, 'POST', '/v1/webhooks', { url: `${hooks.url}/hooks`, events: ['call.started'] });
    const send = await startConversation(server, tools);
    llm.enqueue({ toolCalls: [{ name: 'get_policy', arguments: { id: '12345' } }] }, { content: LLM_ANSWER, usage: { prompt_tokens: 120, completion_tokens: 9 } });
    await send({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    await vi.waitFor(() => {
      if (hooks.received.length === 0) throw new Error('no webhook delivery yet');
    });
    // A clean stop flushes the batched spans: nothing to wait for after it.
    exitCode = await server.stop();
    output = server.output();
  });
  afterAll(async () => {
    await Promise.all([otlp?.close(), llm?.close(), tools?.close(), hooks?.close()]);
    await database?.drop();
  });

  const named = (name: string | RegExp): ReceivedSpan[] => otlp.spans.filter((span) => (typeof name === 'string' ? span.name === name : name.test(span.name)));
  const one = (name: string | RegExp): ReceivedSpan => {
    const found = named(name);
    expect(found, `spans named ${String(name)} among ${otlp.spans.map((s) => s.name).join(', ')}`).toHaveLength(1);
    return found[0] as ReceivedSpan;
  };

  it('exports over OTLP/HTTP JSON to /v1/traces with the configured headers and service name', () => {
    expect(exitCode).toBe(0);
    expect(otlp.requests.length).toBeGreaterThan(0);
    expect(otlp.requests.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    expect(otlp.requests.every((r) => r.headers['x-collector-token'] === 'secret-token')).toBe(true);
    expect(otlp.spans.every((span) => span.resource['service.name'] === 'parley-under-test')).toBe(true);
    expect(loadedPackages(output)).toEqual(expect.arrayContaining(['@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http']));
  });

  it('shapes a turn as request → turn → LLM calls, tool call and commit, continuing the caller’s traceparent', () => {
    const request = one(/^POST \/workflow\/.*\/messages$/);
    expect(request.name).toBe('POST /workflow/:id/text-chat/sessions/:run_id/messages');
    expect(request).toMatchObject({ kind: 2, traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, status: 0 });
    expect(request.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': request.name.slice(5), 'http.response.status_code': 200 });

    const turn = one('turn');
    expect(turn).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: request.spanId });
    expect(turn.attributes['parley.session.status']).toBe('active');

    const llmCalls = otlp.spans.filter((span) => span.traceId === CALLER_TRACE && span.attributes['gen_ai.operation.name'] === 'chat');
    expect(llmCalls).toHaveLength(2);
    for (const call of llmCalls) {
      expect(call).toMatchObject({ kind: 3, parentSpanId: turn.spanId, name: 'chat gpt-4o-mini' });
      expect(call.attributes).toMatchObject({ 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.provider.name': 'openai', 'gen_ai.system': 'openai' });
      expect(call.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
      expect(call.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
    }
    expect(llmCalls.map((call) => call.attributes['gen_ai.response.finish_reasons'])).toEqual(expect.arrayContaining([['tool_calls'], ['stop']]));
    expect(llmCalls.find((call) => call.attributes['gen_ai.usage.input_tokens'] === 120)?.attributes['gen_ai.usage.output_tokens']).toBe(9);

    const tool = one('execute_tool get_policy');
    expect(tool).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: turn.spanId, status: 0 });
    expect(tool.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_policy' });
    expect(tools.calls).toHaveLength(1);

    const commit = otlp.spans.find((span) => span.parentSpanId === turn.spanId && span.name === 'transaction');
    expect(commit?.attributes).toMatchObject({ 'db.system.name': dialect === 'postgres' ? 'postgresql' : 'sqlite', 'db.operation.name': 'commit session' });
  });

  it('gives each Kysely transaction a span under the work that opened it', () => {
    // Creating the webhook (its secret and audit row) and the agent open transactions within their requests.
    const transactions = named('transaction').filter((span) => span.attributes['db.operation.name'] === 'transaction');
    expect(transactions.length).toBeGreaterThan(0);
    const requests = new Map(otlp.spans.filter((span) => span.kind === 2).map((span) => [span.spanId, span]));
    expect(transactions.some((span) => requests.has(span.parentSpanId ?? ''))).toBe(true);
  });

  it('sends a webhook delivery as a client span whose traceparent the receiver gets', () => {
    const delivery = named('webhook delivery')[0];
    expect(delivery).toMatchObject({ kind: 3, parentSpanId: undefined, status: 0 });
    expect(delivery?.attributes).toMatchObject({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'http.response.status_code': 200, 'parley.webhook.event': 'call.started' });
    const traceparents = hooks.received.map((d) => d.headers.traceparent);
    expect(traceparents).toContain(`00-${delivery?.traceId}-${delivery?.spanId}-01`);
  });

  it('puts no message text, tool answer or visitor data into spans', () => {
    const exported = JSON.stringify(otlp.spans);
    for (const secret of ['12345', 'Grace Hopper', 'Ada', 'policy is active', '/hooks', 'secret-token']) expect(exported).not.toContain(secret);
  });

  it('writes the trace id into every log line of a request', () => {
    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const request = one(/^POST \/workflow\/.*\/messages$/);
    const requestLine = lines.find((line) => line.msg === 'request' && line.route === request.attributes['http.route']);
    expect(requestLine?.trace_id).toBe(CALLER_TRACE);
    const ofRequests = lines.filter((line) => line.request_id !== undefined);
    expect(ofRequests.length).toBeGreaterThan(3);
    const traced = new Set(otlp.spans.map((span) => span.traceId));
    for (const line of ofRequests) expect(traced.has(String(line.trace_id)), JSON.stringify(line)).toBe(true);
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('loads no SDK package and sends nothing, while turns run as before', async () => {
    const [otlp, llm, tools] = await Promise.all([startOtlpReceiver(), startFakeLlm(), startToolServer()]);
    try {
      const server = await startServerProcess(
        { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-test', PARLEY_ALLOW_PRIVATE_TOOLS: '1', LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
        { nodeArgs: ['--import', PROBE, BIN] },
      );
      const send = await startConversation(server, tools);
      llm.enqueue({ toolCalls: [{ name: 'get_policy', arguments: { id: '12345' } }] }, { content: LLM_ANSWER });
      expect((await send({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` })).content).toBe(LLM_ANSWER);
      expect(await server.stop()).toBe(0);
      const loaded = loadedPackages(server.output());
      expect(loaded.filter((name) => SDK_PACKAGE.test(name))).toEqual([]);
      expect(otlp.requests).toEqual([]);
      expect(server.output()).not.toContain('trace_id');
    } finally {
      await Promise.all([otlp.close(), llm.close(), tools.close()]);
    }
  });
});
