/**
 * One turn (DESIGN §4): load the session, restore the machine from its snapshot, send
 * the user's message, run until settled, and commit ONE assistant message with the
 * snapshot, figures and `revision + 1` in one transaction. Turns of a session run one at
 * a time; a failed or cancelled turn still keeps the user's message and answers politely.
 */
import type { Logger } from 'pino';
import type { AssistantReply } from '../../shared/api/text-chat-api.ts';
import type { Clock } from '../clock.ts';
import { conflict, notFound } from '../errors.ts';
import type { LlmClient } from '../llm/types.ts';
import { continueWorkflow } from '../runtime/run-turn.ts';
import { nextLifecycle } from '../runtime/session-lifecycle.ts';
import type { TurnOutcome } from '../runtime/types.ts';
import type { ToolCaller } from '../tools/http-tool-caller.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { isWithHuman, relayToHuman } from './human-relay.ts';
import { followHandOff, type HandOff } from './agent-opening.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import type { SessionEvents } from './session-events.ts';
import { statusNotices, type SessionNotices } from './session-notices.ts';
import type { SessionObserver } from './session-observer.ts';
import { assistantMessage, expiryFor, handOffChange, outcomeChange } from './turn-records.ts';
import type { AgentOverrides, WorkflowLoader } from './workflow-loader.ts';

export const TURN_FAILED_TEXT = "Sorry, something went wrong on our side. Please try again.";
export const TURN_INTERRUPTED_TEXT = 'The reply was interrupted before it finished.';

export interface TurnRunnerDeps {
  repos: Repositories;
  loader: WorkflowLoader;
  llm: LlmClient;
  /** The tool caller for a session: real HTTP, or mocks and skips for test channels. */
  toolCallerFor(session: Pick<SessionRecord, 'channel' | 'overrides'>, agent: AgentRecord): ToolCaller;
  queue: KeyedQueue;
  events: SessionEvents;
  /** In-process, after each commit. */
  observer: SessionObserver;
  /** Durable: the events a change fires, written by its commit. */
  notices: SessionNotices;
  clock: Clock;
  logger: Logger;
  /** Idle time after which the session may be swept, by channel. */
  idleMsFor(channel: SessionRecord['channel']): number;
}

export interface SendInput {
  sessionId: number;
  text: string;
  expectedRevision?: number | undefined;
  signal: AbortSignal;
  onDelta?: ((text: string) => void) | undefined;
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;

export function createTurnRunner(deps: TurnRunnerDeps) {
  const { repos } = deps;

  async function runTurn(input: SendInput): Promise<AssistantReply> {
    const started = performance.now();
    const session = await repos.sessions.get(input.sessionId);
    if (!session) throw notFound('Session not found');
    if (input.expectedRevision !== undefined && input.expectedRevision !== session.revision) {
      throw conflict(`expected_revision ${input.expectedRevision} is stale; the session is at revision ${session.revision}`, 'revision_conflict');
    }
    if (isWithHuman(session)) return relayToHuman(deps, session, input.text);
    nextLifecycle(session, { type: 'TURN' });
    const agent = await repos.agents.findById(session.agentId);
    if (!agent) throw notFound('Agent not found');
    const machine = await deps.loader.machineFor(agent, session.agentVersion, session.overrides as AgentOverrides);
    const services = {
      llm: deps.llm,
      ...(input.onDelta ? { onDelta: input.onDelta } : {}),
      callTool: deps.toolCallerFor(session, agent),
      now: () => performance.now(),
    };
    const user = { role: 'user' as const, author: 'user' as const, content: input.text };
    await deps.observer.userMessage?.(session, input.text);

    let outcome: TurnOutcome;
    let handoff: HandOff | undefined;
    try {
      outcome = await continueWorkflow({ machine, snapshot: session.snapshot, text: input.text, services, signal: input.signal });
      // The destination agent's opening is part of this turn: if it fails, the turn fails the same way.
      handoff = await followHandOff(deps, { workspaceId: session.workspaceId, session, outcome }, input.signal, input.onDelta);
    } catch (error) {
      // Keep the user's message, answer politely, stay where the machine was: never stuck.
      const aborted = input.signal.aborted;
      if (!aborted) deps.logger.error({ err: error, session_id: session.id }, 'turn failed');
      const content = aborted ? TURN_INTERRUPTED_TEXT : TURN_FAILED_TEXT;
      const code = aborted ? 'aborted' : error instanceof Error && 'code' in error ? String(error.code) : 'turn_failed';
      const saved = await repos.sessions.commit(session, {
        messages: [user, { role: 'assistant', author: 'agent', content, snapshot: session.snapshot, turn: { error: code, llm: 'error', latency: { server_ms: Math.round(performance.now() - started) } } }],
        expiresAt: expiryFor(deps, session.channel),
      });
      return { role: 'assistant', content, timestamp: saved.updatedAt, index: saved.messageCount - 1, revision: saved.revision, session_status: saved.status };
    }

    const change = handoff ? handOffChange(handoff.opening, handoff.target) : outcomeChange(outcome);
    const reply = handoff?.reply ?? outcome.reply;
    const saved = await repos.sessions.commit(session, {
      ...change,
      messages: [user, assistantMessage(outcome, started, reply, change.snapshot)],
      expiresAt: expiryFor(deps, session.channel, change.status),
      events: (after) => [...statusNotices(deps.notices, session, after), ...(handoff ? deps.notices.transferred(after, handoff.target.publicId) : [])],
    });
    await announce(session, saved);
    // A hand-off to an agent keeps the session active, so `announce` sees no change: tell observers here.
    if (handoff) await deps.observer.transferred?.(saved, handoff.target.publicId);
    return {
      role: 'assistant',
      content: reply.content,
      timestamp: saved.updatedAt,
      ...(reply.choices?.length ? { choices: reply.choices } : {}),
      index: saved.messageCount - 1,
      revision: saved.revision,
      session_status: saved.status,
    };
  }

  /**
   * After a commit: push `transferred` / `ended` to open event streams and observers. The
   * commit wrote the matching webhook events itself (`statusNotices`).
   */
  async function announce(before: SessionRecord, after: SessionRecord): Promise<void> {
    if (after.status === before.status) return;
    if (after.status === 'transferred' && after.transferDestination) {
      await deps.events.push(after.id, { type: 'transferred', destination: after.transferDestination });
      await deps.observer.transferred?.(after, after.transferDestination);
    }
    if (after.status === 'ended' && after.endedReason) {
      await deps.events.push(after.id, { type: 'ended', reason: after.endedReason });
      await deps.observer.ended?.(after);
    }
  }

  return {
    /** Send a user message; resolves with the turn's one assistant message. */
    send: (input: SendInput) => deps.queue.run(input.sessionId, () => runTurn(input)),
    announce,
  };
}
