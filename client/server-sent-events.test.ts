import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './server-sent-events.ts';

/** A body delivering `chunks` as they are split; `cancelled` tells whether the reader cancelled it. */
function body(chunks: string[]) {
  const encoder = new TextEncoder();
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function read(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body(chunks).stream)) events.push(event);
  return events;
}

describe('reading an event stream', () => {
  it('reads named events with ids, joins data lines, and skips heartbeat comments', async () => {
    expect(await read(['id: 7\nevent: delta\ndata: {"text":"Hi"}\n\n: ping\n\ndata: a\ndata: b\n\n'])).toEqual([
      { event: 'delta', data: '{"text":"Hi"}', id: '7' },
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('finds events however the chunks split them, a CRLF split in two included', async () => {
    const expected = [{ event: 'message', data: 'x' }, { event: 'ended', data: '{}' }];
    expect(await read(['data: x\r', '\n\r\nevent: en', 'ded\r\ndata: {}\r\n', '\r\n'])).toEqual(expected);
    expect(await read(['data: x\r\revent: ended\rdata: {}\r\r'])).toEqual(expected);
  });

  it('drops an event the end of the stream cuts short', async () => {
    expect(await read(['data: whole\n\ndata: cut'])).toEqual([{ event: 'message', data: 'whole' }]);
  });

  it('cancels the body when the reader leaves early, so the connection closes', async () => {
    const { stream, state } = body(['data: 1\n\n', 'data: 2\n\n']);
    for await (const event of readServerSentEvents(stream)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(state.cancelled).toBe(true);
  });
});
