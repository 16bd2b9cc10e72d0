/**
 * Wires agent testing (test sessions, tests, folders, runs and their queue) from the
 * session runtime, so test runs go through exactly the turn runner the widget uses.
 * The queue is built here but started by the entry point (`server/main.ts`) or a test.
 */
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { SessionRuntime } from './compose-sessions.ts';
import type { LlmClient } from './llm/types.ts';
import type { TestRunRecord } from './storage/agent-test-records.ts';
import type { Repositories } from './storage/repositories.ts';
import type { OutboxEvent } from './storage/webhook-outbox-repo.ts';
import { createAgentTestService } from './testing/agent-test-service.ts';
import { createFolderService } from './testing/folder-service.ts';
import { createRunExecutor } from './testing/run-executor.ts';
import { createTestRunQueue } from './testing/test-run-queue.ts';
import { createTestRunsService } from './testing/test-runs-service.ts';
import { createTestSessions } from './testing/test-sessions.ts';
import { createReplayWorker } from './testing/replay/replay-worker.ts';
import { createReplaysService } from './testing/replay/replays-service.ts';
import type { ReplayRecord } from './storage/replays-repo.ts';
import type { ReplayListItem } from './testing/replay/replay-presenter.ts';

export interface AgentTestingOptions {
  repos: Repositories;
  runtime: Pick<SessionRuntime, 'sessions' | 'turns' | 'loader'>;
  llm: LlmClient;
  clock: Clock;
  logger: Logger;
  /** PARLEY_JUDGE_MODEL: judges and simulated users; the agent's model when unset. */
  judgeModel?: string | undefined;
  /** Runs executed at once (PARLEY_TEST_CONCURRENCY). */
  concurrency?: number | undefined;
  /** PARLEY_TEST_RUN_LEASE_MS: a dead process's running runs are closed after this. */
  leaseMs?: number | undefined;
  /** The events a run reaching passed, failed or error fires (`test.run.completed`), written with its result. */
  runCompletedEvents?: ((run: TestRunRecord) => OutboxEvent[]) | undefined;
  /** In-process, after a run's result is committed. */
  onRunCompleted?: ((run: TestRunRecord) => void | Promise<void>) | undefined;
  /** The events a finished replay fires (`replay.completed`), written with its end. */
  replayCompletedEvents?: ((replay: ReplayRecord, data: { replay: ReplayListItem }) => OutboxEvent[]) | undefined;
  /** In-process, after a replay's end is committed. */
  onReplayCompleted?: (() => void) | undefined;
}

export function composeAgentTesting(options: AgentTestingOptions) {
  const { repos, runtime, clock } = options;
  const execute = createRunExecutor({
    agents: repos.agents,
    conversations: { sessions: runtime.sessions, turns: runtime.turns, sessionsRepo: repos.sessions },
    llm: options.llm,
    judgeModel: options.judgeModel,
    clock,
  });
  const queue = createTestRunQueue({
    runs: repos.agentTestRuns,
    execute,
    logger: options.logger,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.runCompletedEvents ? { completionEvents: options.runCompletedEvents } : {}),
    ...(options.onRunCompleted ? { onRunCompleted: options.onRunCompleted } : {}),
  });
  const folders = createFolderService({ folders: repos.agentTestFolders });
  const tests = createAgentTestService({ repos, folders });
  const runs = createTestRunsService({ repos, tests, queue, clock });
  const testSessions = createTestSessions({ store: repos.sessions, agents: repos.agents, sessions: runtime.sessions, turns: runtime.turns, clock });
  const replayWorker = createReplayWorker({
    replays: repos.replays,
    sessions: repos.sessions,
    agents: repos.agents,
    loader: runtime.loader,
    llm: options.llm,
    logger: options.logger,
    leaseMs: options.leaseMs,
    completionEvents: options.replayCompletedEvents,
    onCompleted: options.onReplayCompleted,
  });
  const replays = createReplaysService({ replays: repos.replays, agents: repos.agents, wake: () => replayWorker.wake() });
  return { queue, folders, tests, runs, testSessions, replays, replayWorker };
}

export type AgentTesting = ReturnType<typeof composeAgentTesting>;
