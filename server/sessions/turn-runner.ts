/**
 * One turn (DESIGN §4), as a thin command handler: load the session, run the workflow
 * (the I/O), let the aggregate decide the change (`applySessionEvent`), commit ONE
 * assistant message with the snapshot, figures and `revision + 1` in one transaction,
 * then announce it. Turns of a session run one at a time; a failed or cancelled turn
 * still keeps the user's message and answers politely.
 */
import type { Logger } from 'pino';
import type { AssistantReply } from '../../shared/api/text-chat-api.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import { continueWorkflow } from '../runtime/run-turn.ts';
import type { TurnOutcome } from '../runtime/types.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionChange } from '../storage/sessions-repo.ts';
import { sourcesField } from './message-sources.ts';
import { followHandOff, knowledgeService, type HandOff, type WorkflowDeps } from './agent-opening.ts';
import { isWithHuman, relayToHuman } from './human-relay.ts';
import { messageKind } from './run-presenter.ts';
import { changeFor, type SessionCommandDeps } from './session-command-deps.ts';
import { serverMsOf } from './session-aggregate.ts';
import { nextLifecycle } from './session-lifecycle.ts';
import { statusNotices } from './session-notices.ts';
import type { AgentDirectory } from './session-ports.ts';
import type { TurnSummary } from './session-observer.ts';
import type { AgentOverrides } from './workflow-loader.ts';

export const TURN_FAILED_TEXT = "Sorry, something went wrong on our side. Please try again.";
export const TURN_INTERRUPTED_TEXT = 'The reply was interrupted before it finished.';

export interface TurnRunnerDeps extends SessionCommandDeps, WorkflowDeps {
  agents: AgentDirectory;
  logger: Logger;
  /** The answers of appends already made with an idempotency key. */
  appendKeys: AppendKeys;
}

export interface SendInput {
  sessionId: number;
  text: string;
  /**
   * The client's idempotency key for this message: a second send with the same key (a
   * retry after a dropped connection) answers what the first got, storing nothing.
   */
  idempotencyKey?: string | undefined;
  expectedRevision?: number | undefined;
  /** The agent the caller reached the session through, read for this request: the turn uses it when it runs the session, instead of reading it again. */
  agent?: AgentRecord | undefined;
  signal: AbortSignal;
  onDelta?: ((text: string) => void) | undefined;
}

/** The answer to an append: the assistant message the change appends last, as committed. */
function replyOf(change: SessionChange, saved: SessionRecord): AssistantReply {
  const last = change.messages?.at(-1);
  return {
    role: 'assistant',
    content: last?.content ?? '',
    timestamp: saved.updatedAt,
    ...(last?.choices?.length ? { choices: last.choices } : {}),
    index: saved.messageCount - 1,
    revision: saved.revision,
    session_status: saved.status,
    kind: messageKind(saved.messageCount - 1, last?.turn),
    ...sourcesField(last?.turn),
  };
}

/** Where a turn finds the answers of appends already made with an idempotency key. */
export interface AppendKeys {
  appendReply(sessionId: number, key: string): Promise<AssistantReply | undefined>;
}

/** A turn's figures for observers (metrics): its tool calls, and its own time without the LLM's and tools'. */
function summarize(outcome: TurnOutcome, elapsedMs: number): TurnSummary {
  const serverMs = serverMsOf(outcome, elapsedMs);
  const toolCalls = outcome.toolCalls.filter((call) => call.kind === 'tool').map((call) => ({ name: call.name, ms: call.ms, failed: call.error !== undefined }));
  return { elapsedMs, serverMs, error: undefined, toolCalls };
}

const isConflict = (error: unknown): boolean => error instanceof DomainError && error.code === 'revision_conflict';

export type TurnRunner = ReturnType<typeof createTurnRunner>;

export function createTurnRunner(deps: TurnRunnerDeps) {
  async function runTurn(input: SendInput): Promise<AssistantReply> {
    const { idempotencyKey } = input;
    // Before the revision check: a retried append's revision is stale by its own first try.
    const answered = idempotencyKey ? await deps.appendKeys.appendReply(input.sessionId, idempotencyKey) : undefined;
    if (answered) return answered;
    try {
      return await answer(input);
    } catch (error) {
      // Another process committed the same append first (its revision won): answer what it stored.
      const stored = idempotencyKey && isConflict(error) ? await deps.appendKeys.appendReply(input.sessionId, idempotencyKey) : undefined;
      if (stored) return stored;
      throw error;
    }
  }

  async function answer(input: SendInput): Promise<AssistantReply> {
    const started = performance.now();
    const session = await deps.sessions.get(input.sessionId);
    if (!session) throw notFound('Session not found');
    if (input.expectedRevision !== undefined && input.expectedRevision !== session.revision) {
      throw conflict(`expected_revision ${input.expectedRevision} is stale; the session is at revision ${session.revision}`, 'revision_conflict');
    }
    /** Stores the key with the answer, in the commit that stores the message. */
    const keyed = (change: SessionChange): SessionChange =>
      input.idempotencyKey ? { ...change, appendKey: { key: input.idempotencyKey, reply: (saved) => replyOf(change, saved) } } : change;
    if (isWithHuman(session)) return relayToHuman(deps, session, input.text, input.idempotencyKey);
    // Refused before any LLM or tool call; the aggregate applies the same rule to the change.
    nextLifecycle(session, { type: 'TURN' });
    const agent = input.agent?.id === session.agentId ? input.agent : await deps.agents.findById(session.agentId);
    if (!agent) throw notFound('Agent not found');
    const machine = await deps.loader.machineFor(agent, session.agentVersion, session.overrides as AgentOverrides);
    // One tool budget for the whole turn: a hand-off's destination agent spends from it too.
    const tools = deps.toolCallerFor.forTurn();
    const services = {
      llm: deps.llm,
      ...(input.onDelta ? { onDelta: input.onDelta } : {}),
      callTool: tools(session, agent),
      now: () => performance.now(),
      ...knowledgeService(deps),
    };
    await deps.observer.userMessage?.(session, input.text);

    let outcome: TurnOutcome;
    let handOff: HandOff | undefined;
    try {
      outcome = await continueWorkflow({ machine, snapshot: session.snapshot, text: input.text, services, signal: input.signal });
      // The destination agent's opening is part of this turn: if it fails, the turn fails the same way.
      handOff = await followHandOff(deps, { workspaceId: session.workspaceId, session, outcome, tools }, input.signal, input.onDelta);
    } catch (error) {
      // Keep the user's message, answer politely, stay where the machine was: never stuck.
      const aborted = input.signal.aborted;
      if (!aborted) deps.logger.error({ err: error, session_id: session.id }, 'turn failed');
      const reply = aborted ? TURN_INTERRUPTED_TEXT : TURN_FAILED_TEXT;
      const code = aborted ? 'aborted' : error instanceof Error && 'code' in error ? String(error.code) : 'turn_failed';
      const elapsedMs = performance.now() - started;
      const change = await changeFor(deps, session, { type: 'turn-failed', text: input.text, reply, error: code, elapsedMs });
      const saved = await deps.sessions.commit(session, keyed(change));
      await deps.observer.turnEnded?.(saved, { elapsedMs, serverMs: null, error: code, toolCalls: [] });
      return replyOf(change, saved);
    }

    const elapsedMs = performance.now() - started;
    const change = await changeFor(deps, session, { type: 'turn-completed', text: input.text, outcome, handOff, elapsedMs });
    const saved = await deps.sessions.commit(session, {
      ...keyed(change),
      events: (after) => [...statusNotices(deps.notices, session, after), ...(handOff ? deps.notices.transferred(after, handOff.target.publicId) : [])],
    });
    await deps.observer.turnEnded?.(saved, summarize(outcome, elapsedMs));
    await announce(session, saved);
    // A hand-off to an agent keeps the session active, so `announce` sees no change: tell observers here.
    if (handOff) await deps.observer.transferred?.(saved, handOff.target.publicId);
    return replyOf(change, saved);
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
