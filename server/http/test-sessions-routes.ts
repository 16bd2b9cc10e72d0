/** `/v1/test/voice`: throwaway test sessions (DESIGN §5). */
import { createRoute, z } from '@hono/zod-openapi';
import {
  startTestSessionSchema,
  testMessageRequestSchema,
  testMessageResponseSchema,
  testSessionEndedSchema,
  testSessionSchema,
} from '../../shared/api/test-sessions-api.ts';
import type { TestSessions } from '../testing/test-sessions.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Test sessions'];
const sessionParams = z.object({ session_id: z.string().min(1).max(100).describe('test_<workspace>_<ms>_<n>') });

const routes = {
  start: createRoute({ method: 'post', path: '/v1/test/voice', tags, security: apiKeySecurity,
    summary: 'Start a test session (tools answer {"skipped":true} unless tool_mock_config is given)',
    request: { body: jsonBody(startTestSessionSchema) },
    responses: { 201: jsonContent(testSessionSchema, 'The session id and the greeting'), ...commonErrors, ...conflictError } }),
  message: createRoute({ method: 'post', path: '/v1/test/voice/{session_id}/message', tags, security: apiKeySecurity,
    summary: 'Send a message; an ended session answers {response:"", session_ended:true}',
    request: { params: sessionParams, body: jsonBody(testMessageRequestSchema) },
    responses: { 200: jsonContent(testMessageResponseSchema, "The agent's response"), ...commonErrors } }),
  end: createRoute({ method: 'delete', path: '/v1/test/voice/{session_id}', tags, security: apiKeySecurity,
    summary: 'End a test session', request: { params: sessionParams },
    responses: { 200: jsonContent(testSessionEndedSchema, 'Ended'), ...commonErrors } }),
};

export function createTestSessionsRoutes(deps: { testSessions: TestSessions }) {
  const app = createRouter();

  app.openapi(routes.start, async (c) => c.json(await deps.testSessions.start(c.var.workspaceId, c.req.valid('json'), c.req.raw.signal), 201));

  app.openapi(routes.message, async (c) => {
    const { text } = c.req.valid('json');
    return c.json(await deps.testSessions.message(c.var.workspaceId, c.req.valid('param').session_id, text, c.req.raw.signal), 200);
  });

  app.openapi(routes.end, async (c) => c.json(await deps.testSessions.end(c.var.workspaceId, c.req.valid('param').session_id), 200));

  return app;
}
