/**
 * `GET …/events`: replays stored events after `Last-Event-ID`, then follows new ones as
 * the bus announces them, with `: ping` heartbeats so proxies keep the stream open.
 */
import type { Context } from 'hono';
import { MAX_ID } from '../../shared/ids.ts';
import { streamSSE } from 'hono/streaming';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { AppEnv } from './app-env.ts';

export function streamSessionEvents(c: Context<AppEnv>, events: SessionEvents, sessionId: number, options: { heartbeatMs: number }): Response {
  const header = c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? '0';
  // An id that cannot exist (or garbage) replays from the start rather than failing.
  let lastId = /^\d{1,10}$/.test(header) && Number(header) <= MAX_ID ? Number(header) : 0;
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    let pending = true;
    const unsubscribe = events.subscribe(sessionId, () => {
      pending = true;
      wake?.();
    });
    const heartbeat = setInterval(() => void stream.write(': ping\n\n').catch(() => undefined), options.heartbeatMs);
    stream.onAbort(() => wake?.());
    try {
      while (!stream.aborted && !stream.closed) {
        if (pending) {
          pending = false;
          for (const stored of await events.after(sessionId, lastId)) {
            await stream.writeSSE({ id: String(stored.id), event: stored.event.type, data: JSON.stringify(stored.event) });
            lastId = stored.id;
          }
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
}
