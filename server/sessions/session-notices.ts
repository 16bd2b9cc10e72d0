/**
 * The durable side of session lifecycle notifications: the events a change fires (webhooks)
 * are written by the change's own transaction, into the outbox, so no crash between the
 * commit and the notification can lose one. The session runtime asks `SessionNotices`
 * which events a change fires; the webhooks side answers (`createWebhookNotices`). The
 * in-process side, told after the commit, is `SessionObserver`.
 */
import type { ChatMessage } from '../../shared/api/text-chat-api.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { OutboxEvent } from '../storage/webhook-outbox-repo.ts';

/** Pure and synchronous: it runs inside the commit's transaction. */
export interface SessionNotices {
  started(session: SessionRecord): OutboxEvent[];
  ended(session: SessionRecord): OutboxEvent[];
  /** The session was handed over; see `SessionObserver.transferred` for how `session.status` tells how it went. */
  transferred(session: SessionRecord, destination: string): OutboxEvent[];
  /** A hand-off asked for by the API failed; the session is unchanged. */
  transferFailed(session: SessionRecord, destination: string, error: string): OutboxEvent[];
  /** A visitor's message stored for the human who has the conversation (no turn ran). */
  relayed(session: SessionRecord, message: ChatMessage): OutboxEvent[];
}

/** For a runtime nobody listens to (no webhooks). */
export const silentNotices: SessionNotices = {
  started: () => [],
  ended: () => [],
  transferred: () => [],
  transferFailed: () => [],
  relayed: () => [],
};

/** What a new session fires: started, and at once ended or transferred when its opening did that. */
export function openingNotices(notices: SessionNotices, session: SessionRecord): OutboxEvent[] {
  return [
    ...notices.started(session),
    ...(session.status === 'ended' ? notices.ended(session) : []),
    ...(session.status === 'transferred' && session.transferDestination ? notices.transferred(session, session.transferDestination) : []),
  ];
}

/** What a committed change of status fires: the same changes `TurnRunner.announce` pushes to event streams. */
export function statusNotices(notices: SessionNotices, before: SessionRecord, after: SessionRecord): OutboxEvent[] {
  if (after.status === before.status) return [];
  return [
    ...(after.status === 'transferred' && after.transferDestination ? notices.transferred(after, after.transferDestination) : []),
    ...(after.status === 'ended' && after.endedReason ? notices.ended(after) : []),
  ];
}
