/**
 * Throwaway test sessions (`/v1/test/voice`, DESIGN §5): a session of channel `test`
 * named `test_<workspace>_<ms>_<n>`, with optional prompt overrides and tool mocks. A
 * session idle for 3 minutes has expired, and so has one its caller deleted: it answers
 * 404 like one that never existed. One the agent ended is still there, and says so.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { TEST_SESSION_ID_PATTERN, type startTestSessionSchema, type testSessionSchema, type TestMessageResponse } from '../../shared/api/test-sessions-api.ts';
import { callIdOf, parsePositiveInt, runIdOfCallId } from '../../shared/ids.ts';
import type { Clock } from '../clock.ts';
import { badRequest, notFound } from '../errors.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { AgentOverrides } from '../sessions/workflow-loader.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { defaultTestVersion } from './default-test-version.ts';

export type TestSessions = ReturnType<typeof createTestSessions>;

const NOT_A_TEST_SESSION = 'Not a test session';

export function createTestSessions(deps: { store: Pick<SessionsRepo, 'get' | 'getByPublicKey' | 'transcript'>; agents: Pick<AgentsRepo, 'find'>; sessions: SessionService; turns: TurnRunner; clock: Clock }) {
  const { store, agents, clock } = deps;

  // DELETE expires a session at once (`sessions.expire`); ended sessions otherwise have no expiry.
  const expired = (session: SessionRecord) =>
    session.endedReason === 'timeout' || (session.expiresAt !== null && session.expiresAt <= new Date(clock.now()).toISOString());

  /** The caller's test session; `missing` is the 404 message of the route asking. */
  async function find(workspaceId: number, sessionId: string, missing: string): Promise<SessionRecord> {
    let session: SessionRecord | undefined;
    if (TEST_SESSION_ID_PATTERN.test(sessionId)) {
      session = await store.getByPublicKey(sessionId);
    } else {
      // A call id or run id of an ordinary session names something, just not a test session.
      const runId = runIdOfCallId(sessionId) ?? parsePositiveInt(sessionId);
      if (runId === undefined) throw badRequest(NOT_A_TEST_SESSION, 'not_a_test_session');
      session = await store.get(runId);
    }
    if (!session || session.workspaceId !== workspaceId) throw notFound(missing);
    if (session.channel !== 'test') throw badRequest(NOT_A_TEST_SESSION, 'not_a_test_session');
    return session;
  }

  return {
    async start(workspaceId: number, input: z.infer<typeof startTestSessionSchema>, signal: AbortSignal): Promise<z.infer<typeof testSessionSchema>> {
      const agent = await agents.find(workspaceId, String(input.agent_id));
      if (!agent) throw notFound('Agent not found');
      const overrides: AgentOverrides & Record<string, unknown> = {
        ...(input.system_prompt !== undefined ? { system_prompt: input.system_prompt } : {}),
        ...(input.first_message !== undefined ? { first_message: input.first_message } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.tool_mock_config ? { tool_mock_config: input.tool_mock_config } : {}),
      };
      const publicKey = `test_${workspaceId}_${clock.now()}_${randomInt(1_000_000_000)}`;
      const version = input.version ?? defaultTestVersion(agent);
      const { session } = await deps.sessions.start({
        workspaceId,
        agent,
        channel: 'test',
        overrides,
        publicKey,
        variables: input.variables ?? {},
        ...(version !== undefined ? { version } : {}),
        signal,
      });
      const [opening] = await store.transcript(session.id, session.currentBranch);
      return { session_id: publicKey, greeting: opening?.content ?? '', call_id: callIdOf(session.id), workflow_run_id: session.id };
    },

    async message(workspaceId: number, sessionId: string, text: unknown, signal: AbortSignal): Promise<TestMessageResponse> {
      if (typeof text !== 'string' || text.trim() === '') throw badRequest('text required', 'text_required');
      const session = await find(workspaceId, sessionId, 'Session not found or expired');
      if (expired(session)) {
        // Expiry is data: end it now rather than wait for the sweeper.
        if (session.status !== 'ended') await deps.sessions.end(session.id, 'timeout');
        throw notFound('Session not found or expired');
      }
      if (session.status !== 'active') return { response: '', session_ended: true };
      const reply = await deps.turns.send({ sessionId: session.id, text: text.trim(), signal });
      return { response: reply.content, session_ended: reply.session_status !== 'active', ...(reply.sources ? { sources: reply.sources } : {}) };
    },

    async end(workspaceId: number, sessionId: string): Promise<{ message: 'Test session ended' }> {
      const session = await find(workspaceId, sessionId, 'Session not found');
      if (expired(session)) throw notFound('Session not found');
      await deps.sessions.expire(session.id, 'api');
      return { message: 'Test session ended' };
    },
  };
}
