/**
 * `GET /v1/inbox/events`: the workspace's queue as it changes, pushed — no polling. The
 * stream sends the whole queue (an `inbox` event, the `GET /v1/inbox` answer) when it opens
 * and again whenever the bus says the workspace's inbox changed (a hand-off, a claim, a
 * visitor's message, a reply, a hand back, an end), on whichever process it happened: the
 * queue is read from the database, so every process shows the same one. A burst of changes
 * is read once; a read that changes nothing sends nothing. Between them come `typing`
 * events (`{"call_id", "author": "user"}`): a visitor is writing, on any process.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { InboxResponse, InboxTypingEvent } from '../../shared/api/inbox-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import { inboxTopic, type SessionEventBus } from '../sessions/session-event-bus.ts';
import type { SessionEvents } from '../sessions/session-events.ts';
import type { AppEnv } from './app-env.ts';
import { followChanges } from './follow-changes.ts';

export interface InboxStreamOptions {
  bus: Pick<SessionEventBus, 'subscribe'>;
  read(workspaceId: number): Promise<InboxResponse>;
  typing: Pick<SessionEvents, 'onVisitorTyping'>;
  heartbeatMs: number;
  /** Aborted when the server begins shutting down: the stream ends cleanly. */
  closing?: AbortSignal | undefined;
}

export function streamInbox(c: Context<AppEnv>, options: InboxStreamOptions): Response {
  const workspaceId = c.var.workspaceId;
  return streamSSE(c, async (stream) => {
    let sent = '';
    const stopTyping = options.typing.onVisitorTyping(workspaceId, (signal) => {
      const event: InboxTypingEvent = { call_id: callIdOf(signal.sessionId), author: 'user' };
      void stream.writeSSE({ event: 'typing', data: JSON.stringify(event) }).catch(() => undefined);
    });
    try {
      await followChanges(stream, {
        subscribe: (onChange) => options.bus.subscribe(inboxTopic(workspaceId), onChange),
        async catchUp() {
          const data = JSON.stringify(await options.read(workspaceId));
          if (data !== sent) await stream.writeSSE({ event: 'inbox', data });
          sent = data;
          return false;
        },
        heartbeatMs: options.heartbeatMs,
        closing: options.closing,
        });
    } finally {
      stopTyping();
    }
  });
}
