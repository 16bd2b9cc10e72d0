/**
 * Wires the calls side of Parley: the calls read model, webhooks, what session changes
 * and finished test runs write into the webhook outbox, and the in-process observer that
 * wakes the relay after such a commit. Built before the session runtime (which takes
 * `notices` and `observer`); the live-control parts that need the runtime are built by
 * `composeLiveCalls`.
 */
import type { Logger } from 'pino';
import { createCallControl } from './calls/call-control.ts';
import { createCallsService } from './calls/calls-service.ts';
import { createGatherService } from './calls/gather-service.ts';
import type { Clock } from './clock.ts';
import type { SessionRuntime } from './compose-sessions.ts';
import { createPricing, type ModelPrice } from './llm/pricing.ts';
import type { SessionObserver } from './sessions/session-observer.ts';
import type { TestRunRecord } from './storage/agent-test-records.ts';
import type { Repositories } from './storage/repositories.ts';
import type { ReplayRecord } from './storage/replays-repo.ts';
import type { OutboxEvent } from './storage/webhook-outbox-repo.ts';
import { presentRun } from './testing/test-presenter.ts';
import { composeWebhooks, type WebhookOptions } from './webhooks/compose-webhooks.ts';
import { createWebhookNotices } from './webhooks/webhook-notices.ts';

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
  const calls = createCallsService({ calls: repos.calls, sessions: repos.sessions, pricing: createPricing(options.prices), defaultModel: options.defaultModel, clock });
  const webhooks = composeWebhooks({
    repos,
    clock,
    logger: options.logger,
    options: options.webhooks,
    present: {
      call: async (sessionId) => {
        const session = await repos.sessions.get(sessionId);
        return session && calls.presentOne(session);
      },
      testRun: async (runId) => {
        const run = await repos.agentTestRuns.get(runId);
        return run && presentRun(repos, run);
      },
    },
  });
  /** After a commit that wrote webhook events: relay and send them now, not at the next poll. */
  const nudge = () => webhooks.worker.wake();
  const observer: SessionObserver = { started: nudge, ended: nudge, transferred: nudge, transferFailed: nudge, relayed: nudge };
  /** For agent testing: a finished run writes `test.run.completed` with its result. */
  const runCompletedEvents = (run: TestRunRecord): OutboxEvent[] => [
    { workspaceId: run.workspaceId, sessionId: null, event: 'test.run.completed', payload: { present: 'test-run', runId: run.id } },
  ];
  /** For replays: a finished one writes `replay.completed` with its summary. */
  const replayCompletedEvents = (replay: ReplayRecord, data: Record<string, unknown>): OutboxEvent[] => [
    { workspaceId: replay.workspaceId, sessionId: null, event: 'replay.completed', payload: { data } },
  ];
  return { webhooks, calls, notices: createWebhookNotices(), observer, runCompletedEvents, replayCompletedEvents, onRunCompleted: nudge, nudge };
}

export type Calls = ReturnType<typeof composeCalls>;

/** Live control and gathers, over a runtime whose notices and observers include the calls side's. */
export function composeLiveCalls(deps: { repos: Repositories; runtime: SessionRuntime; calls: Calls; clock: Clock }) {
  const { runtime } = deps;
  const control = createCallControl({ ...runtime, outbox: deps.repos.webhookOutbox, lifecycle: runtime.sessions, sessions: deps.repos.sessions });
  const gathers = createGatherService({ gathers: deps.repos.gathers, sessions: deps.repos.sessions, events: deps.runtime.events, nudge: deps.calls.nudge, clock: deps.clock });
  return { control, gathers };
}
