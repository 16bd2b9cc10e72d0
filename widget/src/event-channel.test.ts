import { describe, expect, it, vi } from 'vitest';
import type { WidgetEvent } from './types.ts';
import { ApiError } from './api-client.ts';
import { openEventChannel } from './event-channel.ts';
import type { SseEvent } from '../../shared/sse-reader.ts';

async function* events(...list: SseEvent[]): AsyncGenerator<SseEvent> {
  yield* list;
}
const transferred = (id: string): SseEvent => ({ event: 'transferred', data: JSON.stringify({ type: 'transferred', destination: 'human' }), id });

describe('openEventChannel', () => {
  it('reconnects after a drop and resumes from the last event id', async () => {
    const opened: (string | null)[] = [];
    const received: WidgetEvent[] = [];
    const channel = openEventChannel({
      open: async (lastEventId) => {
        opened.push(lastEventId);
        if (opened.length === 1) return events(transferred('4'), transferred('5'));
        if (opened.length === 2) throw new ApiError(0, 'network_error', 'offline');
        return events({ event: 'ended', data: '{"type":"ended","reason":"timeout"}', id: '9' });
      },
      onEvent: (event) => received.push(event),
      onProblem: () => undefined,
      delays: [0],
    });
    await vi.waitFor(() => expect(received.at(-1)).toEqual({ type: 'ended', reason: 'timeout' }));
    expect(opened).toEqual([null, '5', '5']);
    channel.close();
  });

  it('gives up for good when the session is gone', async () => {
    const problems: unknown[] = [];
    let opens = 0;
    openEventChannel({
      open: async () => {
        opens++;
        throw new ApiError(404, 'not_found', 'Session not found');
      },
      onEvent: () => undefined,
      onProblem: (error) => problems.push(error),
      delays: [0],
    });
    await vi.waitFor(() => expect(problems).toHaveLength(1));
    expect(opens).toBe(1);
  });

  it('skips a malformed event and an unknown event type, and keeps listening', async () => {
    const received: WidgetEvent[] = [];
    const problems: unknown[] = [];
    const channel = openEventChannel({
      open: async () => events({ event: 'message', data: '{oops', id: '1' }, { event: 'future', data: '{"type":"future"}', id: '2' }, transferred('3')),
      onEvent: (event) => received.push(event),
      onProblem: (error) => problems.push(error),
      delays: [1000],
    });
    await vi.waitFor(() => expect(received).toEqual([{ type: 'transferred', destination: 'human' }]));
    expect(problems).toHaveLength(1);
    channel.close();
  });
});
