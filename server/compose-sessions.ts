/**
 * Wires the session runtime (loader, queue, events, turn runner, session service) from
 * the app's dependencies. Kept apart from the HTTP app so the test runner and the calls
 * API reuse exactly the same turn runner as the widget.
 */
import type { Tracer } from '@opentelemetry/api';
import type { KnowledgeSearch } from './runtime/types.ts';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { LlmClient } from './llm/types.ts';
import { createMachineCache } from './runtime/compile-workflow.ts';
import { createKeyedQueue } from './sessions/keyed-queue.ts';
import { createLocalEventBus, type SessionEventBus } from './sessions/session-event-bus.ts';
import { createSessionEvents } from './sessions/session-events.ts';
import { silentNotices, type SessionNotices } from './sessions/session-notices.ts';
import { combineObservers, type SessionObserver } from './sessions/session-observer.ts';
import { createSessionService } from './sessions/session-service.ts';
import { createTurnRunner } from './sessions/turn-runner.ts';
import { traceTurns } from './sessions/traced-turns.ts';
import { createWorkflowLoader } from './sessions/workflow-loader.ts';
import type { Repositories } from './storage/repositories.ts';
import type { SessionRecord } from './storage/session-records.ts';
import type { ToolCallerFor } from './tools/tool-caller-for.ts';

export interface SessionRuntimeOptions {
  repos: Repositories;
  llm: LlmClient;
  clock: Clock;
  logger: Logger;
  bus?: SessionEventBus;
  /** Tool calls of a turn: guarded, budgeted (server/tools/compose-tools.ts). */
  toolCallerFor: ToolCallerFor;
  /** The knowledge bases' search, for grounded `llm` answers (compose-knowledge.ts). */
  searchKnowledge?: KnowledgeSearch | undefined;
  /** In-process, after each commit. */
  observers?: SessionObserver[];
  /** The webhook events each change fires, written by its commit; none by default. */
  notices?: SessionNotices;
  /** Idle minutes before a live session is swept (test sessions: 3). */
  idleMinutes?: number;
  /** Tracing on: a span per turn. */
  tracer?: Tracer | undefined;
}

export const TEST_SESSION_IDLE_MS = 3 * 60_000;

export function composeSessionRuntime(options: SessionRuntimeOptions) {
  const idleMs = (options.idleMinutes ?? 30) * 60_000;
  const bus = options.bus ?? createLocalEventBus();
  const events = createSessionEvents({ repo: options.repos.sessionEvents, bus });
  const turnDeps = {
    sessions: options.repos.sessions,
    appendKeys: options.repos.sessions,
    agents: options.repos.agents,
    loader: createWorkflowLoader({
      agents: options.repos.agents,
      machines: createMachineCache(),
      llmDefaults: async (workspaceId) => (await options.repos.workspaceSettings.get(workspaceId)).llm,
      knowledgeBases: (workspaceId, publicIds) => options.repos.knowledgeBases.findBases(workspaceId, publicIds),
    }),
    searchKnowledge: options.searchKnowledge,
    llm: options.llm,
    toolCallerFor: options.toolCallerFor,
    queue: createKeyedQueue(),
    events,
    observer: combineObservers(options.observers ?? [], (err, hook) => options.logger.error({ err, hook }, 'session observer failed')),
    notices: options.notices ?? silentNotices,
    clock: options.clock,
    logger: options.logger,
    // A workspace's settings may set the idle time of its live sessions; test sessions keep theirs.
    idleMsFor: async (channel: SessionRecord['channel'], workspaceId: number) => {
      if (channel === 'test') return TEST_SESSION_IDLE_MS;
      const minutes = (await options.repos.workspaceSettings.get(workspaceId)).session_idle_minutes;
      return minutes === null ? idleMs : minutes * 60_000;
    },
  };
  const runner = createTurnRunner(turnDeps);
  const turns = options.tracer ? traceTurns(runner, options.tracer) : runner;
  const sessions = createSessionService({ ...turnDeps, turns });
  return { ...turnDeps, turns, sessions, bus };
}

export type SessionRuntime = ReturnType<typeof composeSessionRuntime>;
