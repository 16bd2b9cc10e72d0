/**
 * Emitting an event that no change of state carries: it is committed to the outbox on
 * its own and relayed at once, so it is safe once `emit` resolves, whatever happens to
 * this process. Events that report a change (a call starting, a gather answered, a run
 * finishing) are written by that change's own transaction instead, never through here.
 */
import type { WebhookEvent } from '../../shared/api/webhooks-api.ts';
import type { WebhookOutboxRepo } from '../storage/webhook-outbox-repo.ts';
import type { OutboxRelay } from './outbox-relay.ts';

export interface EmitOptions {
  /** The call the event is about: its deliveries show in `GET /v1/calls/{id}/webhooks`. */
  sessionId?: number;
}

export interface WebhookEmitter {
  /**
   * Queue an event for the workspace's webhooks; resolves with its event id.
   * @example await emitter.emit(workspaceId, 'test.run.completed', { run_id, status: 'passed' })
   */
  emit(workspaceId: number, event: WebhookEvent, data: Record<string, unknown>, options?: EmitOptions): Promise<{ eventId: string }>;
}

export function createWebhookEmitter(deps: { outbox: Pick<WebhookOutboxRepo, 'append'>; relay: OutboxRelay; onQueued?: () => void }): WebhookEmitter {
  return {
    async emit(workspaceId, event, data, options = {}) {
      const [eventId] = await deps.outbox.append([{ workspaceId, sessionId: options.sessionId ?? null, event, payload: { data } }]);
      if (eventId === undefined) throw new Error('the outbox took no event');
      await deps.relay.relayPending();
      deps.onQueued?.();
      return { eventId };
    },
  };
}
