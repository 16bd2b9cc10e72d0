/**
 * Wires the calls side of Parley: the calls read model, webhooks, and the session
 * observer that turns lifecycle changes into webhook events. Built before the session
 * runtime (which takes `observer`); the live-control parts that need the runtime are
 * built by `composeLiveCalls`.
 */
import type { Logger } from 'pino';
import type { TestRunResponse } from '../shared/api/agent-test-runs-api.ts';
import { createCallControl } from './calls/call-control.ts';
import { createCallsService } from './calls/calls-service.ts';
import { createGatherService } from './calls/gather-service.ts';
import type { Clock } from './clock.ts';
import type { SessionRuntime } from './compose-sessions.ts';
import { createPricing, type ModelPrice } from './llm/pricing.ts';
import type { Repositories } from './storage/repositories.ts';
import { composeWebhooks, type WebhookOptions } from './webhooks/compose-webhooks.ts';
import { createWebhookObserver } from './webhooks/webhook-observer.ts';

export interface CallsOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  /** The LLM client's default model: what calls of agents without a model are priced at. */
  defaultModel: string;
  webhooks: WebhookOptions;
  /** PARLEY_MODEL_PRICES, over the built-in price table. */
  prices?: Record<string, ModelPrice> | undefined;
}

export function composeCalls(options: CallsOptions) {
  const { repos, clock } = options;
  const webhooks = composeWebhooks({ repos, clock, logger: options.logger, options: options.webhooks });
  const calls = createCallsService({ calls: repos.calls, sessions: repos.sessions, pricing: createPricing(options.prices), defaultModel: options.defaultModel, clock });
  const observer = createWebhookObserver({ emitter: webhooks.emitter, present: calls.presentOne });
  /** For agent testing's `onRunCompleted`: a finished run becomes a `test.run.completed` event. */
  const onRunCompleted = async (run: TestRunResponse, workspaceId: number): Promise<void> => {
    await webhooks.emitter.emit(workspaceId, 'test.run.completed', { run });
  };
  return { webhooks, calls, observer, onRunCompleted };
}

export type Calls = ReturnType<typeof composeCalls>;

/** Live control and gathers, over a runtime whose observers include `Calls.observer`. */
export function composeLiveCalls(deps: { repos: Repositories; runtime: SessionRuntime; calls: Calls; clock: Clock }) {
  const control = createCallControl(deps.runtime);
  const gathers = createGatherService({ gathers: deps.repos.gathers, sessions: deps.repos.sessions, events: deps.runtime.events, emitter: deps.calls.webhooks.emitter, clock: deps.clock });
  return { control, gathers };
}
