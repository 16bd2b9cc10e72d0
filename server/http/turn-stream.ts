/**
 * A turn over SSE: `delta` events as the LLM streams, then `message` (the assistant
 * message) or `error`. A turn that streamed nothing (no `llm` node answered, or none is
 * configured) sends its whole text as one `delta` before `message`, so a client that
 * renders deltas shows every reply the same way. Closing the connection aborts the turn's
 * LLM call; the user's message is still kept by the turn runner.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SendInput, TurnRunner } from '../sessions/turn-runner.ts';
import type { AppEnv } from './app-env.ts';
import { toHttpError } from './error-handler.ts';

export function streamTurn(c: Context<AppEnv>, turns: TurnRunner, input: Omit<SendInput, 'signal' | 'onDelta'>): Response {
  return streamSSE(c, async (stream) => {
    const controller = new AbortController();
    stream.onAbort(() => controller.abort(new Error('client disconnected')));
    // Deltas are written in order without awaiting each one: the turn must not wait on the socket.
    let writes = Promise.resolve();
    let streamed = false;
    const onDelta = (text: string) => {
      if (controller.signal.aborted) return;
      streamed = true;
      writes = writes.then(() => stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) }));
    };
    try {
      const reply = await turns.send({ ...input, signal: controller.signal, onDelta });
      if (!streamed && reply.content !== '') onDelta(reply.content);
      await writes;
      await stream.writeSSE({ event: 'message', data: JSON.stringify(reply) });
    } catch (error) {
      await writes.catch(() => undefined);
      const http = toHttpError(error);
      if (http.logAs) c.get('logger')?.[http.logAs]({ err: error }, 'streamed turn failed');
      await stream.writeSSE({ event: 'error', data: JSON.stringify({ code: http.code, message: http.message, status: http.status }) });
    }
  });
}
