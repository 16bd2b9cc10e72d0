/**
 * Which webhook events a session change fires: `call.started`, `call.ended`,
 * `transfer.initiated` followed by `transfer.completed` or `.failed`, and
 * `transfer.message` for a visitor writing to the human who took the conversation over.
 * The session runtime writes them into the outbox in the change's own transaction.
 * Sessions of the agent test runner (`simulation`) are not calls anyone steers, and
 * fire nothing; their runs report through `test.run.completed`.
 */
import { callIdOf } from '../../shared/ids.ts';
import type { SessionNotices } from '../sessions/session-notices.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { OutboxEvent } from '../storage/webhook-outbox-repo.ts';

export function createWebhookNotices(): SessionNotices {
  const quiet = (session: SessionRecord) => session.channel === 'simulation';
  const about = (session: SessionRecord) => ({ workspaceId: session.workspaceId, sessionId: session.id });

  function transfer(session: SessionRecord, destination: string, error: string | null): OutboxEvent[] {
    if (quiet(session)) return [];
    const base = { call_id: callIdOf(session.id), destination };
    return [
      { ...about(session), event: 'transfer.initiated', payload: { data: base } },
      error === null
        ? { ...about(session), event: 'transfer.completed', payload: { data: base } }
        : { ...about(session), event: 'transfer.failed', payload: { data: { ...base, error } } },
    ];
  }

  return {
    // The call itself is presented when the event is relayed, from the database: the commit stays cheap.
    started: (session) => (quiet(session) ? [] : [{ ...about(session), event: 'call.started', payload: { present: 'call' } }]),
    ended: (session) => (quiet(session) ? [] : [{ ...about(session), event: 'call.ended', payload: { present: 'call' } }]),

    transferred(session, destination) {
      // Still `transferred` to the agent it names: the workflow's hand-off found no agent to take it.
      const failed = destination !== 'human' && session.status === 'transferred' && session.transferDestination === destination;
      return transfer(session, destination, failed ? 'The destination agent was not found or has no published workflow' : null);
    },

    transferFailed: (session, destination, error) => transfer(session, destination, error),

    relayed: (session, message) => (quiet(session) ? [] : [{ ...about(session), event: 'transfer.message', payload: { data: { call_id: callIdOf(session.id), message } } }]),
  };
}
