/**
 * Streamed bodies as OpenAI-compatible servers send them, byte for byte, through the
 * client's own SSE parsing: served by a `fetch` that answers a fixed body in given pieces.
 */
import { describe, expect, it } from 'vitest';
import { createLlmClient } from './create-llm-client.ts';
import type { ChatMessage } from './types.ts';

const messages: ChatMessage[] = [{ role: 'user', content: 'hi' }];

const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

/** A client whose every request is answered 200 with `pieces` as an event stream. */
function answering(pieces: readonly (string | Uint8Array)[]) {
  const encoder = new TextEncoder();
  const fakeFetch: typeof fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
  return createLlmClient({ baseURL: 'http://llm.test/v1', model: 'm', maxRetries: 0, logLevel: 'off', fetch: fakeFetch });
}

async function streamed(pieces: readonly (string | Uint8Array)[]) {
  const deltas: string[] = [];
  const result = await answering(pieces).chat({ messages }, { onDelta: (text) => deltas.push(text) });
  return { deltas, result };
}

describe('createLlmClient, streamed bodies', () => {
  it('reads CRLF line ends, comments and events cut anywhere, and stops at [DONE]', async () => {
    const body = `: keep-alive\r\n\r\ndata: ${chunk({ role: 'assistant', content: 'Hel' })}\r\n\r\ndata: ${chunk({ content: 'lo' })}\r\n\r\ndata: ${chunk({}, 'stop')}\r\n\r\ndata: [DONE]\r\n\r\ndata: not json, never read\r\n\r\n`;
    const pieces = body.match(/[\s\S]{1,5}/g) ?? [];

    const { deltas, result } = await streamed(pieces);

    expect(deltas).toEqual(['Hel', 'lo']);
    expect(result).toMatchObject({ content: 'Hello', finishReason: 'stop' });
  });

  it('gives llm_unavailable for an error event inside the stream, after the deltas before it', async () => {
    const deltas: string[] = [];
    const failure = answering([`data: ${chunk({ content: 'Hi' })}\n\n`, 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n']).chat(
      { messages },
      { onDelta: (text) => deltas.push(text) },
    );

    await expect(failure).rejects.toMatchObject({ code: 'llm_unavailable', message: expect.stringContaining('overloaded') });
    expect(deltas).toEqual(['Hi']);
  });

  it('gives llm_bad_response for data that is not JSON', async () => {
    await expect(streamed([`data: ${chunk({ content: 'Hi' })}\n\n`, 'data: {"cut\n\n'])).rejects.toMatchObject({ code: 'llm_bad_response' });
  });

  it('gives llm_bad_response for a body that ends before the finish reason', async () => {
    await expect(streamed([`data: ${chunk({ content: 'Hi' })}\n\n`])).rejects.toMatchObject({ code: 'llm_bad_response' });
  });

  it('reads multi-byte characters split between pieces', async () => {
    const bytes = new TextEncoder().encode(`data: ${chunk({ content: 'héllo ✓' })}\n\ndata: ${chunk({}, 'stop')}\n\n`);
    const { deltas } = await streamed(Array.from(bytes, (byte) => Uint8Array.of(byte)));
    expect(deltas.join('')).toBe('héllo ✓');
  });
});
