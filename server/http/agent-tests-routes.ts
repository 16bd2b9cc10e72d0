/**
 * Agent tests: `POST/GET /v1/agents/{id}/tests`, `GET /v1/agents/tests` (the workspace's
 * tests, filtered and paginated), `GET/PATCH/DELETE /v1/agents/tests/{test_id}`, the
 * test's agent attachments, and `POST /v1/calls/{call_id}/test`.
 * Mounted after the runs and folders routes, whose fixed paths `{test_id}` would match.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  agentTestListSchema,
  agentTestPageSchema,
  agentTestSchema,
  attachmentsSchema,
  createTestSchema,
  testFromCallSchema,
  testListQuerySchema,
  updateTestSchema,
} from '../../shared/api/agent-tests-api.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { AgentTestService } from '../testing/agent-test-service.ts';
import { createTestFromCall } from '../testing/test-from-call.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Agent tests'];
const security = apiKeySecurity;
const agentParams = z.object({ id: z.string().min(1).max(64).describe('agent_xxxxxxxx or the integer id') });
const testParams = z.object({ test_id: z.string().min(1).max(64).describe('test_ + ULID') });
const attachmentParams = testParams.extend({ agent_id: z.string().min(1).max(64) });
const callParams = z.object({ call_id: z.string().min(1).max(64).describe('call_xxxxxxxx or the workflow_run_id') });

const routes = {
  list: createRoute({ method: 'get', path: '/v1/agents/tests', tags, security, summary: "List the workspace's tests with their last run",
    request: { query: testListQuerySchema }, responses: { 200: jsonContent(agentTestPageSchema, 'A page of tests, newest first'), ...commonErrors } }),
  create: createRoute({ method: 'post', path: '/v1/agents/{id}/tests', tags, security, summary: 'Create a reply, tool or simulation test for an agent',
    request: { params: agentParams, body: jsonBody(createTestSchema) }, responses: { 201: jsonContent(agentTestSchema, 'The test'), ...commonErrors } }),
  forAgent: createRoute({ method: 'get', path: '/v1/agents/{id}/tests', tags, security, summary: 'The tests attached to an agent',
    request: { params: agentParams }, responses: { 200: jsonContent(agentTestListSchema, 'Tests, oldest first'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/agents/tests/{test_id}', tags, security, summary: 'Get a test',
    request: { params: testParams }, responses: { 200: jsonContent(agentTestSchema, 'The test'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: '/v1/agents/tests/{test_id}', tags, security, summary: 'Update a test (config is replaced whole; clear_folder_id unfiles it)',
    request: { params: testParams, body: jsonBody(updateTestSchema) }, responses: { 200: jsonContent(agentTestSchema, 'The test'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path: '/v1/agents/tests/{test_id}', tags, security, summary: 'Delete a test and its runs',
    request: { params: testParams }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
  attachments: createRoute({ method: 'get', path: '/v1/agents/tests/{test_id}/attachments', tags, security, summary: 'The agents a test is attached to',
    request: { params: testParams }, responses: { 200: jsonContent(attachmentsSchema, 'Attached agents'), ...commonErrors } }),
  attach: createRoute({ method: 'post', path: '/v1/agents/tests/{test_id}/attachments/{agent_id}', tags, security, summary: 'Attach a test to another agent',
    request: { params: attachmentParams }, responses: { 200: jsonContent(attachmentsSchema, 'Attached agents'), ...commonErrors } }),
  detach: createRoute({ method: 'delete', path: '/v1/agents/tests/{test_id}/attachments/{agent_id}', tags, security, summary: 'Detach a test from an agent (not from its own)',
    request: { params: attachmentParams }, responses: { 200: jsonContent(attachmentsSchema, 'Attached agents'), ...commonErrors, ...conflictError } }),
  fromCall: createRoute({ method: 'post', path: '/v1/calls/{call_id}/test', tags, security, summary: 'Turn a finished call into a simulation test seeded with its transcript',
    request: { params: callParams, body: { ...jsonBody(testFromCallSchema), required: false } },
    responses: { 201: jsonContent(agentTestSchema, 'The new simulation test'), ...commonErrors, ...conflictError } }),
};

export function createAgentTestsRoutes(deps: { tests: AgentTestService; sessions: Pick<SessionsRepo, 'get' | 'transcript'>; agents: Pick<AgentsRepo, 'findById'> }) {
  const { tests } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json(await tests.list(c.var.workspaceId, c.req.valid('query')), 200));
  app.openapi(routes.create, async (c) => c.json(await tests.create(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json')), 201));
  app.openapi(routes.forAgent, async (c) => c.json({ tests: await tests.forAgent(c.var.workspaceId, c.req.valid('param').id) }, 200));
  app.openapi(routes.get, async (c) => c.json(await tests.get(c.var.workspaceId, c.req.valid('param').test_id), 200));
  app.openapi(routes.update, async (c) => c.json(await tests.update(c.var.workspaceId, c.req.valid('param').test_id, c.req.valid('json')), 200));
  app.openapi(routes.remove, async (c) => {
    await tests.remove(c.var.workspaceId, c.req.valid('param').test_id);
    return c.body(null, 204);
  });
  app.openapi(routes.attachments, async (c) => c.json(await tests.attachments(c.var.workspaceId, c.req.valid('param').test_id), 200));
  app.openapi(routes.attach, async (c) => {
    const { test_id, agent_id } = c.req.valid('param');
    return c.json(await tests.attach(c.var.workspaceId, test_id, agent_id), 200);
  });
  app.openapi(routes.detach, async (c) => {
    const { test_id, agent_id } = c.req.valid('param');
    return c.json(await tests.detach(c.var.workspaceId, test_id, agent_id), 200);
  });
  app.openapi(routes.fromCall, async (c) => {
    const test = await createTestFromCall({ sessions: deps.sessions, agents: deps.agents, tests }, c.var.workspaceId, c.req.valid('param').call_id, c.req.valid('json') ?? {});
    return c.json(test, 201);
  });

  return app;
}
