/**
 * Sends queued webhook deliveries: relays the outbox's new events into deliveries, claims
 * each due attempt, signs and POSTs it with a timeout, records the outcome, and queues the
 * next attempt with backoff when it failed. `runDue()` is one pass (tests call it after
 * moving their clock); `start()` polls, and `wake()` runs a pass soon after a commit. The
 * polling itself (one pass at a time, backoff after a failed pass) is the shared poller.
 */
import type { Logger } from 'pino';
import { createPoller, type PassContext } from '../background/poller.ts';
import type { Timers } from '../background/timers.ts';
import type { Clock } from '../clock.ts';
import type { DeliveryRecord, WebhookDeliveriesRepo } from '../storage/webhook-deliveries-repo.ts';
import type { WebhookRecord, WebhooksRepo } from '../storage/webhooks-repo.ts';
import { retryDelayMs } from './backoff.ts';
import type { OutboundFetch } from '../outbound/guarded-fetch.ts';
import { signatureHeaders, SIGNING_HEADER_NAMES } from './signature.ts';
import { signingSecrets } from './signing-secrets.ts';

export interface DeliveryWorkerDeps {
  deliveries: WebhookDeliveriesRepo;
  webhooks: WebhooksRepo;
  fetch: OutboundFetch;
  /** Events committed to the outbox become deliveries at the start of every pass. */
  outbox?: { relayPending(): Promise<number> };
  clock: Clock;
  logger: Logger;
  /** Per attempt; 5 s by default. */
  timeoutMs?: number;
  /** How long a claimed attempt is ours before another worker may take it over. */
  leaseMs?: number;
  batchSize?: number;
  random?: () => number;
  /** Schedules the polls; Node's timers by default. */
  timers?: Timers;
  /** Milliseconds for measuring how long an attempt took; `performance.now` by default. */
  monotonic?: () => number;
}

/** How much of a receiver's answer the log keeps. */
const RESPONSE_EXCERPT_CHARS = 2048;

export interface DeliveryWorker {
  /** Send every attempt due now; resolves with how many were attempted. */
  runDue(): Promise<number>;
  /** Poll every `intervalMs` (and at once after `wake`). */
  start(intervalMs?: number): void;
  /** Stop polling and claiming; resolves when the attempts already claimed have been sent and recorded. */
  stop(): Promise<void>;
  /** New events or deliveries were committed: send them now rather than at the next poll. */
  wake(): void;
  /** Started and not stopped (readiness). */
  readonly running: boolean;
}

function describeFailure(error: unknown, timeoutMs: number, signal: AbortSignal): string {
  if (signal.aborted) return `timed out after ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? `${String(cause.code)}: ` : '';
  return `${code}${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 500);
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 20;
  const monotonic = deps.monotonic ?? (() => performance.now());

  /** Send one attempt to its webhook and record it; resolves with when it will be retried, if it failed. */
  async function attempt(delivery: DeliveryRecord, webhook: WebhookRecord | undefined): Promise<string | null> {
    if (!webhook || !webhook.enabled) {
      await deps.deliveries.cancel(delivery, webhook ? 'the webhook is disabled' : 'the webhook was deleted');
      return null;
    }
    const signal = AbortSignal.timeout(timeoutMs);
    const timestamp = Math.floor(deps.clock.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Parley-Webhooks/1',
      'x-parley-event': delivery.event,
      'x-parley-event-id': delivery.eventId,
      'x-parley-delivery-attempt': String(delivery.attempt),
      ...signatureHeaders({ secrets: signingSecrets(webhook, deps.clock.now()), eventId: delivery.eventId, timestampSeconds: timestamp, body: delivery.payload }),
    };
    const started = monotonic();
    let statusCode: number | null = null;
    let error: string | null = null;
    let responseBody: string | null = null;
    try {
      const response = await deps.fetch(webhook.url, { method: 'POST', redirect: 'manual', signal, body: delivery.payload, headers });
      statusCode = response.status;
      // The guarded fetch stops reading at 2 KB; the slice bounds any other fetch a test passes in.
      responseBody = await response.text().then(
        (text) => text.slice(0, RESPONSE_EXCERPT_CHARS),
        (failure: unknown) => `(answer unreadable: ${describeFailure(failure, timeoutMs, signal)})`,
      );
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}${responseBody ? `: ${responseBody.slice(0, 200)}` : ''}`;
    } catch (failure) {
      error = describeFailure(failure, timeoutMs, signal);
    }
    const durationMs = Math.round(monotonic() - started);
    const requestHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !SIGNING_HEADER_NAMES.has(name)));
    const success = error === null;
    const delay = success ? null : retryDelayMs(delivery.attempt, deps.random);
    const retryAt = delay === null ? null : new Date(deps.clock.now() + delay).toISOString();
    await deps.deliveries.record(delivery, { url: webhook.url, statusCode, error, success, retryAt, requestHeaders, responseBody, durationMs });
    if (!success) deps.logger.warn({ delivery_id: delivery.id, event_id: delivery.eventId, attempt: delivery.attempt, error }, 'webhook delivery failed');
    return retryAt;
  }

  /**
   * One webhook's claimed attempts, in the order they were queued, the webhook read once
   * for all of them. When one fails, the rest wait with its retry instead of each hitting
   * a receiver that is down.
   */
  async function sendInOrder(webhookId: number | null, queue: DeliveryRecord[]): Promise<number> {
    let webhook: WebhookRecord | undefined;
    try {
      webhook = webhookId === null ? undefined : await deps.webhooks.findById(webhookId);
    } catch (error) {
      // The attempts stay claimed: a later pass takes them over when their lease runs out.
      deps.logger.error({ err: error, webhook_id: webhookId }, 'webhook could not be read');
      return 0;
    }
    for (const [i, delivery] of queue.entries()) {
      const retryAt = await attempt(delivery, webhook).catch((error: unknown) => {
        deps.logger.error({ err: error, delivery_id: delivery.id }, 'webhook delivery could not be recorded');
        return null;
      });
      if (retryAt !== null) {
        // A millisecond after the retry, so the retry still goes first.
        const after = new Date(Date.parse(retryAt) + 1).toISOString();
        await Promise.all(queue.slice(i + 1).map((rest) => deps.deliveries.defer(rest, after)));
        return i + 1;
      }
    }
    return queue.length;
  }

  async function pass({ signal }: PassContext): Promise<number> {
    // A relay that fails leaves its entries in the outbox for the next pass; what is already queued still goes out.
    await deps.outbox?.relayPending().catch((error: unknown) => deps.logger.error({ err: error }, 'relaying webhook events failed'));
    let attempted = 0;
    for (;;) {
      const claimed = await deps.deliveries.claimDue(batchSize, leaseMs);
      // Webhooks in parallel; one webhook's deliveries one after another, so a receiver
      // that answers hears `transfer.initiated` before `transfer.completed`.
      const byWebhook = new Map<number | null, DeliveryRecord[]>();
      for (const d of claimed.sort((x, y) => x.dueAt.localeCompare(y.dueAt) || x.id - y.id)) {
        const queue = byWebhook.get(d.webhookId);
        if (queue) queue.push(d);
        else byWebhook.set(d.webhookId, [d]);
      }
      const sent = await Promise.all([...byWebhook].map(([webhookId, queue]) => sendInOrder(webhookId, queue)));
      attempted += sent.reduce((a, b) => a + b, 0);
      // A short batch means nothing else is due; a full one may hide more. Stopping claims no more.
      if (claimed.length < batchSize || signal.aborted) return attempted;
    }
  }

  const poller = createPoller({
    name: 'webhook delivery pass',
    intervalMs: 1000,
    run: pass,
    logger: deps.logger,
    ...(deps.timers ? { timers: deps.timers } : {}),
  });

  return {
    runDue: () => poller.runNow(),
    start(intervalMs) {
      poller.start(intervalMs === undefined ? {} : { intervalMs });
    },
    stop: () => poller.stop(),
    wake: () => poller.wake(),
    get running() {
      return poller.running;
    },
  };
}
