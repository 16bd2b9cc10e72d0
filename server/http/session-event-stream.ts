/**
 * `GET …/events`: replays stored events after `Last-Event-ID`, then follows new ones as
 * the bus announces them, with `: ping` heartbeats so proxies keep the stream open. The
 * stream ends after the session's `ended` event — whichever process stored it, since every
 * stream reads the stored log — and when the server starts shutting down. Between stored
 * events come `typing` events without an id while the operator writes: signals, not stored.
 */
import type { Context } from 'hono';
import { MAX_ID } from '../../shared/ids.ts';
import { streamSSE } from 'hono/streaming';
import type { EndedReason, OperatorTypingEvent } from '../../shared/api/text-chat-api.ts';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { AppEnv } from './app-env.ts';
import { followChanges } from './follow-changes.ts';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Set when the session had already ended as the stream was asked for. */
  endedReason: EndedReason | null;
  /** Called once when the stream ends, whatever ended it. */
  onClose(): void;
  /** Aborted when the server begins shutting down: the stream ends cleanly. */
  closing?: AbortSignal | undefined;
}

export function streamSessionEvents(c: Context<AppEnv>, events: SessionEvents, sessionId: number, options: EventStreamOptions): Response {
  const header = c.req.header('last-event-id') ?? c.req.query('last_event_id') ?? '0';
  // An id that cannot exist (or garbage) replays from the start rather than failing.
  let lastId = /^\d{1,10}$/.test(header) && Number(header) <= MAX_ID ? Number(header) : 0;
  return streamSSE(c, async (stream) => {
    let ended = false;
    const stopTyping = events.onOperatorTyping(sessionId, (signal) => {
      const event: OperatorTypingEvent = { type: 'typing', author: 'operator', author_name: signal.authorName ?? '' };
      void stream.writeSSE({ event: 'typing', data: JSON.stringify(event) }).catch(() => undefined);
    });
    try {
      await followChanges(stream, {
        subscribe: (onChange) => events.subscribe(sessionId, onChange),
        async catchUp() {
          for (const stored of await events.after(sessionId, lastId)) {
            await stream.writeSSE({ id: String(stored.id), event: stored.event.type, data: JSON.stringify(stored.event) });
            lastId = stored.id;
            ended ||= stored.event.type === 'ended';
          }
          // Ended before this stream asked, its `ended` event already read (or never stored, as
          // when the opening itself ended the call): say so once, without an id, and close.
          if (!ended && options.endedReason !== null) {
            await stream.writeSSE({ event: 'ended', data: JSON.stringify({ type: 'ended', reason: options.endedReason }) });
            ended = true;
          }
          return ended;
        },
        heartbeatMs: options.heartbeatMs,
        closing: options.closing,
      });
    } finally {
      stopTyping();
      options.onClose();
    }
  });
}
