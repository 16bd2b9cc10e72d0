/**
 * Steering a live call from the API: end it, hand it to a human or to another agent, and
 * put an operator's reply into a conversation a human has taken over. Each change runs in
 * the session's queue, is one committed revision, and reaches the visitor's widget on the
 * events channel; its webhook events are written by the same commit (`SessionNotices`).
 */
import type { ChatMessage } from '../../shared/api/text-chat-api.ts';
import { DomainError, conflict, notFound } from '../errors.ts';
import { openAgent, type WorkflowDeps } from '../sessions/agent-opening.ts';
import { isWithHuman } from '../sessions/human-relay.ts';
import { changeFor, type SessionCommandDeps } from '../sessions/session-command-deps.ts';
import { nextLifecycle } from '../sessions/session-lifecycle.ts';
import { statusNotices } from '../sessions/session-notices.ts';
import type { AgentDirectory, OutboxWriter } from '../sessions/session-ports.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { callNotInProgress } from './call-errors.ts';

export interface CallControlDeps extends SessionCommandDeps, WorkflowDeps {
  agents: Pick<AgentDirectory, 'find'>;
  /** For `transfer.failed`, which no session change carries. */
  outbox: OutboxWriter;
  turns: Pick<TurnRunner, 'announce'>;
  /** Ending goes through the session service, as every other end does. */
  lifecycle: Pick<SessionService, 'end'>;
}

export type CallControl = ReturnType<typeof createCallControl>;

/** Lifecycle refusals read as the calls API words them. */
function asCallConflict(error: unknown): unknown {
  return error instanceof DomainError && error.code === 'session_not_active' ? callNotInProgress() : error;
}

export function createCallControl(deps: CallControlDeps) {
  async function load(sessionId: number): Promise<SessionRecord> {
    const session = await deps.sessions.get(sessionId);
    if (!session) throw notFound('Call not found');
    if (session.status === 'ended') throw callNotInProgress();
    return session;
  }

  async function toHuman(session: SessionRecord): Promise<SessionRecord> {
    const saved = await deps.sessions.commit(session, {
      ...(await changeFor(deps, session, { type: 'transferred-to-human' })),
      events: (after) => statusNotices(deps.notices, session, after),
    });
    await deps.turns.announce(session, saved);
    return saved;
  }

  /**
   * Run the destination agent's opening and continue the call under it, as a workflow
   * hand-off does. A destination the request names wrongly is refused before anything
   * starts (4xx, nothing written, no webhook); once started, a failure is `transfer.failed`.
   */
  async function toAgent(session: SessionRecord, destination: string, signal: AbortSignal): Promise<SessionRecord> {
    // Refused before the destination's opening runs; the aggregate applies the same rule to the change.
    nextLifecycle(session, { type: 'HAND_OFF' });
    const target = await deps.agents.find(session.workspaceId, destination);
    if (!target) throw notFound('Destination agent not found');
    if (!target.publishedVersion) throw conflict('The destination agent has no published workflow', 'agent_not_published');
    if (target.id === session.agentId) throw conflict(`The call is already with ${target.publicId}`, 'already_with_agent');
    const fail = async (error: DomainError): Promise<never> => {
      // Nothing else changes, so the event is committed on its own before the caller hears of the failure.
      await deps.outbox.append(deps.notices.transferFailed(session, target.publicId, error.message));
      await deps.observer.transferFailed?.(session, target.publicId, error.message);
      throw error;
    };
    const started = performance.now();
    let opening;
    try {
      opening = await openAgent(deps, { agent: target, version: target.publishedVersion, session, variables: session.variables, signal });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail(new DomainError('transfer_failed', `The destination agent could not start: ${reason}`));
    }
    const change = await changeFor(deps, session, { type: 'handed-off', agent: { id: target.id, version: target.publishedVersion }, opening, elapsedMs: performance.now() - started });
    const saved = await deps.sessions.commit(session, {
      ...change,
      events: (after) => [...statusNotices(deps.notices, session, after), ...deps.notices.transferred(after, target.publicId)],
    });
    const message: ChatMessage = {
      index: saved.messageCount - 1,
      role: 'assistant',
      author: 'agent',
      content: opening.reply.content,
      timestamp: saved.updatedAt,
      ...(opening.reply.choices?.length ? { choices: opening.reply.choices } : {}),
    };
    await deps.events.push(saved.id, { type: 'message', message });
    await deps.turns.announce(session, saved);
    await deps.observer.transferred?.(saved, target.publicId);
    return saved;
  }

  return {
    /** End the call with reason `api`; the widget hears `ended`. An ended call is refused by the lifecycle. */
    async end(sessionId: number): Promise<SessionRecord> {
      return deps.lifecycle.end(sessionId, 'api').catch((error: unknown) => {
        throw asCallConflict(error);
      });
    },

    async transfer(sessionId: number, destination: string, signal: AbortSignal): Promise<SessionRecord> {
      return deps.queue.run(sessionId, async () => {
        const session = await load(sessionId);
        if (session.status === 'transferred') throw conflict('Call is already transferred', 'call_transferred');
        return destination === 'human' ? toHuman(session) : toAgent(session, destination, signal);
      });
    },

    /** An operator's reply into a conversation a human has taken over; `authorName` is shown to the visitor. */
    async operatorMessage(sessionId: number, content: string, authorName?: string): Promise<ChatMessage> {
      return deps.queue.run(sessionId, async () => {
        const session = await load(sessionId);
        if (!isWithHuman(session)) throw conflict('Call is not transferred to a human', 'call_not_with_human');
        const saved = await deps.sessions.commit(session, await changeFor(deps, session, { type: 'operator-message', content, authorName }));
        const message: ChatMessage = { index: saved.messageCount - 1, role: 'assistant', author: 'operator', content, timestamp: saved.updatedAt, ...(authorName ? { author_name: authorName } : {}) };
        await deps.events.push(saved.id, { type: 'message', message });
        return message;
      });
    },
  };
}
