/**
 * `GET /v1/inbox/events`: the workspace's queue as it changes, pushed — no polling. The
 * stream sends the whole queue (an `inbox` event, the `GET /v1/inbox` answer) when it opens
 * and again whenever the bus says the workspace's inbox changed (a hand-off, a claim, a
 * visitor's message, a reply, a hand back, an end), on whichever process it happened: the
 * queue is read from the database, so every process shows the same one. A burst of changes
 * is read once; a read that changes nothing sends nothing.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { InboxResponse } from '../../shared/api/inbox-api.ts';
import { inboxTopic, type SessionEventBus } from '../sessions/session-event-bus.ts';
import type { AppEnv } from './app-env.ts';
import { followChanges } from './follow-changes.ts';

export interface InboxStreamOptions {
  bus: Pick<SessionEventBus, 'subscribe'>;
  read(workspaceId: number): Promise<InboxResponse>;
  heartbeatMs: number;
  /** Aborted when the server begins shutting down: the stream ends cleanly. */
  closing?: AbortSignal | undefined;
}

export function streamInbox(c: Context<AppEnv>, options: InboxStreamOptions): Response {
  const workspaceId = c.var.workspaceId;
  return streamSSE(c, async (stream) => {
    let sent = '';
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
  });
}
