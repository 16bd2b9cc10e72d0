/** Agent test runs: queue them, read them, and the pass/fail statistics. */
import type { AgentId } from './agents.ts';
import type { RequestOptions, Transport } from './transport.ts';
import { paginate, type Paginated } from './paginate.ts';
import type { BatchRunsInput, RunListQuery, StartAgentRunsInput, StartRunInput, TestCoverage, TestCoverageQuery, TestRun, TestRunList, TestRunPage, TestStats, TestStatsQuery } from './types.ts';

export function testRunsApi(http: Transport) {
  const page = (testId: string, query: RunListQuery = {}, options?: RequestOptions) =>
    http.json<TestRunPage>('GET /v1/agents/tests/{test_id}/runs', { params: { test_id: testId }, query, options });
  return {
    /** Every run of a test, newest first, across pages. */
    list: (testId: string, query: RunListQuery = {}, options?: RequestOptions): Paginated<TestRun> =>
      paginate(http, 'GET /v1/agents/tests/{test_id}/runs', (after) => page(testId, { ...query, after }, options), (answer) => answer.runs, query.after),
    /** One page of a test's runs, newest first. */
    page,
    /** Queues a run of one test (default: against the test's own agent); it answers `queued`. */
    start: (testId: string, body?: StartRunInput, options?: RequestOptions) => http.json<TestRun>('POST /v1/agents/tests/{test_id}/runs', { params: { test_id: testId }, body, options }),
    /** Queues a run of every test attached to an agent. */
    startForAgent: (agentId: AgentId, body?: StartAgentRunsInput, options?: RequestOptions) =>
      http.json<TestRunList>('POST /v1/agents/{id}/tests/runs', { params: { id: agentId }, body, options }),
    /** Queues runs of many tests; an entry without `agent_id` runs against every attached agent. */
    startBatch: (body: BatchRunsInput, options?: RequestOptions) => http.json<TestRunList>('POST /v1/agents/tests/runs/batch', { body, options }),
    /** A run with its result once it is `passed`, `failed` or `error`. */
    get: (runId: string, options?: RequestOptions) => http.json<TestRun>('GET /v1/agents/tests/runs/{run_id}', { params: { run_id: runId }, options }),
    /** Nodes and transitions the last run of each of the agent's tests went through, and the nodes none reached. */
    coverage: (agentId: AgentId, query: TestCoverageQuery = {}, options?: RequestOptions) =>
      http.json<TestCoverage>('GET /v1/agents/{id}/tests/coverage', { params: { id: agentId }, query, options }),
    /** Pass/fail/error counts per day over `window_days` (default 7). */
    stats: (query: TestStatsQuery = {}, options?: RequestOptions) => http.json<TestStats>('GET /v1/agents/tests/stats', { query, options }),
  };
}
