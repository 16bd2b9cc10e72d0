/**
 * Emitting an event: one envelope with one `event_id`, queued as a first attempt for
 * every enabled webhook of the workspace that subscribes to it. The queue is the
 * database, so an event is safe once `emit` resolves, whatever happens to this process.
 */
import { ulid } from 'ulid';
import type { WebhookEnvelope, WebhookEvent } from '../../shared/api/webhooks-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import type { WebhookDeliveriesRepo } from '../storage/webhook-deliveries-repo.ts';
import type { WebhooksRepo } from '../storage/webhooks-repo.ts';
import { subscribes } from './event-matching.ts';

export interface EmitOptions {
  /** The call the event is about: its deliveries show in `GET /v1/calls/{id}/webhooks`. */
  sessionId?: number;
}

export interface EmitResult {
  eventId: string;
  /** How many webhooks the event was queued for. */
  queued: number;
}

export type EventData = Record<string, unknown> | (() => Promise<Record<string, unknown>>);

export interface WebhookEmitter {
  /**
   * Queue an event for the workspace's webhooks. `data` may be a function: it is only
   * called when some webhook subscribes, so an unheard event costs one query.
   * @example await emitter.emit(workspaceId, 'test.run.completed', { run_id, status: 'passed' })
   */
  emit(workspaceId: number, event: WebhookEvent, data: EventData, options?: EmitOptions): Promise<EmitResult>;
}

export function createWebhookEmitter(deps: { webhooks: WebhooksRepo; deliveries: WebhookDeliveriesRepo; clock: Clock; onQueued?: () => void }): WebhookEmitter {
  return {
    async emit(workspaceId, event, data, options = {}) {
      const eventId = `evt_${ulid(deps.clock.now())}`;
      const targets = (await deps.webhooks.list(workspaceId)).filter((w) => w.enabled && subscribes(w.events, event));
      if (targets.length === 0) return { eventId, queued: 0 };
      const envelope: WebhookEnvelope = { event_id: eventId, event, created_at: isoNow(deps.clock), data: typeof data === 'function' ? await data() : data };
      const payload = JSON.stringify(envelope);
      await deps.deliveries.enqueue(
        targets.map((w) => ({ workspaceId, webhookId: w.id, sessionId: options.sessionId ?? null, event, eventId, url: w.url, payload })),
      );
      deps.onQueued?.();
      return { eventId, queued: targets.length };
    },
  };
}
