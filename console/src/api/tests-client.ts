/**
 * The agent tests API as the console's test pages use it: list (workspace, filtered, or an
 * agent's), create, read, update, folders, run one, run all of an agent, run a batch, watch a run,
 * read a test's runs, the suite's coverage and the 30-day stats.
 */
import {
  agentTestPageSchema,
  agentTestSchema,
  folderListSchema,
  folderSchema,
} from '../../../shared/api/agent-tests-api.ts';
import { testCoverageSchema, testRunListSchema, testRunPageSchema, testRunSchema, testStatsSchema } from '../../../shared/api/agent-test-runs-api.ts';
import type { HttpClient } from './http-client.ts';

/** The list's filters as `GET /v1/agents/tests` names them; empty ones are left out. */
export type TestListFilter = Partial<Record<'agent_id' | 'type' | 'status' | 'folder_id' | 'search', string | undefined>>;

/** `?type=reply&search=refund&limit=100&after=…`, empty filters dropped. */
export function testListQuery(filter: TestListFilter, after: string | null, limit = 100): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value?.trim()) search.set(key, value.trim());
  search.set('limit', String(limit));
  if (after) search.set('after', after);
  return `?${search.toString()}`;
}

export function createTestsClient(http: HttpClient) {
  const testPath = (id: string) => `/v1/agents/tests/${encodeURIComponent(id)}`;
  const folderPath = (id: string) => `/v1/agents/tests/folders/${encodeURIComponent(id)}`;
  return {
    page: (filter: TestListFilter, after: string | null) => http.get(`/v1/agents/tests${testListQuery(filter, after)}`, agentTestPageSchema),
    get: (id: string) => http.get(testPath(id), agentTestSchema),
    /** Creates a test attached to the agent (`POST /v1/agents/{id}/tests`). */
    create: (agentId: string, body: Record<string, unknown>) => http.post(`/v1/agents/${encodeURIComponent(agentId)}/tests`, body, agentTestSchema),
    update: (id: string, patch: Record<string, unknown>) => http.patch(testPath(id), patch, agentTestSchema),
    /** Files the test in a folder, or takes it out of any (`null`). */
    move: (id: string, folderId: string | null) => http.patch(testPath(id), folderId ? { folder_id: folderId } : { clear_folder_id: true }, agentTestSchema),
    folders: async () => (await http.get('/v1/agents/tests/folders', folderListSchema)).folders,
    createFolder: (name: string, parentId: string | null) => http.post('/v1/agents/tests/folders', { name, parent_id: parentId }, folderSchema),
    renameFolder: (id: string, name: string) => http.patch(folderPath(id), { name }, folderSchema),
    deleteFolder: (id: string) => http.write('DELETE', folderPath(id)),
    /** Queues a run against the test's own agent (its published version, else the latest draft). */
    run: (id: string) => http.post(`${testPath(id)}/runs`, {}, testRunSchema),
    /** Queues a run of every test attached to the agent. */
    runAgent: async (agentId: string) => (await http.post(`/v1/agents/${encodeURIComponent(agentId)}/tests/runs`, {}, testRunListSchema)).runs,
    /** Queues a run of each chosen test against the agent named with it. */
    runBatch: async (entries: readonly { test_id: string; agent_id: string }[]) =>
      (await http.post('/v1/agents/tests/runs/batch', { entries }, testRunListSchema)).runs,
    runStatus: (runId: string) => http.get(`/v1/agents/tests/runs/${encodeURIComponent(runId)}`, testRunSchema),
    /** The test's latest runs, newest first. */
    runsOf: async (testId: string, limit = 100) => (await http.get(`${testPath(testId)}/runs?limit=${limit}`, testRunPageSchema)).runs,
    /** The nodes and transitions the agent's tests' last runs went through (`GET /v1/agents/{id}/tests/coverage`). */
    coverage: (agentId: string) => http.get(`/v1/agents/${encodeURIComponent(agentId)}/tests/coverage`, testCoverageSchema),
    stats: (windowDays: number) => http.get(`/v1/agents/tests/stats?window_days=${windowDays}`, testStatsSchema),
  };
}

export type TestsClient = ReturnType<typeof createTestsClient>;
