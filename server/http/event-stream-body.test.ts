import { describe, expect, it, vi } from 'vitest';
import { readSse } from '../../test/helpers/sse.ts';
import { createEventStreamBody } from './event-stream-body.ts';

const decoder = new TextDecoder();

describe('createEventStreamBody', () => {
  it('writes events the typed client parses, in order, and ends the body on close', async () => {
    const stream = createEventStreamBody(() => undefined);
    stream.send('delta', JSON.stringify({ text: 'Hel' }));
    await Promise.resolve();
    stream.send('delta', JSON.stringify({ text: 'lo\n' }));
    stream.send('message', JSON.stringify({ content: 'Hello\n' }));
    stream.close();

    const events = [];
    for await (const event of readSse(new Response(stream.body))) events.push(event);

    expect(events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: 'delta', data: '{"text":"Hel"}' },
      { event: 'delta', data: '{"text":"lo\\n"}' },
      { event: 'message', data: '{"content":"Hello\\n"}' },
    ]);
  });

  it('sends the events of one synchronous run as one chunk', async () => {
    const stream = createEventStreamBody(() => undefined);
    const reader = stream.body.getReader();
    stream.send('delta', '1');
    stream.send('delta', '2');

    const first = await reader.read();

    expect(decoder.decode(first.value)).toBe('event: delta\ndata: 1\n\nevent: delta\ndata: 2\n\n');
    stream.close();
    expect((await reader.read()).done).toBe(true);
  });

  it('tells its owner once when the client goes away, and ignores what is sent after', async () => {
    const onCancel = vi.fn();
    const stream = createEventStreamBody(onCancel);
    const reader = stream.body.getReader();

    await reader.cancel();
    stream.send('delta', '1');
    stream.close();

    expect(onCancel).toHaveBeenCalledTimes(1);
    expect((await reader.read()).done).toBe(true);
  });

  it('does not call onCancel for a body it closed itself', async () => {
    const onCancel = vi.fn();
    const stream = createEventStreamBody(onCancel);
    stream.close();

    await stream.body.cancel();

    expect(onCancel).not.toHaveBeenCalled();
  });
});
