/** The agent tests API as the test JSON page uses it: read, update, run and watch a run. */
import { agentTestSchema } from '../../../shared/api/agent-tests-api.ts';
import { testRunSchema } from '../../../shared/api/agent-test-runs-api.ts';
import type { HttpClient } from './http-client.ts';

export function createTestsClient(http: HttpClient) {
  const testPath = (id: string) => `/v1/agents/tests/${encodeURIComponent(id)}`;
  return {
    get: (id: string) => http.get(testPath(id), agentTestSchema),
    update: (id: string, patch: Record<string, unknown>) => http.patch(testPath(id), patch, agentTestSchema),
    /** Queues a run against the test's own agent (its published version, else the latest draft). */
    run: (id: string) => http.post(`${testPath(id)}/runs`, {}, testRunSchema),
    runStatus: (runId: string) => http.get(`/v1/agents/tests/runs/${encodeURIComponent(runId)}`, testRunSchema),
  };
}

export type TestsClient = ReturnType<typeof createTestsClient>;
