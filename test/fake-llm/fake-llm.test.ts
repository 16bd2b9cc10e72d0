import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeLlm } from './fake-llm.ts';
import type { FakeLlm } from './fake-llm.ts';

describe('the fake OpenAI-compatible server', () => {
  let fake: FakeLlm;
  let openai: OpenAI;

  beforeAll(async () => {
    fake = await startFakeLlm();
    openai = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const ask = (text: string) => [{ role: 'user' as const, content: text }];

  it('answers with the last user message by default and records the request body', async () => {
    const completion = await openai.chat.completions.create({ model: 'm1', messages: ask('hello') });

    expect(completion.choices[0]?.message.content).toBe('Fake reply to: hello');
    expect(completion.model).toBe('m1');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('streams text in several chunks that join to the scripted content', async () => {
    fake.enqueue({ content: 'The quick brown fox jumps.' });
    const stream = await openai.chat.completions.create({ model: 'm', messages: ask('hi'), stream: true });

    const pieces: string[] = [];
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      finishReason = choice?.finish_reason ?? finishReason;
    }

    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe('The quick brown fox jumps.');
    expect(finishReason).toBe('stop');
  });

  it('streams tool calls by index with the id and name first and the arguments in pieces', async () => {
    fake.enqueue({
      toolCalls: [
        { name: 'get_policy', arguments: { id: '123456', include: ['holder', 'coverage'] }, id: 'call_a' },
        { name: 'create_ticket', arguments: '{"summary":"broken window"}' },
      ],
    });
    const stream = await openai.chat.completions.create({ model: 'm', messages: ask('go'), stream: true });

    const calls = new Map<number, { id: string; name: string; args: string; pieces: number }>();
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { id: '', name: '', args: '', pieces: 0 };
        call.id ||= delta.id ?? '';
        call.name += delta.function?.name ?? '';
        call.args += delta.function?.arguments ?? '';
        call.pieces += 1;
        calls.set(delta.index, call);
      }
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }

    expect(finishReason).toBe('tool_calls');
    expect(calls.get(0)).toMatchObject({ id: 'call_a', name: 'get_policy' });
    expect(JSON.parse(calls.get(0)?.args ?? '')).toEqual({ id: '123456', include: ['holder', 'coverage'] });
    expect(calls.get(0)?.pieces).toBeGreaterThan(2);
    expect(calls.get(1)?.name).toBe('create_ticket');
    expect(calls.get(1)?.id).toMatch(/^call_/);
    expect(JSON.parse(calls.get(1)?.args ?? '')).toEqual({ summary: 'broken window' });
  });

  it('returns a chat.completion with tool calls, finish reason and usage when not streaming', async () => {
    fake.enqueue({
      content: 'Let me look.',
      toolCalls: [{ name: 'get_policy', arguments: { id: '1' } }],
      usage: { prompt_tokens: 12, completion_tokens: 5 },
    });
    const completion = await openai.chat.completions.create({ model: 'm', messages: ask('policy?') });

    expect(completion.object).toBe('chat.completion');
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBe('Let me look.');
    expect(choice?.message.tool_calls?.[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_policy', arguments: '{"id":"1"}' },
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  });

  it('ends a stream with a usage chunk when include_usage is asked for', async () => {
    fake.enqueue({ content: 'Two words', usage: { prompt_tokens: 3, completion_tokens: 2 } });
    const stream = await openai.chat.completions.create({
      model: 'm',
      messages: ask('hi'),
      stream: true,
      stream_options: { include_usage: true },
    });

    const usages = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);

    expect(usages).toEqual([{ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }]);
  });

  it('answers 429 with an OpenAI error body that the SDK raises as a RateLimitError', async () => {
    fake.enqueue({ status: 429 });
    const failure = openai.chat.completions.create({ model: 'm', messages: ask('hi') });

    await expect(failure).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(failure).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
  });

  it('lets the SDK retry a 429 at once and consume the next scripted response', async () => {
    fake.enqueue({ status: 429 }, { content: 'after the retry' });
    const retrying = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 1 });

    const completion = await retrying.chat.completions.create({ model: 'm', messages: ask('hi') });

    expect(completion.choices[0]?.message.content).toBe('after the retry');
    expect(fake.requests).toHaveLength(2);
  });

  it('answers 500 with an error that the SDK raises as an InternalServerError', async () => {
    fake.enqueue({ status: 500 });
    const failure = openai.chat.completions.create({ model: 'm', messages: ask('hi'), stream: true });

    await expect(failure).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(failure).rejects.toMatchObject({ status: 500 });
  });

  it('waits delayMs before the first byte and chunkDelayMs between chunks, and records when', async () => {
    fake.enqueue({ content: 'one two three', delayMs: 60, chunkDelayMs: 20 });
    const started = performance.now();
    const stream = await openai.chat.completions.create({ model: 'm', messages: ask('hi'), stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now());

    const timing = fake.timings[0];
    expect(timing?.firstChunkAt).toBeDefined();
    expect((timing?.firstChunkAt ?? 0) - (timing?.receivedAt ?? 0)).toBeGreaterThanOrEqual(55);
    expect((arrivals[0] ?? 0) - started).toBeGreaterThanOrEqual(55);
    // Three words after the role chunk: each arrives at least one chunk delay after the last.
    expect((arrivals[2] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(35);
    expect(timing?.finishedAt).toBeGreaterThan(timing?.firstChunkAt ?? Infinity);
    // The first word follows the role-only chunk by one chunk delay.
    expect((timing?.firstTextAt ?? 0) - (timing?.firstChunkAt ?? Infinity)).toBeGreaterThanOrEqual(15);
  });

  it('never answers a hung request, and notices when the client gives up', async () => {
    fake.enqueue({ hang: true });
    const failure = openai.chat.completions.create({ model: 'm', messages: ask('hi') }, { timeout: 100 });

    await expect(failure).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await vi.waitFor(() => expect(fake.timings[0]?.clientClosed).toBe(true));
    expect(fake.timings[0]?.firstChunkAt).toBeUndefined();
  });

  it('cuts a malformed stream after a truncated JSON event', async () => {
    fake.enqueue({ content: 'never complete', malformed: true });
    // The SDK logs the bad event before throwing; keep the test output clean.
    const quiet = new OpenAI({ baseURL: fake.url, apiKey: 'test', maxRetries: 0, logLevel: 'off' });
    const stream = await quiet.chat.completions.create({ model: 'm', messages: ask('hi'), stream: true });

    const consume = async () => {
      for await (const chunk of stream) void chunk;
    };

    await expect(consume()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('lists a model', async () => {
    const models = await openai.models.list();

    expect(models.data.map((model) => model.id)).toEqual(['fake-model']);
  });

  it('releases a hung request when it closes', async () => {
    const own = await startFakeLlm();
    own.enqueue({ hang: true });
    const client = new OpenAI({ baseURL: own.url, apiKey: 'test', maxRetries: 0 });
    const failure = client.chat.completions.create({ model: 'm', messages: ask('hi') });
    await vi.waitFor(() => expect(own.requests).toHaveLength(1));

    await own.close();

    await expect(failure).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
