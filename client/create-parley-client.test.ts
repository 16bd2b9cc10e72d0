/**
 * What the client does where a healthy server cannot be made to misbehave on cue: broken
 * connections, gateways answering 502, streams cut short. A fake `fetch` plays the network;
 * test/api/typed-client-api.test.ts drives the real app.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from './create-parley-client.ts';
import { ParleyError } from './parley-error.ts';
import type { ParleyClientOptions } from './transport.ts';

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
}

/** A client whose network answers from `answers` in turn (an Error is a failed connection). */
function clientAnswering(answers: (Response | Error)[], options: Partial<ParleyClientOptions> = {}) {
  const sent: Sent[] = [];
  const waits: number[] = [];
  const client = createParleyClient({
    baseUrl: 'http://parley.test/',
    apiKey: 'pk_live_key',
    sleep: async (ms) => void waits.push(ms),
    fetch: async (url, init) => {
      init.signal?.throwIfAborted();
      sent.push({ method: init.method ?? 'GET', url, headers: new Headers(init.headers), body: typeof init.body === 'string' ? init.body : undefined });
      const next = answers.shift();
      if (next === undefined) throw new Error('no answer left');
      if (next instanceof Error) throw next;
      return next;
    },
    ...options,
  });
  return { client, sent, waits };
}

/** `Array.fromAsync`, which Node 20 lacks. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
const failure = (error: unknown) => ({ error });

async function caught(promise: Promise<unknown>): Promise<ParleyError> {
  const result = await promise.then(() => undefined, failure);
  if (!result || !(result.error instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(result?.error)}`);
  return result.error;
}

describe('the client over a misbehaving network', () => {
  it('turns an error answer into a ParleyError with its status, code, message, details and Retry-After', async () => {
    const body = { error: { code: 'invalid_request', message: 'name: Required', details: [{ path: 'body.name', message: 'Required' }] } };
    const { client } = clientAnswering([Response.json(body, { status: 400, headers: { 'retry-after': '2' } })]);
    const error = await caught(client.agents.create({ name: '' }));
    expect(error).toMatchObject({ name: 'ParleyError', status: 400, code: 'invalid_request', message: 'name: Required', retryAfterSeconds: 2, operation: 'POST /v1/agents' });
    expect(error.details).toEqual([{ path: 'body.name', message: 'Required' }]);
  });

  it('names an answer that is not the API’s own: a proxy’s HTML error page, a success that is not JSON', async () => {
    const { client } = clientAnswering([new Response('<h1>Bad gateway</h1>', { status: 418 }), new Response('ok', { status: 200 })]);
    expect(await caught(client.webhooks.list())).toMatchObject({ status: 418, code: 'invalid_response' });
    expect(await caught(client.webhooks.list())).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('retries a read through a gateway error and a refused connection, waiting in between', async () => {
    const { client, sent, waits } = clientAnswering([new Response('', { status: 502 }), new TypeError('fetch failed'), Response.json({ webhooks: [] })], { retry: { baseDelayMs: 100 } });
    expect(await client.webhooks.list()).toEqual({ webhooks: [] });
    expect(sent).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
  });

  it('gives up after the retries allowed, saying the server cannot be reached', async () => {
    const refused = new TypeError('fetch failed');
    const { client, sent } = clientAnswering([refused, refused, refused]);
    const error = await caught(client.agents.get('agent_00000001'));
    expect(error).toMatchObject({ status: 0, code: 'network_error', cause: refused });
    expect(error.message).toContain('cannot reach http://parley.test');
    expect(sent).toHaveLength(3);
  });

  it('says so when the connection breaks while an answer is read', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"webhooks":'));
        controller.error(new TypeError('terminated'));
      },
    });
    const { client } = clientAnswering([new Response(broken, { headers: { 'content-type': 'application/json' } })]);
    expect(await caught(client.webhooks.list())).toMatchObject({ status: 0, code: 'network_error', operation: 'GET /v1/webhooks' });
  });

  it('never sends a write twice, even when the server says it is busy', async () => {
    const busy = { error: { code: 'shutting_down', message: 'The server is shutting down' } };
    const { client, sent } = clientAnswering([Response.json(busy, { status: 503, headers: { 'retry-after': '1' } })]);
    expect(await caught(client.textChat.send('agent_00000001', 1, { content: 'hi' }))).toMatchObject({ status: 503, code: 'shutting_down', retryAfterSeconds: 1 });
    expect(sent).toHaveLength(1);
  });

  it('lets an abort through as the AbortError it is, without retrying', async () => {
    const { client, sent } = clientAnswering([Response.json({})]);
    const aborted = AbortSignal.abort();
    await expect(client.agents.get('agent_00000001', { signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
    expect(sent).toHaveLength(0);
  });

  it('refuses a base URL that is not http(s) when it is built', () => {
    expect(() => createParleyClient({ baseUrl: 'localhost:8787' })).toThrow('baseUrl must be an http(s) URL');
  });

  it('fills and encodes path parameters, leaves unset filters out, and sends the key and the session token', async () => {
    const { client, sent } = clientAnswering([Response.json({}), Response.json({})]);
    await client.calls.summary({ agent_id: 'agent_00000001', status: undefined });
    await client.textChat.get('a/b', 7, {}, { sessionToken: 'tok' });
    expect(sent.map((s) => s.url)).toEqual(['http://parley.test/v1/calls/summary?agent_id=agent_00000001', 'http://parley.test/workflow/a%2Fb/text-chat/sessions/7']);
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer pk_live_key');
    expect(sent[0]?.headers.has('content-type')).toBe(false);
    expect(sent[1]?.headers.get('x-session-token')).toBe('tok');
  });

  it('follows the cursor across pages, and refuses a cursor that comes round again', async () => {
    const page = (ids: number[], next: string | null) => Response.json({ calls: ids.map((id) => ({ call_id: `call_${id}` })), next_cursor: next });
    const { client, sent } = clientAnswering([page([3, 2], '2'), page([1], null)]);
    const ids: string[] = [];
    for await (const call of client.calls.list({ limit: 2 })) ids.push(call.call_id);
    expect(ids).toEqual(['call_3', 'call_2', 'call_1']);
    expect(sent.map((s) => new URL(s.url).search)).toEqual(['?limit=2', '?limit=2&after=2']);

    const looping = clientAnswering([page([3], '3'), page([3], '3')]);
    expect(await caught(collect(looping.client.calls.list()))).toMatchObject({ code: 'invalid_response' });
  });

  it('fails a streamed turn with the error event’s status and code, and one cut short with stream_interrupted', async () => {
    const { client } = clientAnswering([
      sse('event: delta\ndata: {"text":"Hel"}\n\nevent: error\ndata: {"code":"revision_conflict","message":"stale","status":409}\n\n'),
      sse('event: delta\ndata: {"text":"Hel"}\n\n'),
    ]);
    const texts: string[] = [];
    const first = await caught(
      (async () => {
        for await (const event of client.textChat.stream('agent_00000001', 1, { content: 'hi' })) if (event.type === 'delta') texts.push(event.text);
      })(),
    );
    expect(texts).toEqual(['Hel']);
    expect(first).toMatchObject({ status: 409, code: 'revision_conflict', message: 'stale' });
    expect(await caught(collect(client.textChat.stream('agent_00000001', 1, { content: 'hi' })))).toMatchObject({ status: 0, code: 'stream_interrupted' });
  });

  it('reopens an events stream that closed early after the last event it read, and gives up when it keeps closing empty', async () => {
    const { client, sent } = clientAnswering([
      sse('id: 4\nevent: transferred\ndata: {"type":"transferred","destination":"human"}\n\n'),
      sse('id: 5\nevent: ended\ndata: {"type":"ended","reason":"api"}\n\n'),
    ]);
    const events = await collect(client.textChat.events('agent_00000001', 1, { lastEventId: '3' }));
    expect(events).toEqual([
      { type: 'transferred', destination: 'human', id: '4' },
      { type: 'ended', reason: 'api', id: '5' },
    ]);
    expect(sent.map((s) => s.headers.get('last-event-id'))).toEqual(['3', '4']);

    const empty = clientAnswering([sse(''), sse(''), sse('')]);
    expect(await caught(collect(empty.client.textChat.events('agent_00000001', 1)))).toMatchObject({ code: 'stream_interrupted' });
    expect(empty.sent).toHaveLength(3);
  });
});
