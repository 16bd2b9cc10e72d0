/**
 * Session use cases besides the turn itself: start (the opening message), read a
 * branch, rewind, end, and feedback. Each change is one committed revision.
 */
import type { EndedReason, RunResponse, Visitor } from '../../shared/api/text-chat-api.ts';
import { hashSecret } from '../auth/api-key.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { Channel, SessionRecord } from '../storage/session-records.ts';
import { presentRun } from './run-presenter.ts';
import { generateSessionToken } from './session-tokens.ts';
import { followHandOff, openAgent } from './agent-opening.ts';
import { blankSession } from './session-aggregate.ts';
import { changeFor } from './session-command-deps.ts';
import { openingNotices, statusNotices } from './session-notices.ts';
import type { SessionHistory } from './session-ports.ts';
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
  /**
   * A verified visitor (the caller checked the signature). With `withToken`, their newest
   * open session on this agent is resumed with a fresh token instead of a new one started.
   */
  visitor?: Visitor | undefined;
  signal: AbortSignal;
}

/** A session that starts from a stored state instead of the start node (agent tests, #18). */
export interface SeededStartInput {
  workspaceId: number;
  agent: AgentRecord;
  version: number;
  channel: Channel;
  overrides?: AgentOverrides & Record<string, unknown>;
  snapshot: unknown;
  transcript: readonly { role: 'user' | 'assistant'; content: string }[];
}

export interface RewindInput {
  messageIndex: number;
  /** The branch the message is on; the current branch when absent. */
  branchId?: string | undefined;
  expectedRevision?: number | undefined;
}

export interface ViewOptions {
  branch?: string | undefined;
  sessionToken?: string | undefined;
  /** Each agent message's turn and the state after it (never for the widget). */
  details?: boolean;
}

export interface Started {
  session: SessionRecord;
  sessionToken?: string;
  /** An open session of the verified visitor, continued rather than started. */
  resumed: boolean;
}

export type SessionService = ReturnType<typeof createSessionService>;

export type SessionServiceDeps = Omit<TurnRunnerDeps, 'sessions'> & { sessions: SessionHistory; turns: Pick<TurnRunner, 'announce'> };

export function createSessionService(deps: SessionServiceDeps) {
  const { sessions, clock } = deps;

  /**
   * The run on its current branch or on `branch`. With `details` (API and console callers,
   * not the widget) each agent message carries its turn and the state after it.
   */
  async function view(session: SessionRecord, options: ViewOptions = {}): Promise<RunResponse> {
    const branches = await sessions.branchSummaries(session);
    const branch = options.branch ?? session.currentBranch;
    if (!branches.some((b) => b.id === branch)) throw notFound(`Branch ${branch} not found`);
    const [messages, agent] = await Promise.all([sessions.transcript(session.id, branch), deps.agents.findById(session.agentId)]);
    const agentMessages = messages.filter((m) => m.role === 'assistant' && m.author === 'agent' && m.rewindable).map((m) => m.id);
    const states = options.details ? await sessions.messageStates(session.id, agentMessages) : undefined;
    return presentRun({
      session,
      agentPublicId: agent?.publicId ?? '',
      messages,
      branches,
      branchId: branch,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
      ...(states ? { states } : {}),
    });
  }

  return {
    view,

    async start(input: StartInput): Promise<Started> {
      if (input.visitor && input.withToken) {
        const open = await sessions.latestOpenOfVisitor(input.agent.id, input.visitor.id, new Date(clock.now()).toISOString());
        if (open) {
          // A new token for this device; the devices already in the conversation keep theirs.
          const sessionToken = generateSessionToken();
          await sessions.addToken(open.id, hashSecret(sessionToken));
          return { session: open, sessionToken, resumed: true };
        }
      }
      const version = input.version ?? input.agent.publishedVersion;
      if (!version) throw conflict('This agent has no published workflow yet', 'agent_not_published');
      const overrides = input.overrides ?? {};
      const started = performance.now();
      const opening = { channel: input.channel, overrides };
      const tools = deps.toolCallerFor.forTurn();
      const outcome = await openAgent(deps, { agent: input.agent, version, session: opening, variables: input.variables ?? {}, signal: input.signal, tools });
      // A start node may hand the conversation straight to another agent: it then runs that agent.
      const handOff = await followHandOff(deps, { workspaceId: input.workspaceId, session: opening, outcome, tools }, input.signal);
      const change = await changeFor(deps, { ...blankSession(input.channel), workspaceId: input.workspaceId }, { type: 'opened', outcome, handOff, elapsedMs: performance.now() - started });
      const runs = handOff ? { agentId: handOff.agent.id, agentVersion: handOff.agent.version } : { agentId: input.agent.id, agentVersion: version };
      const sessionToken = input.withToken ? generateSessionToken() : undefined;
      const session = await sessions.create(
        {
          workspaceId: input.workspaceId,
          ...runs,
          entryAgentId: input.agent.id,
          channel: input.channel,
          tokenHash: sessionToken ? hashSecret(sessionToken) : undefined,
          publicKey: input.publicKey,
          metadata: input.metadata ?? {},
          overrides,
          expiresAt: change.expiresAt ?? null,
          visitor: input.visitor,
        },
        {
          ...change,
          events: (created) => [...openingNotices(deps.notices, created), ...(handOff ? deps.notices.transferred(created, handOff.target.publicId) : [])],
        },
      );
      await deps.observer.started?.(session);
      if (handOff) await deps.observer.transferred?.(session, handOff.target.publicId);
      if (session.status === 'ended') await deps.observer.ended?.(session);
      if (session.status === 'transferred' && session.transferDestination) await deps.observer.transferred?.(session, session.transferDestination);
      return { session, ...(sessionToken ? { sessionToken } : {}), resumed: false };
    },

    /**
     * Open a session exactly where a stored state left another one: nothing runs, so no
     * node's text is said again and no LLM re-derives the earlier turns.
     */
    async startSeeded(input: SeededStartInput): Promise<SessionRecord> {
      const overrides = input.overrides ?? {};
      const change = await changeFor(deps, { ...blankSession(input.channel), workspaceId: input.workspaceId }, { type: 'seeded', snapshot: input.snapshot, transcript: input.transcript });
      const session = await sessions.create(
        {
          workspaceId: input.workspaceId,
          agentId: input.agent.id,
          agentVersion: input.version,
          entryAgentId: input.agent.id,
          channel: input.channel,
          overrides,
          expiresAt: change.expiresAt ?? null,
        },
        { ...change, events: (created) => openingNotices(deps.notices, created) },
      );
      await deps.observer.started?.(session);
      return session;
    },

    /**
     * Return to the state after an assistant message of the current branch, or of any
     * other branch of the run: a new branch forks from that message and becomes current.
     */
    async rewind(sessionId: number, input: RewindInput): Promise<SessionRecord> {
      const { messageIndex, expectedRevision } = input;
      return deps.queue.run(sessionId, async () => {
        const session = await sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        if (expectedRevision !== undefined && expectedRevision !== session.revision) throw conflict('expected_revision is stale', 'revision_conflict');
        const branchId = input.branchId ?? session.currentBranch;
        if (branchId !== session.currentBranch && !(await sessions.branchSummaries(session)).some((b) => b.id === branchId)) {
          throw notFound(`Branch ${branchId} not found`);
        }
        const transcript = await sessions.transcript(session.id, branchId);
        const target = transcript[messageIndex];
        // Only a message a rewind can return to has a state to read; the aggregate refuses the others.
        const snapshot = target?.rewindable ? await sessions.messageSnapshot(target.id) : null;
        return sessions.commit(session, await changeFor(deps, session, { type: 'rewound', messageIndex, branchId, transcript, snapshot }));
      });
    },

    async end(sessionId: number, reason: EndedReason): Promise<SessionRecord> {
      return deps.queue.run(sessionId, async () => {
        const session = await sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        // A turn may have refreshed the session after the sweeper picked it: then it is not idle.
        if (reason === 'timeout' && (!session.expiresAt || session.expiresAt > new Date(clock.now()).toISOString())) return session;
        const saved = await sessions.commit(session, {
          ...(await changeFor(deps, session, { type: 'ended', reason })),
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
        const session = await sessions.get(sessionId);
        if (!session) throw notFound('Session not found');
        const saved = await sessions.commit(session, await changeFor(deps, session, { type: 'expired', reason }));
        await deps.turns.announce(session, saved);
        return saved;
      });
    },

    async feedback(session: SessionRecord, index: number, rating: 'up' | 'down', comment?: string): Promise<void> {
      const messages = await sessions.transcript(session.id, session.currentBranch);
      const message = messages[index];
      if (!message || message.role !== 'assistant') throw badRequest(`Message ${index} is not an assistant message of this conversation`, 'invalid_message_index');
      await sessions.setFeedback(message.id, { rating, comment });
    },
  };
}
