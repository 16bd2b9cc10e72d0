/**
 * Turns outbox entries into webhook deliveries: one envelope per event, with the entry's
 * `event_id`, queued as a first attempt for every enabled webhook of the workspace that
 * subscribes to it, and the entry deleted in the same transaction. Entries are claimed
 * with a lease, so several processes relay from one database; a relay that outlived its
 * lease writes nothing, and the deliveries' unique (event, webhook, attempt) index
 * makes a second relay of one event insert nothing. Runs at the start of every pass of
 * the delivery worker.
 */
import type { Logger } from 'pino';
import type { CallResponse } from '../../shared/api/calls-api.ts';
import type { TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import type { WebhookEnvelope } from '../../shared/api/webhooks-api.ts';
import type { NewDelivery } from '../storage/webhook-deliveries-repo.ts';
import type { OutboxEntry, WebhookOutboxRepo } from '../storage/webhook-outbox-repo.ts';
import type { WebhookRecord, WebhooksRepo } from '../storage/webhooks-repo.ts';
import { subscribes } from './event-matching.ts';

/** What events present at relay time; undefined when the subject is gone (nothing to tell). */
export interface EventPresenters {
  call(sessionId: number): Promise<CallResponse | undefined>;
  testRun(runId: number): Promise<TestRunResponse | undefined>;
}

export interface OutboxRelayDeps {
  outbox: Pick<WebhookOutboxRepo, 'claim' | 'relay'>;
  webhooks: Pick<WebhooksRepo, 'list'>;
  present?: EventPresenters | undefined;
  logger: Logger;
  /** How long claimed entries are ours before another relay may take them over; 30 s by default. */
  leaseMs?: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Relay every entry not claimed by another relay; resolves with how many were relayed. */
  relayPending(): Promise<number>;
}

export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  const leaseMs = deps.leaseMs ?? 30_000;
  const batchSize = deps.batchSize ?? 50;

  /** The event's data; undefined when what it presents is gone. */
  async function dataOf(entry: OutboxEntry): Promise<Record<string, unknown> | undefined> {
    const { payload } = entry;
    if ('data' in payload) return payload.data;
    if (!deps.present) throw new Error(`no presenter for ${entry.event} events`);
    if (payload.present === 'test-run') {
      const run = await deps.present.testRun(payload.runId);
      return run && { run };
    }
    if (entry.sessionId === null) throw new Error(`outbox entry ${entry.id} presents a call but names none`);
    const call = await deps.present.call(entry.sessionId);
    return call && { call };
  }

  async function deliveriesOf(entry: OutboxEntry, targets: WebhookRecord[]): Promise<NewDelivery[]> {
    // Presenting costs queries: only for an event someone listens to.
    if (targets.length === 0) return [];
    const data = await dataOf(entry);
    if (data === undefined) {
      deps.logger.warn({ event_id: entry.eventId, event: entry.event }, 'webhook event dropped: what it reports no longer exists');
      return [];
    }
    const envelope: WebhookEnvelope = { event_id: entry.eventId, event: entry.event, created_at: entry.createdAt, data };
    const payload = JSON.stringify(envelope);
    return targets.map((w) => ({ workspaceId: entry.workspaceId, webhookId: w.id, sessionId: entry.sessionId, event: entry.event, eventId: entry.eventId, url: w.url, payload }));
  }

  /**
   * One claimed batch, oldest first. A workspace whose entry failed relays nothing more of
   * this batch, so its later events do not overtake it now; the failed entry and those
   * behind it are relayed again when their lease runs out.
   */
  async function relayBatch(claimed: OutboxEntry[]): Promise<number> {
    const webhooksOf = new Map<number, Promise<WebhookRecord[]>>();
    const stalled = new Set<number>();
    let relayed = 0;
    for (const entry of claimed) {
      if (stalled.has(entry.workspaceId)) continue;
      try {
        let webhooks = webhooksOf.get(entry.workspaceId);
        if (!webhooks) webhooksOf.set(entry.workspaceId, (webhooks = deps.webhooks.list(entry.workspaceId)));
        const targets = (await webhooks).filter((w) => w.enabled && subscribes(w.events, entry.event));
        if (await deps.outbox.relay(entry, await deliveriesOf(entry, targets))) relayed += 1;
      } catch (error) {
        // The entry stays claimed: it is relayed again when its lease runs out.
        stalled.add(entry.workspaceId);
        deps.logger.error({ err: error, event_id: entry.eventId, event: entry.event }, 'webhook event could not be relayed');
      }
    }
    return relayed;
  }

  return {
    async relayPending() {
      let relayed = 0;
      for (;;) {
        const claimed = await deps.outbox.claim(batchSize, leaseMs);
        relayed += await relayBatch(claimed);
        // A short batch means nothing else is pending; a full one may hide more.
        if (claimed.length < batchSize) return relayed;
      }
    },
  };
}
