/**
 * Runs queued replays, one at a time per process, conversation by conversation, recording
 * each result as it comes. The queue is the `replays` table: a replay holds a lease its
 * process renews while running it; one whose lease ran out (its process died) is claimed
 * again by any process, which goes on with the conversations still pending. Stopping
 * hands the replay back to the queue at once, so a restart goes on where it stopped.
 * Enqueuers call `wake()`; `pollMs` picks up replays queued by other processes.
 */
import type { Logger } from 'pino';
import { createLeasedWorker, type LeasedWorker } from '../../background/leased-worker.ts';
import type { Timers } from '../../background/timers.ts';
import { DomainError } from '../../errors.ts';
import type { LlmClient } from '../../llm/types.ts';
import type { WorkflowLoader } from '../../sessions/workflow-loader.ts';
import type { AgentRecord, AgentsRepo } from '../../storage/agents-repo.ts';
import type { ReplayRecord, ReplaysRepo } from '../../storage/replays-repo.ts';
import type { OutboxEvent } from '../../storage/webhook-outbox-repo.ts';
import { messageOf } from '../test-run-error.ts';
import { replayConversation, type ReplayConversationPorts } from './replay-conversation.ts';
import { presentListedReplay, type ReplayListItem } from './replay-presenter.ts';

export const DEFAULT_REPLAY_LEASE_MS = 30_000;

export interface ReplayWorkerDeps {
  replays: Pick<ReplaysRepo, 'anyClaimable' | 'claimNext' | 'renewLeases' | 'conversations' | 'recordConversation' | 'finish' | 'release'>;
  sessions: ReplayConversationPorts;
  agents: Pick<AgentsRepo, 'findById'>;
  loader: Pick<WorkflowLoader, 'machineFor'>;
  llm: LlmClient;
  logger: Logger;
  leaseMs?: number | undefined;
  timers?: Timers | undefined;
  /** The events a finished replay fires (`replay.completed`, `data.replay` as listed), written with its end. */
  completionEvents?: ((replay: ReplayRecord, data: { replay: ReplayListItem }) => OutboxEvent[]) | undefined;
  /** In-process, after a replay's end is committed (wakes the webhook worker). */
  onCompleted?: (() => void) | undefined;
}

export type ReplayWorker = LeasedWorker;

export function createReplayWorker(deps: ReplayWorkerDeps): ReplayWorker {
  async function finish(replay: ReplayRecord, agent: Pick<AgentRecord, 'publicId'>, end: { status: 'completed' | 'failed'; error: string | null }): Promise<void> {
    const { completionEvents } = deps;
    // Read before the end is written: the event carries the summary of the results recorded.
    const conversations = completionEvents ? ((await deps.replays.conversations([replay.id])).get(replay.id) ?? []) : [];
    const events = completionEvents ? (finished: ReplayRecord) => completionEvents(finished, { replay: presentListedReplay(agent, finished, conversations) }) : undefined;
    const finished = await deps.replays.finish(replay.id, end, events);
    if (finished) deps.onCompleted?.();
  }

  async function replayAll(replay: ReplayRecord, agent: AgentRecord, signal: AbortSignal): Promise<void> {
    let machine;
    try {
      machine = await deps.loader.machineFor(agent, replay.version);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return finish(replay, agent, { status: 'failed', error: `Version ${replay.version} cannot run: ${error.message}` });
    }
    const conversations = (await deps.replays.conversations([replay.id])).get(replay.id) ?? [];
    for (const conversation of conversations) {
      if (conversation.status !== 'pending') continue;
      if (signal.aborted) return;
      const outcome = await replayConversation(deps.sessions, { sessionId: conversation.sessionId, agentId: agent.id, machine, llm: deps.llm, signal }).catch((error: unknown) => {
        if (signal.aborted) return undefined;
        throw error;
      });
      if (!outcome) return;
      await deps.replays.recordConversation(conversation.id, outcome.status, outcome);
    }
    await finish(replay, agent, { status: 'completed', error: null });
  }

  async function run(replay: ReplayRecord, signal: AbortSignal): Promise<void> {
    const agent = await deps.agents.findById(replay.agentId);
    if (!agent) return finish(replay, { publicId: '(deleted)' }, { status: 'failed', error: 'The agent was deleted before the replay ran.' });
    try {
      await replayAll(replay, agent, signal);
      // Stopped mid-way: back to the queue, so the next process goes on at once.
      if (signal.aborted) await deps.replays.release(replay.id);
    } catch (error) {
      deps.logger.error({ err: error, replay_id: replay.publicId }, 'replay failed');
      await finish(replay, agent, { status: 'failed', error: `The replay failed unexpectedly: ${messageOf(error)}` });
    }
  }

  return createLeasedWorker({
    name: 'running replays',
    jobs: deps.replays,
    idOf: (replay) => replay.id,
    work: run,
    leaseMs: deps.leaseMs ?? DEFAULT_REPLAY_LEASE_MS,
    logger: deps.logger,
    timers: deps.timers,
  });
}
