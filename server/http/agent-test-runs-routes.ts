/**
 * Agent test runs: queue one test, every test of an agent, or a batch; read a run or a
 * test's runs; and the workspace's stats. Queueing answers 202 with `queued` runs at once.
 * Mounted before the tests routes: `/v1/agents/tests/runs/…` and `/stats` are fixed paths.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  batchRunsSchema,
  runListQuerySchema,
  coverageQuerySchema,
  startAgentRunsSchema,
  startRunSchema,
  statsQuerySchema,
  testRunListSchema,
  testRunPageSchema,
  testRunSchema,
  testCoverageSchema,
  testStatsSchema,
} from '../../shared/api/agent-test-runs-api.ts';
import type { TestRunsService } from '../testing/test-runs-service.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Agent test runs'];
const security = apiKeySecurity;

const routes = {
  stats: createRoute({ method: 'get', path: '/v1/agents/tests/stats', tags, security, summary: 'Pass/fail/error counts per day over a window, totals and per type',
    request: { query: statsQuerySchema }, responses: { 200: jsonContent(testStatsSchema, 'Statistics'), ...commonErrors } }),
  batch: createRoute({ method: 'post', path: '/v1/agents/tests/runs/batch', tags, security,
    summary: 'Queue runs for many tests; an entry without agent_id runs against every attached agent (100 runs at most)',
    request: { body: jsonBody(batchRunsSchema) }, responses: { 202: jsonContent(testRunListSchema, 'The queued runs'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/agents/tests/runs/{run_id}', tags, security, summary: 'Get a run with its result',
    request: { params: z.object({ run_id: z.string().min(1).max(64).describe('run_ + ULID') }) },
    responses: { 200: jsonContent(testRunSchema, 'The run'), ...commonErrors } }),
  runTest: createRoute({ method: 'post', path: '/v1/agents/tests/{test_id}/runs', tags, security, summary: "Queue a run of a test (default: against the test's own agent)",
    request: { params: z.object({ test_id: z.string().min(1).max(64) }), body: { ...jsonBody(startRunSchema), required: false } },
    responses: { 202: jsonContent(testRunSchema, 'The queued run'), ...commonErrors } }),
  forTest: createRoute({ method: 'get', path: '/v1/agents/tests/{test_id}/runs', tags, security, summary: "A test's runs, newest first",
    request: { params: z.object({ test_id: z.string().min(1).max(64) }), query: runListQuerySchema },
    responses: { 200: jsonContent(testRunPageSchema, 'A page of runs, newest first'), ...commonErrors } }),
  runAgent: createRoute({ method: 'post', path: '/v1/agents/{id}/tests/runs', tags, security, summary: 'Queue a run of every test attached to an agent (50 at most)',
    request: { params: z.object({ id: z.string().min(1).max(64) }), body: { ...jsonBody(startAgentRunsSchema), required: false } },
    responses: { 202: jsonContent(testRunListSchema, 'The queued runs'), ...commonErrors } }),
  coverage: createRoute({ method: 'get', path: '/v1/agents/{id}/tests/coverage', tags, security,
    summary: "Nodes and transitions the last run of each of the agent's tests went through, and the nodes none reached",
    request: { params: z.object({ id: z.string().min(1).max(64) }), query: coverageQuerySchema },
    responses: { 200: jsonContent(testCoverageSchema, 'Coverage'), ...commonErrors } }),
};

export function createAgentTestRunsRoutes(deps: { runs: TestRunsService }) {
  const { runs } = deps;
  const app = createRouter();

  app.openapi(routes.stats, async (c) => c.json(await runs.stats(c.var.workspaceId, c.req.valid('query').window_days), 200));
  app.openapi(routes.batch, async (c) => c.json({ runs: await runs.runBatch(c.var.workspaceId, c.req.valid('json').entries) }, 202));
  app.openapi(routes.get, async (c) => c.json(await runs.get(c.var.workspaceId, c.req.valid('param').run_id), 200));
  app.openapi(routes.runTest, async (c) => c.json(await runs.runTest(c.var.workspaceId, c.req.valid('param').test_id, c.req.valid('json') ?? {}), 202));
  app.openapi(routes.forTest, async (c) => c.json(await runs.listForTest(c.var.workspaceId, c.req.valid('param').test_id, c.req.valid('query')), 200));
  app.openapi(routes.coverage, async (c) => c.json(await runs.coverage(c.var.workspaceId, c.req.valid('param').id, c.req.valid('query').version), 200));
  app.openapi(routes.runAgent, async (c) => c.json({ runs: await runs.runAgent(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json') ?? {}) }, 202));

  return app;
}
