import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent } from '../helpers/api-reads.ts';
import { createLlmClient } from '../../server/llm/create-llm-client.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { collectSse } from '../helpers/sse.ts';
import { startServer } from '../helpers/start-server.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('llm nodes over the text-chat API on $dialect', (target) => {
  let llm: FakeLlm;
  let t: TestApp;
  let agent: string;
  const path = () => `/workflow/${agent}/text-chat/sessions`;

  beforeAll(async () => {
    llm = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: llm.url });
    agent = (await createAgent(t, llmAgentBody())).id;
  });
  beforeEach(() => llm.reset());
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  async function start() {
    return (await readJson(await t.call('POST', path(), { initial_context: { product: 'home insurance' } }), runSchema, 201)).workflow_run_id;
  }

  it('greets with the first message without calling the LLM', async () => {
    const run = await readJson(await t.call('POST', path(), {}), runSchema, 201);
    expect(run.messages[0]?.content).toBe('Hello! How can I help?');
    expect(llm.requests).toHaveLength(0);
  });

  it('sends the system prompt, the rendered node prompt and the history to the LLM', async () => {
    const run = await start();
    llm.enqueue({ content: 'Flood cover is an add-on.' });
    const reply = await readJson(await t.call('POST', `${path()}/${run}/messages`, { content: 'Am I covered for floods?' }), assistantReplySchema, 200);
    expect(reply.content).toBe('Flood cover is an add-on.');
    const request = llm.requests[0];
    const system = JSON.stringify(request?.messages[0]);
    expect(system).toContain('You are a helpful support agent.');
    expect(system).toContain('Help with questions about home insurance.');
    expect(JSON.stringify(request?.messages)).toContain('Am I covered for floods?');
  });

  it("reads back each answer's LLM latency and tokens, and the node that answered", async () => {
    const run = await start();
    llm.enqueue({ content: 'Flood cover is an add-on.', usage: { prompt_tokens: 40, completion_tokens: 7 } });
    await t.call('POST', `${path()}/${run}/messages`, { content: 'Am I covered for floods?' });
    const answer = (await readJson(await t.call('GET', `${path()}/${run}`), runSchema, 200)).messages[2];
    expect(answer?.turn).toMatchObject({ node: 'chat', llm: 'ok', usage: { prompt_tokens: 40, completion_tokens: 7 }, latency: { llm_total_ms: expect.any(Number), llm_ttfb_ms: expect.any(Number) } });
    expect(answer?.state).toEqual({ node: 'chat', variables: { product: 'home insurance' } });
  });

  it('streams deltas over SSE, then the final message', async () => {
    const run = await start();
    llm.enqueue({ content: 'One two three four', chunkDelayMs: 5 });
    const res = await t.call('POST', `${path()}/${run}/messages`, { content: 'Count please' }, { accept: 'text/event-stream' });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await collectSse(res);
    const deltas = events.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('One two three four');
    const final = events.at(-1);
    expect(final?.event).toBe('message');
    expect(JSON.parse(final?.data ?? '{}')).toMatchObject({ content: 'One two three four', index: 2 });
  });

  it('rewinds into an llm node and replays another branch with the history of that point', async () => {
    const run = await start();
    llm.enqueue({ content: 'Flood cover is an add-on.' }, { content: 'It costs 5 EUR a month.' });
    await t.call('POST', `${path()}/${run}/messages`, { content: 'Floods?' });
    await t.call('POST', `${path()}/${run}/messages`, { content: 'How much?' });
    const rewound = await readJson(await t.call('POST', `${path()}/${run}/rewind`, { message_index: 2 }), runSchema, 200);
    expect(rewound.messages).toHaveLength(3);
    llm.reset();
    llm.enqueue({ content: 'Yes, theft is covered.' });
    const reply = await readJson(await t.call('POST', `${path()}/${run}/messages`, { content: 'And theft?' }), assistantReplySchema, 200);
    expect(reply).toMatchObject({ content: 'Yes, theft is covered.', index: 4 });
    // The model saw the conversation up to the rewind point, not the abandoned branch.
    const sent = JSON.stringify(llm.requests[0]?.messages);
    expect(sent).toContain('Floods?');
    expect(sent).not.toContain('How much?');
    expect((await readJson(await t.call('GET', `${path()}/${run}?branch=b1`), runSchema, 200)).messages[4]?.content).toBe('It costs 5 EUR a month.');
  });

  it('follows an exit the model calls', async () => {
    const run = await start();
    llm.enqueue({ toolCalls: [{ name: 'exit_finish', arguments: {} }] });
    const reply = await readJson(await t.call('POST', `${path()}/${run}/messages`, { content: "That's all, thanks" }), assistantReplySchema, 200);
    expect(reply).toMatchObject({ content: 'Goodbye!', session_status: 'ended' });
  });

  it("a hand-off turn counts the tokens of the agent that handed off on the call's own counters", async () => {
    const orders = (await (await t.call('POST', '/v1/agents', {
      name: 'Orders',
      workflow: { start: 'ask', nodes: { ask: { type: 'ask', text: 'Orders desk: your order number?', save_as: 'order', next: 'ask' } } },
    })).json()).id as string;
    const handing = (await (await t.call('POST', '/v1/agents', {
      ...llmAgentBody(),
      workflow: {
        start: 'chat',
        nodes: {
          chat: { type: 'llm', prompt: 'Route the customer.', exits: [{ name: 'orders', when: 'the customer asks about an order', to: 'to_orders' }] },
          to_orders: { type: 'transfer', text: 'Passing you to orders.', destination: orders },
        },
      },
    })).json()).id as string;
    const run = await readJson(await t.call('POST', `/workflow/${handing}/text-chat/sessions`, {}), runSchema, 201);
    llm.enqueue({ toolCalls: [{ name: 'exit_orders', arguments: {} }], usage: { prompt_tokens: 1000, completion_tokens: 50 } });
    const reply = await (await t.call('POST', `/workflow/${handing}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'Where is my order?' })).json();
    expect(reply.content).toBe('Passing you to orders.\n\nOrders desk: your order number?');
    const call = await (await t.call('GET', `/v1/calls/${run.call_id}`)).json();
    expect(call).toMatchObject({ prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050 });
  });

  it.each([
    ['a 429', { status: 429 }],
    ['a 500', { status: 500 }],
    ['a malformed stream', { malformed: true }],
  ])('takes the on_error route on %s and stays usable', async (_name, failure) => {
    const run = await start();
    llm.enqueue(failure, failure, failure);
    const reply = await readJson(await t.call('POST', `${path()}/${run}/messages`, { content: 'hello' }), assistantReplySchema, 200);
    expect(reply.content).toContain('Something went wrong, let me try again.');
    expect(reply.session_status).toBe('active');
    llm.reset();
    llm.enqueue({ content: 'Back again.' });
    const next = await readJson(await t.call('POST', `${path()}/${run}/messages`, { content: 'hello again' }), assistantReplySchema, 200);
    expect(next.content).toBe('Back again.');
  });

  it('keeps the user message and apologises when the client disconnects mid-stream', async () => {
    const run = await start();
    llm.enqueue({ content: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 100 });
    const res = await t.app.request(`${path()}/${run}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ content: 'tell me a long story' }),
    });
    const reader = res.body?.getReader();
    await reader?.read();
    // Cancelling the body is what a closed browser tab does to the stream.
    await reader?.cancel();
    // The turn commits after the abort propagates; poll the transcript rather than sleeping blindly.
    const transcript = async () => (await readJson(await t.call('GET', `${path()}/${run}`), runSchema, 200)).messages;
    await expect.poll(async () => (await transcript()).length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    const messages = await transcript();
    expect(messages[1]).toMatchObject({ role: 'user', content: 'tell me a long story' });
    expect(messages[2]?.content).toBe('The reply was interrupted before it finished.');
    await expect.poll(() => llm.timings[0]?.clientClosed).toBe(true);
  });

  it('cancels the LLM request when the socket of a streamed turn closes, through the Node adapter', async () => {
    const run = await start();
    llm.enqueue({ content: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 100 });
    const server = await startServer(t.app);
    try {
      const leave = new AbortController();
      const res = await fetch(`${server.url}${path()}/${run}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ content: 'tell me a long story' }),
        signal: leave.signal,
      });
      const reader = res.body?.getReader();
      const first = await reader?.read();
      expect(new TextDecoder().decode(first?.value)).toContain('event: delta');
      // What a closed tab does: the TCP connection goes away mid-stream.
      leave.abort();
      await expect.poll(() => llm.timings[0]?.clientClosed).toBe(true);
      const transcript = async () => (await readJson(await t.call('GET', `${path()}/${run}`), runSchema, 200)).messages;
      await expect.poll(async () => (await transcript()).length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      expect((await transcript())[2]?.content).toBe('The reply was interrupted before it finished.');
    } finally {
      await server.close();
    }
  });
});

describe.each(testDatabases())('an LLM that never answers, on $dialect', (target) => {
  it('times out, takes the on_error route, and the session stays usable', async () => {
    const llm = await startFakeLlm();
    const client = createLlmClient({ baseURL: llm.url, apiKey: 'test', model: 'fake', timeoutMs: 300, maxRetries: 0 });
    const t = await createTestApp(target, { llm: client });
    const agent = (await createAgent(t, llmAgentBody())).id;
    const run = (await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201)).workflow_run_id;
    llm.enqueue({ hang: true }, { hang: true });
    const reply = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content: 'hi' }), assistantReplySchema, 200);
    expect(reply).toMatchObject({ content: expect.stringContaining('Something went wrong'), session_status: 'active' });
    llm.reset();
    llm.enqueue({ content: 'Here now.' });
    expect((await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content: 'hi?' }), assistantReplySchema, 200)).content).toBe('Here now.');
    await t.close();
    await llm.close();
  });
});

describe.each(testDatabases())('llm nodes with no LLM configured on $dialect', (target) => {
  it('answer their fallback text and record why', async () => {
    const t = await createTestApp(target);
    const agent = (await createAgent(t, llmAgentBody())).id;
    const run = (await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201)).workflow_run_id;
    const reply = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content: 'hi' }), assistantReplySchema, 200);
    expect(reply.content).toBe('Our assistant is offline.');
    const row = await t.database.db.selectFrom('messages').select('turn').where('session_id', '=', run).where('idx', '=', 2).executeTakeFirstOrThrow();
    expect(JSON.parse(row.turn ?? '{}').llm).toBe('unavailable');
    await t.close();
  });
});
