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
import { continueWorkflow, startWorkflow } from '../runtime/run-turn.ts';
import { nextLifecycle } from '../runtime/session-lifecycle.ts';
import type { TurnOutcome } from '../runtime/types.ts';
import type { ToolCaller } from '../tools/http-tool-caller.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import type { SessionChange } from '../storage/sessions-repo.ts';
import { isWithHuman, relayToHuman } from './human-relay.ts';
import type { KeyedQueue } from './keyed-queue.ts';
import type { SessionEvents } from './session-events.ts';
import type { SessionObserver } from './session-observer.ts';
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
  observer: SessionObserver;
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

/** The session change that records a turn's outcome (messages excluded). */
export function outcomeChange(outcome: TurnOutcome): SessionChange {
  return {
    snapshot: outcome.snapshot,
    node: outcome.node,
    variables: outcome.variables,
    usage: {
      promptTokens: outcome.usage.prompt_tokens,
      completionTokens: outcome.usage.completion_tokens,
      toolCalls: outcome.toolCalls.filter((call) => call.kind === 'tool').length,
    },
    ...(outcome.state === 'ended' ? { status: 'ended' as const, endedReason: 'agent-hangup' as const } : {}),
    ...(outcome.state === 'transferred' ? { status: 'transferred' as const, transferDestination: outcome.transfer?.destination ?? 'human' } : {}),
  };
}

/** What a turn stores beside its assistant message, for the calls API. */
export function turnFigures(outcome: TurnOutcome, serverMs: number): Record<string, unknown> {
  return {
    node: outcome.node,
    llm: outcome.llm,
    latency: { ...outcome.latency, server_ms: Math.max(0, Math.round(serverMs)) },
    usage: outcome.usage,
    tool_calls: outcome.toolCalls,
  };
}

export function createTurnRunner(deps: TurnRunnerDeps) {
  const { repos, clock } = deps;
  const expiry = (session: SessionRecord) => new Date(clock.now() + deps.idleMsFor(session.channel)).toISOString();

  /** Hand the session to another agent: its opening joins this turn's reply. */
  async function handOff(session: SessionRecord, outcome: TurnOutcome, signal: AbortSignal, services: { onDelta?: ((t: string) => void) | undefined }) {
    const destination = outcome.transfer?.destination ?? 'human';
    if (destination === 'human') return undefined;
    const target = await repos.agents.find(session.workspaceId, destination);
    if (!target?.publishedVersion) return undefined;
    const machine = await deps.loader.machineFor(target, target.publishedVersion, session.overrides as AgentOverrides);
    const opening = await startWorkflow({
      machine,
      input: { variables: outcome.variables },
      services: { llm: deps.llm, ...(services.onDelta ? { onDelta: services.onDelta } : {}), callTool: deps.toolCallerFor(session, target), now: () => performance.now() },
      signal,
    });
    return { target, opening };
  }

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
    try {
      outcome = await continueWorkflow({ machine, snapshot: session.snapshot, text: input.text, services, signal: input.signal });
    } catch (error) {
      // Keep the user's message, answer politely, stay where the machine was: never stuck.
      const aborted = input.signal.aborted;
      if (!aborted) deps.logger.error({ err: error, session_id: session.id }, 'turn failed');
      const content = aborted ? TURN_INTERRUPTED_TEXT : TURN_FAILED_TEXT;
      const code = aborted ? 'aborted' : error instanceof Error && 'code' in error ? String(error.code) : 'turn_failed';
      const saved = await repos.sessions.commit(session, {
        messages: [user, { role: 'assistant', author: 'agent', content, snapshot: session.snapshot, turn: { error: code, llm: 'error', latency: { server_ms: Math.round(performance.now() - started) } } }],
        expiresAt: expiry(session),
      });
      return { role: 'assistant', content, timestamp: saved.updatedAt, index: saved.messageCount - 1, revision: saved.revision, session_status: saved.status };
    }

    let change = outcomeChange(outcome);
    let reply = outcome.reply;
    const handoff = outcome.state === 'transferred' ? await handOff(session, outcome, input.signal, services) : undefined;
    if (handoff) {
      const { opening, target } = handoff;
      change = { ...outcomeChange(opening), agent: { id: target.id, version: target.publishedVersion ?? 0 } };
      reply = { content: [outcome.reply.content, opening.reply.content].filter(Boolean).join('\n\n'), ...(opening.reply.choices ? { choices: opening.reply.choices } : {}) };
    }
    const serverMs = performance.now() - started - (outcome.latency.llm_total_ms ?? 0) - (outcome.latency.tool_ms ?? 0);
    const saved = await repos.sessions.commit(session, {
      ...change,
      messages: [user, { role: 'assistant', author: 'agent', content: reply.content, choices: reply.choices, snapshot: change.snapshot, turn: turnFigures(outcome, serverMs) }],
      expiresAt: change.status === 'ended' ? null : expiry(session),
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

  /** After a commit: push `transferred` / `ended` to open event streams and observers. */
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
