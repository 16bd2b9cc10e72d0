import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './sse-reader.ts';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(stream)) events.push(event);
  return events;
}

describe('readSse', () => {
  it('reads named events with JSON data, ignoring comments', async () => {
    const events = await collect(streamOf(': ping\n\n', 'event: delta\ndata: {"text":"Hi"}\n\n', 'event: message\ndata: {"content":"Hi"}\n\n'));
    expect(events).toEqual([
      { event: 'delta', data: '{"text":"Hi"}', id: null },
      { event: 'message', data: '{"content":"Hi"}', id: null },
    ]);
  });

  it('joins events split across chunks anywhere, even between CR and LF', async () => {
    const events = await collect(streamOf('ev', 'ent: delta\r', '\ndata: {"te', 'xt":"a"}\r\n\r', '\n'));
    expect(events).toEqual([{ event: 'delta', data: '{"text":"a"}', id: null }]);
  });

  it('joins multi-line data and keeps the last id for resuming', async () => {
    const events = await collect(streamOf('id: 7\nevent: message\ndata: line one\ndata: line two\n\n', 'data: no name\n\n'));
    expect(events).toEqual([
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'message', data: 'no name', id: '7' },
    ]);
  });

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = new TextEncoder().encode('data: مرحبا\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8));
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    expect((await collect(stream))[0]?.data).toBe('مرحبا');
  });

  it('stops reading when its signal aborts, even if the body never ends', async () => {
    const never = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('data: 1\n\n')) });
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const event of readSse(never, abort.signal)) {
      seen.push(event.data);
      abort.abort();
    }
    expect(seen).toEqual(['1']);
  });
});
