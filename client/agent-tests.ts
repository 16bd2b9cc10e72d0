/** `/v1/agents/…/tests`: agent tests, their attachments to agents, and their folders. */
import type { AgentId } from './agents.ts';
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type {
  AgentTest,
  AgentTestList,
  AgentTestPage,
  Attachments,
  CreateFolderInput,
  CreateTestInput,
  Folder,
  FolderList,
  TestFromCallInput,
  TestListQuery,
  UpdateFolderInput,
  UpdateTestInput,
} from './types.ts';

function foldersApi(http: Transport) {
  const params = (folderId: string) => ({ folder_id: folderId });
  return {
    /** Flat, with `parent_id` and `depth`. */
    list: (options?: RequestOptions) => http.json<FolderList>('GET /v1/agents/tests/folders', { options }),
    create: (body: CreateFolderInput, options?: RequestOptions) => http.json<Folder>('POST /v1/agents/tests/folders', { body, options }),
    get: (folderId: string, options?: RequestOptions) => http.json<Folder>('GET /v1/agents/tests/folders/{folder_id}', { params: params(folderId), options }),
    /** Rename, or move (`parent_id: null` to the top level). */
    update: (folderId: string, body: UpdateFolderInput, options?: RequestOptions) =>
      http.json<Folder>('PATCH /v1/agents/tests/folders/{folder_id}', { params: params(folderId), body, options }),
    /** Only a folder without subfolders; its tests become unfiled. */
    delete: (folderId: string, options?: RequestOptions) => http.none('DELETE /v1/agents/tests/folders/{folder_id}', { params: params(folderId), options }),
  };
}

export function agentTestsApi(http: Transport) {
  const page = (query: TestListQuery = {}, options?: RequestOptions) => http.json<AgentTestPage>('GET /v1/agents/tests', { query, options });
  return {
    /** Every test of the workspace matching the filters, newest first, with its last run. */
    list: (query: TestListQuery = {}, options?: RequestOptions): Paginated<AgentTest> =>
      paginate(http, 'GET /v1/agents/tests', (after) => page({ ...query, after }, options), (answer) => answer.tests, query.after),
    page,
    /** A `reply`, `tool` or `simulation` test; its `config` must fit its `type`. */
    create: (agentId: AgentId, body: CreateTestInput, options?: RequestOptions) => http.json<AgentTest>('POST /v1/agents/{id}/tests', { params: { id: agentId }, body, options }),
    /** The tests attached to an agent, oldest first. */
    forAgent: (agentId: AgentId, options?: RequestOptions) => http.json<AgentTestList>('GET /v1/agents/{id}/tests', { params: { id: agentId }, options }),
    get: (testId: string, options?: RequestOptions) => http.json<AgentTest>('GET /v1/agents/tests/{test_id}', { params: { test_id: testId }, options }),
    /** `config` is replaced whole; `clear_folder_id: true` unfiles the test. */
    update: (testId: string, patch: UpdateTestInput, options?: RequestOptions) =>
      http.json<AgentTest>('PATCH /v1/agents/tests/{test_id}', { params: { test_id: testId }, body: patch, options }),
    /** Deletes the test and its runs. */
    delete: (testId: string, options?: RequestOptions) => http.none('DELETE /v1/agents/tests/{test_id}', { params: { test_id: testId }, options }),
    attachments: (testId: string, options?: RequestOptions) => http.json<Attachments>('GET /v1/agents/tests/{test_id}/attachments', { params: { test_id: testId }, options }),
    attach: (testId: string, agentId: AgentId, options?: RequestOptions) =>
      http.json<Attachments>('POST /v1/agents/tests/{test_id}/attachments/{agent_id}', { params: { test_id: testId, agent_id: agentId }, options }),
    /** Not from the test's own agent (409). */
    detach: (testId: string, agentId: AgentId, options?: RequestOptions) =>
      http.json<Attachments>('DELETE /v1/agents/tests/{test_id}/attachments/{agent_id}', { params: { test_id: testId, agent_id: agentId }, options }),
    /** A finished call becomes a simulation test seeded with its transcript. */
    fromCall: (callId: string, body?: TestFromCallInput, options?: RequestOptions) => http.json<AgentTest>('POST /v1/calls/{call_id}/test', { params: { call_id: callId }, body, options }),
    folders: foldersApi(http),
  };
}
