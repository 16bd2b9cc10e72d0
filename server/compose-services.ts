/**
 * Every service behind the HTTP app, wired in one place: calls and webhooks first, so
 * the session runtime reports to them (call.started, transfers, …) and agent test runs
 * fire test.run.completed. The server, the tests and `createApp`'s defaults all build
 * their services here, so the wiring cannot drift between them.
 */
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import { composeAgentTesting } from './compose-agent-testing.ts';
import { composeCalls, composeLiveCalls } from './compose-calls.ts';
import { composeInbox, inboxObserver } from './compose-inbox.ts';
import { countingStreams, metricsObserver } from './compose-metrics.ts';
import { composeKnowledge } from './compose-knowledge.ts';
import { composeSessionRuntime } from './compose-sessions.ts';
import { createDemoToolsRoutes } from './http/demo-tools-routes.ts';
import type { Embedder } from './llm/create-embedder.ts';
import type { ModelPrice } from './llm/pricing.ts';
import { instrumentLlm } from './metrics/instrumented-llm.ts';
import { traceLlm } from './llm/traced-llm.ts';
import type { ParleyMetrics } from './metrics/parley-metrics.ts';
import type { LlmClient } from './llm/types.ts';
import { createLocalEventBus, type SessionEventBus } from './sessions/session-event-bus.ts';
import type { Repositories } from './storage/repositories.ts';
import { composeToolCallerFor, type ToolOptions } from './tools/compose-tools.ts';
import { traceToolCalls } from './tools/traced-tool-calls.ts';
import type { WebhookOptions } from './webhooks/compose-webhooks.ts';

export interface ServicesOptions {
  repos: Repositories;
  llm: LlmClient;
  clock: Clock;
  logger: Logger;
  /** Wakes event streams; Postgres LISTEN/NOTIFY across processes, in-process by default. */
  bus?: SessionEventBus | undefined;
  /** PARLEY_SESSION_IDLE_MINUTES. */
  idleMinutes?: number | undefined;
  /** PARLEY_JUDGE_MODEL. */
  judgeModel?: string | undefined;
  /** PARLEY_TEST_CONCURRENCY and PARLEY_TEST_RUN_LEASE_MS. */
  testConcurrency?: number | undefined;
  testLeaseMs?: number | undefined;
  /** PARLEY_MODEL_PRICES. */
  prices?: Record<string, ModelPrice> | undefined;
  /** Private webhook targets are refused unless `allowPrivate`. */
  webhooks?: Partial<WebhookOptions> | undefined;
  /** Private tool targets are refused unless `allowPrivate`; `ownOrigins` serve the demo tools in-process. */
  tools?: Partial<ToolOptions> | undefined;
  /** PARLEY_EMBEDDING_MODEL: knowledge passages embedded and searched by vectors too. */
  embedder?: Embedder | undefined;
  /** Turns, LLM calls, tools, sessions and streams are measured into these when given (metrics on). */
  metrics?: ParleyMetrics | undefined;
  /** Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT): turns, LLM calls, tool calls and webhook deliveries get spans. */
  tracer?: Tracer | undefined;
}

export function composeServices(options: ServicesOptions) {
  const { repos, clock, logger, metrics, tracer } = options;
  const measured = metrics ? instrumentLlm(options.llm, metrics) : options.llm;
  const llm = tracer ? traceLlm(measured, tracer) : measured;
  const calls = composeCalls({ repos, clock, logger, defaultModel: llm.defaultModel, prices: options.prices, webhooks: { allowPrivate: false, ...options.webhooks, tracer } });
  // One instance: mounted by the app at /demo/api and answering the demo agents' calls in-process.
  const demoTools = createDemoToolsRoutes();
  const toolCalls = composeToolCallerFor({ allowPrivate: false, ...options.tools }, demoTools);
  const toolCallerFor = tracer ? traceToolCalls(toolCalls, tracer) : toolCalls;
  const localOrShared = options.bus ?? createLocalEventBus();
  const bus = metrics ? countingStreams(localOrShared, metrics) : localOrShared;
  const knowledge = composeKnowledge({ repos, logger, embedder: options.embedder });
  const runtime = composeSessionRuntime({
    repos,
    llm,
    clock,
    logger,
    toolCallerFor,
    searchKnowledge: knowledge.search,
    observers: [calls.observer, inboxObserver(bus), ...(metrics ? [metricsObserver(metrics)] : [])],
    notices: calls.notices,
    bus,
    tracer,
    ...(options.idleMinutes !== undefined ? { idleMinutes: options.idleMinutes } : {}),
  });
  const testing = composeAgentTesting({
    repos,
    runtime,
    llm,
    clock,
    logger,
    judgeModel: options.judgeModel,
    concurrency: options.testConcurrency,
    leaseMs: options.testLeaseMs,
    runCompletedEvents: calls.runCompletedEvents,
    onRunCompleted: calls.onRunCompleted,
    replayCompletedEvents: calls.replayCompletedEvents,
    onReplayCompleted: calls.nudge,
  });
  const live = composeLiveCalls({ repos, runtime, calls, clock });
  const inbox = composeInbox({ repos, runtime, control: live.control });
  return { calls, runtime, testing, live, inbox, demoTools, knowledge };
}

export type Services = ReturnType<typeof composeServices>;
