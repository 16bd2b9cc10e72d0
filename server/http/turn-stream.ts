/**
 * A turn over SSE: `delta` events as the LLM streams, then `message` (the assistant
 * message) or `error`. A turn that streamed nothing (no `llm` node answered, or none is
 * configured) sends its whole text as one `delta` before `message`, so a client that
 * renders deltas shows every reply the same way. Closing the connection aborts the turn's
 * LLM call; the user's message is still kept by the turn runner.
 */
import type { Context } from 'hono';
import type { SendInput, TurnRunner } from '../sessions/turn-runner.ts';
import type { AppEnv } from './app-env.ts';
import { toHttpError } from './error-handler.ts';
import { createEventStreamBody, EVENT_STREAM_HEADERS } from './event-stream-body.ts';

export function streamTurn(c: Context<AppEnv>, turns: TurnRunner, input: Omit<SendInput, 'signal' | 'onDelta'>): Response {
  const controller = new AbortController();
  const stream = createEventStreamBody(() => controller.abort(new Error('client disconnected')));
  // Deltas are queued, never awaited: the turn must not wait on the socket.
  let streamed = false;
  const onDelta = (text: string) => {
    if (controller.signal.aborted) return;
    streamed = true;
    stream.send('delta', JSON.stringify({ text }));
  };
  void (async () => {
    try {
      const reply = await turns.send({ ...input, signal: controller.signal, onDelta });
      if (!streamed && reply.content !== '') onDelta(reply.content);
      stream.send('message', JSON.stringify(reply));
    } catch (error) {
      const http = toHttpError(error);
      if (http.logAs) c.get('logger')?.[http.logAs]({ err: error }, 'streamed turn failed');
      stream.send('error', JSON.stringify({ code: http.code, message: http.message, status: http.status }));
    } finally {
      stream.close();
    }
  })();
  return c.newResponse(stream.body, 200, EVENT_STREAM_HEADERS);
}
