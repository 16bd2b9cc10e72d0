import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeLlm } from '../../test/fake-llm/fake-llm.ts';
import type { FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import { createLlmClient } from './create-llm-client.ts';
import type { CreateLlmClientOptions } from './create-llm-client.ts';
import { LlmError } from './llm-errors.ts';
import type { ChatMessage } from './types.ts';

describe('createLlmClient', () => {
  let fake: FakeLlm;

  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const llm = (overrides: Partial<CreateLlmClientOptions> = {}) =>
    createLlmClient({ baseURL: fake.url, apiKey: 'test', model: 'default-model', maxRetries: 0, logLevel: 'off', ...overrides });
  const messages: ChatMessage[] = [{ role: 'user', content: 'I broke a window' }];

  it('streams deltas in order, and they join to the returned content', async () => {
    fake.enqueue({ content: 'Sorry to hear that. What is your policy number?', delayMs: 30 });
    const deltas: string[] = [];

    const result = await llm().chat({ messages }, { onDelta: (text) => deltas.push(text) });

    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe('Sorry to hear that. What is your policy number?');
    expect(result).toMatchObject({ content: deltas.join(''), finishReason: 'stop', model: 'default-model', toolCalls: [] });
    expect(fake.requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(result.ttfbMs).toBeGreaterThanOrEqual(25);
    expect(result.totalMs).toBeGreaterThanOrEqual(result.ttfbMs);
  });

  it('parses streamed tool calls, in index order, without sending them as deltas', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_policy', arguments: { id: '123456' }, id: 'call_1' },
        { name: 'create_ticket', arguments: { summary: 'window', urgent: true }, id: 'call_2' },
      ],
    });
    const deltas: string[] = [];

    const result = await llm().chat({ messages }, { onDelta: (text) => deltas.push(text) });

    expect(deltas).toEqual([]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      { id: 'call_1', name: 'get_policy', arguments: '{"id":"123456"}' },
      { id: 'call_2', name: 'create_ticket', arguments: '{"summary":"window","urgent":true}' },
    ]);
  });

  it('reports the usage of a streamed answer', async () => {
    fake.enqueue({ content: 'Hi', usage: { prompt_tokens: 42, completion_tokens: 7 } });

    const result = await llm().chat({ messages }, { onDelta: () => undefined });

    expect(result.usage).toEqual({ promptTokens: 42, completionTokens: 7 });
  });

  it('sends a plain request without onDelta and returns content, tool calls and usage', async () => {
    fake.enqueue({
      content: '{"intent":"claim"}',
      toolCalls: [{ name: 'get_policy', arguments: { id: '1' }, id: 'call_x' }],
      usage: { prompt_tokens: 10, completion_tokens: 4 },
      delayMs: 30,
    });

    const result = await llm().chat({
      model: 'judge-model',
      messages,
      temperature: 0.2,
      maxTokens: 50,
      json: true,
      tools: [{ type: 'function', function: { name: 'get_policy', parameters: { type: 'object' } } }],
    });

    expect(result).toMatchObject({
      content: '{"intent":"claim"}',
      toolCalls: [{ id: 'call_x', name: 'get_policy', arguments: '{"id":"1"}' }],
      usage: { promptTokens: 10, completionTokens: 4 },
      model: 'judge-model',
      finishReason: 'tool_calls',
    });
    expect(result.ttfbMs).toBeGreaterThanOrEqual(25);
    const sent = fake.requests[0];
    expect(sent).toMatchObject({
      model: 'judge-model',
      temperature: 0.2,
      max_tokens: 50,
      response_format: { type: 'json_object' },
    });
    expect(sent?.stream).toBeFalsy();
    expect(sent?.tools).toHaveLength(1);
  });

  it('turns a 429 that outlasts the retries into llm_rate_limited', async () => {
    fake.enqueue({ status: 429 }, { status: 429 });

    const failure = llm({ maxRetries: 1 }).chat({ messages }, { onDelta: () => undefined });

    await expect(failure).rejects.toMatchObject({ code: 'llm_rate_limited', status: 429 });
    expect(fake.requests).toHaveLength(2);
  });

  it('turns a 500 that outlasts the retries into llm_unavailable', async () => {
    const immediateRetry = { 'retry-after-ms': '0' };
    fake.enqueue({ status: 500, headers: immediateRetry }, { status: 500, headers: immediateRetry });

    const failure = llm({ maxRetries: 1 }).chat({ messages });

    await expect(failure).rejects.toBeInstanceOf(LlmError);
    await expect(failure).rejects.toMatchObject({ code: 'llm_unavailable', status: 500 });
    expect(fake.requests).toHaveLength(2);
  });

  it('recovers when a retry succeeds', async () => {
    fake.enqueue({ status: 429 }, { content: 'second time lucky' });

    const result = await llm({ maxRetries: 1 }).chat({ messages });

    expect(result.content).toBe('second time lucky');
  });

  it('gives llm_timeout when the server never answers', async () => {
    fake.enqueue({ hang: true });

    await expect(llm({ timeoutMs: 200 }).chat({ messages })).rejects.toMatchObject({ code: 'llm_timeout' });
  });

  it('gives llm_timeout when a stream stalls after it began', async () => {
    fake.enqueue({ content: 'one two three', chunkDelayMs: 10_000 });

    const failure = llm({ timeoutMs: 150 }).chat({ messages }, { onDelta: () => undefined });

    await expect(failure).rejects.toMatchObject({ code: 'llm_timeout' });
    await vi.waitFor(() => expect(fake.timings[0]?.clientClosed).toBe(true));
  });

  it('gives llm_aborted and cancels the HTTP request when the caller aborts mid-stream', async () => {
    fake.enqueue({ content: 'a long answer that the visitor will never read', chunkDelayMs: 20 });
    const controller = new AbortController();
    const deltas: string[] = [];

    const failure = llm().chat(
      { messages },
      {
        signal: controller.signal,
        onDelta: (text) => {
          deltas.push(text);
          controller.abort();
        },
      },
    );

    await expect(failure).rejects.toMatchObject({ code: 'llm_aborted', name: 'LlmAbortedError' });
    expect(deltas).toEqual(['a ']);
    await vi.waitFor(() => expect(fake.timings[0]?.clientClosed).toBe(true));
  });

  it('gives llm_aborted without sending anything when the signal is already aborted', async () => {
    const failure = llm().chat({ messages }, { signal: AbortSignal.abort() });

    await expect(failure).rejects.toMatchObject({ code: 'llm_aborted' });
    expect(fake.requests).toHaveLength(0);
  });

  it('gives llm_bad_response for a malformed stream instead of hanging', async () => {
    fake.enqueue({ content: 'this will be cut', malformed: true });

    await expect(llm().chat({ messages }, { onDelta: () => undefined })).rejects.toMatchObject({
      code: 'llm_bad_response',
    });
  });

  it('gives llm_bad_response for a truncated completion body', async () => {
    fake.enqueue({ content: 'this will be cut', malformed: true });

    await expect(llm().chat({ messages })).rejects.toMatchObject({ code: 'llm_bad_response' });
  });

  it('gives llm_unavailable when nothing listens at the base URL', async () => {
    const gone = await startFakeLlm();
    await gone.close();

    await expect(llm({ baseURL: gone.url }).chat({ messages })).rejects.toMatchObject({ code: 'llm_unavailable' });
  });

  it('lets an exception thrown by onDelta through unchanged', async () => {
    const mistake = new RangeError('the caller broke');

    const failure = llm().chat({ messages }, {
      onDelta: () => {
        throw mistake;
      },
    });

    await expect(failure).rejects.toBe(mistake);
  });

  it('is not configured without a key or a base URL, and then rejects with llm_not_configured', async () => {
    const client = createLlmClient({ apiKey: '', baseURL: undefined, model: 'm' });

    expect(client.configured).toBe(false);
    expect(client.defaultModel).toBe('m');
    await expect(client.chat({ messages })).rejects.toMatchObject({
      code: 'llm_not_configured',
      name: 'LlmNotConfiguredError',
    });
  });

  it('is configured by a base URL alone, for local servers that need no key', async () => {
    const client = createLlmClient({ baseURL: fake.url, model: 'local', maxRetries: 0 });

    expect(client.configured).toBe(true);
    await expect(client.chat({ messages })).resolves.toMatchObject({ content: 'Fake reply to: I broke a window' });
  });
});
