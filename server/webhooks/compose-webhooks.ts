/**
 * Wires webhooks: the endpoint service (with its SSRF guard), the outbox relay that turns
 * committed events into deliveries, the emitter for events no change carries, and the
 * delivery worker that relays and sends. The worker is started by the entry point
 * (`server/main.ts`); tests call `worker.runDue()` after moving their clock.
 */
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { WebhookDeliveriesRepo } from '../storage/webhook-deliveries-repo.ts';
import type { WebhookOutboxRepo } from '../storage/webhook-outbox-repo.ts';
import type { WebhooksRepo } from '../storage/webhooks-repo.ts';
import type { HostResolver } from '../outbound/address-guard.ts';
import { createGuardedFetch, type OutboundFetch } from '../outbound/guarded-fetch.ts';
import { createDeliveryLog } from './delivery-log.ts';
import { createDeliveryWorker } from './delivery-worker.ts';
import { traceDeliveries } from './traced-delivery-fetch.ts';
import { createOutboxRelay, type EventPresenters } from './outbox-relay.ts';
import { createWebhookEmitter } from './webhook-emitter.ts';
import { createWebhookService } from './webhook-service.ts';
import { createUrlGuard } from './webhook-url-guard.ts';

export interface WebhookOptions {
  /** PARLEY_ALLOW_PRIVATE_WEBHOOKS: let webhooks reach private and loopback addresses. */
  allowPrivate: boolean;
  /** How deliveries are sent; by default the guarded fetch (private addresses refused at connect time). */
  fetch?: OutboundFetch | undefined;
  resolveHost?: HostResolver | undefined;
  timeoutMs?: number | undefined;
  random?: (() => number) | undefined;
  /** Tracing on: a span per delivery attempt, its traceparent sent along. */
  tracer?: Tracer | undefined;
}

/** Enough of a receiver's answer to show what went wrong; the rest is not read. */
const ANSWER_EXCERPT_BYTES = 2048;

/** `present` builds the data of `call.*` and `test.run.completed` events when they are relayed. */
/** The three stores the webhooks side owns. */
export interface WebhookStores {
  webhookOutbox: WebhookOutboxRepo;
  webhooks: WebhooksRepo;
  webhookDeliveries: WebhookDeliveriesRepo;
}

export function composeWebhooks(deps: { repos: WebhookStores; clock: Clock; logger: Logger; options: WebhookOptions; present?: EventPresenters }) {
  const { repos, clock, options } = deps;
  const relay = createOutboxRelay({ outbox: repos.webhookOutbox, webhooks: repos.webhooks, present: deps.present, logger: deps.logger });
  const fetch =
    options.fetch ??
    createGuardedFetch({ allowPrivate: options.allowPrivate, purpose: 'webhooks', maxBodyBytes: ANSWER_EXCERPT_BYTES, overflow: 'truncate', resolve: options.resolveHost });
  const worker = createDeliveryWorker({
    outbox: relay,
    deliveries: repos.webhookDeliveries,
    webhooks: repos.webhooks,
    fetch: options.tracer ? traceDeliveries(fetch, options.tracer) : fetch,
    clock,
    logger: deps.logger,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const emitter = createWebhookEmitter({ outbox: repos.webhookOutbox, relay, onQueued: () => worker.wake() });
  const service = createWebhookService({
    webhooks: repos.webhooks,
    clock,
    checkUrl: createUrlGuard({ allowPrivate: options.allowPrivate, ...(options.resolveHost ? { resolve: options.resolveHost } : {}) }),
  });
  const log = createDeliveryLog({ webhooks: service, findWebhook: repos.webhooks.findById, deliveries: repos.webhookDeliveries, onQueued: () => worker.wake() });
  return { relay, worker, emitter, service, log };
}

export type Webhooks = ReturnType<typeof composeWebhooks>;
