/**
 * `/api/v1/sessions`: start a chat with an agent, send messages, end it — for
 * integrations written against other agent platforms. Same runtime as every channel
 * (sessions are calls on channel `api`); only the envelope differs: `{success: true, …}`
 * and failures as `{success: false, error}`, mapped here for these routes only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  endSessionResponseSchema,
  sessionFailureSchema,
  sessionMessageRequestSchema,
  sessionMessageResponseSchema,
  startSessionRequestSchema,
  startSessionResponseSchema,
} from '../../shared/api/sessions-api.ts';
import { callIdOf, parsePositiveInt, runIdOfCallId } from '../../shared/ids.ts';
import { DomainError, notFound } from '../errors.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { ApiKeysRepo } from '../storage/api-keys-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { SessionRecord } from '../storage/session-records.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import type { AppEnv } from './app-env.ts';
import { createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';
import { toHttpError } from './error-handler.ts';

const tags = ['Sessions (integrations)'];
const security = [{ apiKeyHeader: [] }, { bearerAuth: [] }];
const sessionParams = z.object({ session_id: z.string().min(1).max(40).describe('the call id (call_ + 8 digits) or the integer id') });
const failure = (description: string) => jsonContent(sessionFailureSchema, description);
const failures = { 400: failure('Invalid request'), 401: failure('Missing or invalid API key'), 404: failure('Not found or access denied'), 409: failure('The session has ended') };

const routes = {
  start: createRoute({ method: 'post', path: '/api/v1/sessions', tags, security, summary: 'Start a session (session_type "agent_chat")',
    request: { body: jsonBody(startSessionRequestSchema) }, responses: { 201: jsonContent(startSessionResponseSchema, 'The session, with the opening message'), ...failures } }),
  message: createRoute({ method: 'post', path: '/api/v1/sessions/{session_id}/messages', tags, security, summary: "Send a message; the answer is the agent's reply",
    request: { params: sessionParams, body: jsonBody(sessionMessageRequestSchema) }, responses: { 200: jsonContent(sessionMessageResponseSchema, 'The reply'), ...failures } }),
  end: createRoute({ method: 'post', path: '/api/v1/sessions/{session_id}/end', tags, security, summary: 'End the session',
    request: { params: sessionParams }, responses: { 200: jsonContent(endSessionResponseSchema, 'The ended session'), ...failures } }),
};

/** `{success: false, error}` with the status, message and headers the rest of the API would use. */
export function sessionsApiError(error: Error, c: Context<AppEnv>): Response {
  const http = toHttpError(error);
  if (http.logAs) c.get('logger')?.[http.logAs]({ err: error }, http.status >= 500 ? 'unhandled error' : 'request refused');
  for (const [name, value] of Object.entries(http.headers)) c.header(name, value);
  return c.json({ success: false as const, error: http.message }, http.status);
}

export interface SessionsApiDeps {
  repos: { apiKeys: ApiKeysRepo; agents: Pick<AgentsRepo, 'find'>; sessions: Pick<SessionsRepo, 'get' | 'transcript'> };
  runtime: { sessions: Pick<SessionService, 'start' | 'end'>; turns: Pick<TurnRunner, 'send'> };
}

export function createSessionsApiRoutes(deps: SessionsApiDeps) {
  const { repos, runtime } = deps;
  const app = createRouter();
  // Before the routes: `route()` wraps each route with the error handler set at that time.
  app.onError(sessionsApiError);
  const auth = apiKeyAuth({ apiKeys: repos.apiKeys });
  app.use('/api/v1/sessions', auth);
  app.use('/api/v1/sessions/*', auth);

  async function sessionOf(workspaceId: number, id: string): Promise<SessionRecord> {
    const runId = runIdOfCallId(id) ?? parsePositiveInt(id);
    const session = runId === undefined ? undefined : await repos.sessions.get(runId);
    if (!session || session.workspaceId !== workspaceId || session.channel !== 'api') throw notFound('Session not found or access denied');
    return session;
  }

  app.openapi(routes.start, async (c) => {
    const body = c.req.valid('json');
    if (body.session_type !== 'agent_chat') throw new DomainError('unsupported_session_type', `Unsupported session_type "${body.session_type}": only "agent_chat" is supported`);
    const agent = await repos.agents.find(c.var.workspaceId, body.agent_id);
    if (!agent) throw notFound('Agent not found or access denied');
    const { session } = await runtime.sessions.start({ workspaceId: c.var.workspaceId, agent, channel: 'api', metadata: body.metadata, signal: c.req.raw.signal });
    const opening = (await repos.sessions.transcript(session.id, session.currentBranch))[0];
    return c.json(
      {
        success: true as const,
        session: {
          session_id: callIdOf(session.id),
          agent_id: agent.publicId,
          agent_name: agent.config.name,
          session_type: 'agent_chat' as const,
          status: session.status,
          started_at: session.createdAt,
          metadata: session.metadata,
          first_message: opening?.content ?? '',
        },
        message: 'Session started successfully',
      },
      201,
    );
  });

  app.openapi(routes.message, async (c) => {
    const session = await sessionOf(c.var.workspaceId, c.req.valid('param').session_id);
    const reply = await runtime.turns.send({ sessionId: session.id, text: c.req.valid('json').content, signal: c.req.raw.signal });
    return c.json(
      {
        success: true as const,
        session_id: callIdOf(session.id),
        reply: { role: 'assistant' as const, content: reply.content, timestamp: reply.timestamp, ...(reply.choices ? { choices: reply.choices } : {}) },
        status: reply.session_status,
      },
      200,
    );
  });

  app.openapi(routes.end, async (c) => {
    const session = await sessionOf(c.var.workspaceId, c.req.valid('param').session_id);
    const ended = await runtime.sessions.end(session.id, 'api');
    return c.json({ success: true as const, session_id: callIdOf(ended.id), status: ended.status, message: 'Session ended successfully' }, 200);
  });

  return app;
}
