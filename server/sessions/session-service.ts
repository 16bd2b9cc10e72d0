/**
 * Session use cases besides the turn itself: start (the opening message), read a
 * branch, rewind, end, and feedback. Each change is one committed revision.
 */
import type { EndedReason, RunResponse } from '../../shared/api/text-chat-api.ts';
import { hashSecret } from '../auth/api-key.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { nextLifecycle } from '../runtime/session-lifecycle.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { Channel, SessionRecord } from '../storage/session-records.ts';
import { presentRun } from './run-presenter.ts';
import { generateSessionToken } from './session-tokens.ts';
import { followHandOff, openAgent } from './agent-opening.ts';
import { openingNotices, statusNotices } from './session-notices.ts';
import { assistantMessage, expiryFor, handOffChange, outcomeChange } from './turn-records.ts';
import type { TurnRunner, TurnRunnerDeps } from './turn-runner.ts';
import type { AgentOverrides } from './workflow-loader.ts';

export interface StartInput {
  workspaceId: number;
  agent: AgentRecord;
  channel: Channel;
  variables?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  overrides?: AgentOverrides & Record<string, unknown>;
  /** Issue a widget session token (public callers). */
  withToken?: boolean;
  publicKey?: string;
  /** Run a draft version instead of the published one (agent tests may). */
  version?: number;
  signal: AbortSignal;
}

export type SessionService = ReturnType<typeof createSessionService>;

export function createSessionService(deps: TurnRunnerDeps & { turns: TurnRunner }) {
  const { repos, clock } = deps;

  async function view(session: SessionRecord, branchId?: string, sessionToken?: string): Promise<RunResponse> {
    const branches = await repos.sessions.branchSummaries(session);
    const branch = branchId ?? session.currentBranch;
    if (!branches.some((b) => b.id === branch)) throw notFound(`Branch ${branch} not found`);
    const [messages, agent] = await Promise.all([repos.sessions.transcript(session.id, branch), repos.agents.findById(session.agentId)]);
    return presentRun({
      session,
      agentPublicId: agent?.publicId ?? '',
      messages,
      branches,
      branchId: branch,
      ...(sessionToken ? { sessionToken } : {}),
    });
  }

  return {
    view,

    async start(input: StartInput): Promise<{ session: SessionRecord; sessionToken?: string }> {
      const version = input.version ?? input.agent.publishedVersion;
      if (!version) throw conflict('This agent has no published workflow yet', 'agent_not_published');
      const overrides = input.overrides ?? {};
      const started = performance.now();
      const opening = { channel: input.channel, overrides };
      const outcome = await openAgent(deps, { agent: input.agent, version, session: opening, variables: input.variables ?? {}, signal: input.signal });
      // A start node may hand the conversation straight to another agent: it then runs that agent.
      const handoff = await followHandOff(deps, { workspaceId: input.workspaceId, session: opening, outcome }, input.signal);
      const change = handoff ? handOffChange(handoff.opening, handoff.target) : outcomeChange(outcome);
      const runs = handoff ? { agentId: handoff.target.id, agentVersion: change.agent?.version ?? version } : { agentId: input.agent.id, agentVersion: version };
      const sessionToken = input.withToken ? generateSessionToken() : undefined;
      const session = await repos.sessions.create(
        {
          workspaceId: input.workspaceId,
          ...runs,
          entryAgentId: input.agent.id,
          channel: input.channel,
          tokenHash: sessionToken ? hashSecret(sessionToken) : undefined,
          publicKey: input.publicKey,
          metadata: input.metadata ?? {},
          overrides,
          expiresAt: expiryFor(deps, input.channel, change.status),
        },
        {
          ...change,
          messages: [assistantMessage(outcome, started, handoff?.reply, change.snapshot)],
          events: (created) => [...openingNotices(deps.notices, created), ...(handoff ? deps.notices.transferred(created, handoff.target.publicId) : [])],
        },
      );
      await deps.observer.started?.(session);
      if (handoff) await deps.observer.transferred?.(session, handoff.target.publicId);
      if (session.status === 'ended') await deps.observer.ended?.(session);
      if (session.status === 'transferred' && session.transferDestination) await deps.observer.transferred?.(session, session.transferDestination);
      return { session, ...(sessionToken ? { sessionToken } : {}) };
    },

    /** Return to the state after an assistant message of the current branch. */
    async rewind(sessionId: number, messageIndex: number, expectedRevision?: number): Promise<SessionRecord> {
      return deps.queue.run(sessionId, async () => {
        const session = await repos.sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        if (expectedRevision !== undefined && expectedRevision !== session.revision) throw conflict('expected_revision is stale', 'revision_conflict');
        const lifecycle = nextLifecycle(session, { type: 'REWIND' });
        const messages = await repos.sessions.transcript(session.id, session.currentBranch);
        const target = messages[messageIndex];
        if (!target || target.role !== 'assistant') {
          throw badRequest(`message_index ${messageIndex} is not an assistant message of the current branch (assistant messages are at even indexes below ${messages.length})`, 'invalid_message_index');
        }
        if (target.author === 'operator' || !target.rewindable) throw badRequest('Cannot rewind to an operator message', 'invalid_message_index');
        if (messageIndex === messages.length - 1) throw badRequest('That is already the latest message: nothing to rewind', 'invalid_message_index');
        const figures = target.turn ?? {};
        return repos.sessions.rewind(session, target, {
          // The state stored with the message is its agent's: a rewind across a hand-off runs that agent again.
          ...(target.agent ? { agent: target.agent } : {}),
          status: lifecycle.status,
          endedReason: lifecycle.endedReason,
          node: typeof figures.node === 'string' ? figures.node : null,
          expiresAt: expiryFor(deps, session.channel),
        });
      });
    },

    async end(sessionId: number, reason: EndedReason): Promise<SessionRecord> {
      return deps.queue.run(sessionId, async () => {
        const session = await repos.sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        // A turn may have refreshed the session after the sweeper picked it: then it is not idle.
        if (reason === 'timeout' && (!session.expiresAt || session.expiresAt > new Date(clock.now()).toISOString())) return session;
        const lifecycle = nextLifecycle(session, { type: 'END', reason });
        const saved = await repos.sessions.commit(session, {
          status: lifecycle.status,
          endedReason: lifecycle.endedReason,
          expiresAt: null,
          events: (after) => statusNotices(deps.notices, session, after),
        });
        await deps.turns.announce(session, saved);
        return saved;
      });
    },

    /**
     * The caller is done with the session: end it if it is still live, and expire it now,
     * so routes that treat expired sessions as gone (test sessions) answer 404 from here on.
     */
    async expire(sessionId: number, reason: EndedReason): Promise<SessionRecord> {
      return deps.queue.run(sessionId, async () => {
        const session = await repos.sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        const lifecycle = session.status === 'ended' ? undefined : nextLifecycle(session, { type: 'END', reason });
        const saved = await repos.sessions.commit(session, {
          ...(lifecycle ? { status: lifecycle.status, endedReason: lifecycle.endedReason } : {}),
          expiresAt: new Date(clock.now()).toISOString(),
        });
        await deps.turns.announce(session, saved);
        return saved;
      });
    },

    async feedback(session: SessionRecord, index: number, rating: 'up' | 'down', comment?: string): Promise<void> {
      const messages = await repos.sessions.transcript(session.id, session.currentBranch);
      const message = messages[index];
      if (!message || message.role !== 'assistant') throw badRequest(`Message ${index} is not an assistant message of this conversation`, 'invalid_message_index');
      await repos.sessions.setFeedback(message.id, { rating, comment });
    },
  };
}
