/**
 * Turns session lifecycle notifications into webhook events: `call.started`,
 * `call.ended`, `transfer.initiated` followed by `transfer.completed` or `.failed`, and
 * `transfer.message` for a visitor writing to the human who took the conversation over.
 * Sessions of the agent test runner (`simulation`) are not calls anyone steers, and
 * emit nothing; their runs report through `test.run.completed`.
 */
import type { CallResponse } from '../../shared/api/calls-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { SessionObserver } from '../sessions/session-observer.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { WebhookEmitter } from './webhook-emitter.ts';

export interface WebhookObserverDeps {
  emitter: WebhookEmitter;
  /** The call as the calls API presents it, for `call.*` payloads. */
  present(session: SessionRecord): Promise<CallResponse>;
}

export function createWebhookObserver(deps: WebhookObserverDeps): SessionObserver {
  const { emitter } = deps;
  const quiet = (session: SessionRecord) => session.channel === 'simulation';
  const about = (session: SessionRecord) => ({ sessionId: session.id });

  async function transfer(session: SessionRecord, destination: string, error: string | null): Promise<void> {
    const base = { call_id: callIdOf(session.id), destination };
    await emitter.emit(session.workspaceId, 'transfer.initiated', base, about(session));
    if (error === null) await emitter.emit(session.workspaceId, 'transfer.completed', base, about(session));
    else await emitter.emit(session.workspaceId, 'transfer.failed', { ...base, error }, about(session));
  }

  return {
    async started(session) {
      if (quiet(session)) return;
      await emitter.emit(session.workspaceId, 'call.started', async () => ({ call: await deps.present(session) }), about(session));
    },

    async ended(session) {
      if (quiet(session)) return;
      await emitter.emit(session.workspaceId, 'call.ended', async () => ({ call: await deps.present(session) }), about(session));
    },

    async transferred(session, destination) {
      if (quiet(session)) return;
      // Still `transferred` to the agent it names: the workflow's hand-off found no agent to take it.
      const failed = destination !== 'human' && session.status === 'transferred' && session.transferDestination === destination;
      await transfer(session, destination, failed ? 'The destination agent was not found or has no published workflow' : null);
    },

    async transferFailed(session, destination, error) {
      if (quiet(session)) return;
      await transfer(session, destination, error);
    },

    async relayed(session, message) {
      if (quiet(session)) return;
      await emitter.emit(session.workspaceId, 'transfer.message', { call_id: callIdOf(session.id), message }, about(session));
    },
  };
}
