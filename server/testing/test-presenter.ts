/** API shapes of tests, runs and folders, with the lookups they need done in bulk. */
import type { AgentTestResponse, FolderResponse } from '../../shared/api/agent-tests-api.ts';
import type { TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import type { AgentTestRecord, FolderRecord, StartState, TestRunRecord } from '../storage/agent-test-records.ts';
import type { AgentTestFoldersRepo } from '../storage/agent-test-folders-repo.ts';
import type { AgentTestsRepo } from '../storage/agent-tests-repo.ts';

/** What presenting tests and runs reads: the tests' agents, last runs and folders. */
export interface TestPresenterPorts {
  agentTests: Pick<AgentTestsRepo, 'attachedAgents' | 'agentPublicIds' | 'lastRuns'>;
  agentTestFolders: Pick<AgentTestFoldersRepo, 'list'>;
}
type Repos = TestPresenterPorts;

function startFromSummary(state: StartState | null): AgentTestResponse['start_from'] {
  if (state === null) return null;
  const { call_id, branch_id, message_index, agent_version, node } = state;
  return { call_id, branch_id, message_index, agent_version, node, messages: state.transcript.length };
}

/** Present tests of one workspace: 4 queries whatever their number. */
export async function presentTests(repos: Repos, workspaceId: number, tests: readonly AgentTestRecord[]): Promise<AgentTestResponse[]> {
  const ids = tests.map((test) => test.id);
  const [attached, owners, lastRuns, folders] = await Promise.all([
    repos.agentTests.attachedAgents(ids),
    repos.agentTests.agentPublicIds(tests.map((test) => test.agentId)),
    repos.agentTests.lastRuns(ids),
    tests.some((test) => test.folderId !== null) ? repos.agentTestFolders.list(workspaceId) : Promise.resolve([]),
  ]);
  const folderIds = new Map(folders.map((folder) => [folder.id, folder.publicId]));
  return tests.map((test) => {
    const last = lastRuns.get(test.id);
    return {
      id: test.publicId,
      agent_id: owners.get(test.agentId) ?? '',
      name: test.name,
      description: test.description,
      type: test.definition.type,
      config: test.definition.config,
      variables: test.variables,
      folder_id: test.folderId === null ? null : (folderIds.get(test.folderId) ?? null),
      tool_mock_config: test.toolMockConfig,
      repeat: test.repeat,
      pass_threshold: test.passThreshold,
      start_from: startFromSummary(test.startState),
      attached_agent_ids: (attached.get(test.id) ?? []).map((agent) => agent.publicId),
      last_run: last ? { id: last.publicId, status: last.status, completed_at: last.completedAt } : null,
      created_at: test.createdAt,
      updated_at: test.updatedAt,
    };
  });
}

export async function presentTest(repos: Repos, test: AgentTestRecord): Promise<AgentTestResponse> {
  const [presented] = await presentTests(repos, test.workspaceId, [test]);
  if (!presented) throw new Error('presenting a test gave nothing');
  return presented;
}

export async function presentRuns(repos: Repos, runs: readonly TestRunRecord[]): Promise<TestRunResponse[]> {
  const agents = await repos.agentTests.agentPublicIds(runs.map((run) => run.agentId));
  return runs.map((run) => ({
    id: run.publicId,
    test_id: run.definition.test_id,
    agent_id: agents.get(run.agentId) ?? '',
    agent_version: run.agentVersion,
    status: run.status,
    passed: run.passed,
    rationale: run.rationale,
    error: run.error,
    result: run.result,
    duration_ms: run.durationMs,
    created_at: run.createdAt,
    started_at: run.startedAt,
    completed_at: run.completedAt,
  }));
}

export async function presentRun(repos: Repos, run: TestRunRecord): Promise<TestRunResponse> {
  const [presented] = await presentRuns(repos, [run]);
  if (!presented) throw new Error('presenting a run gave nothing');
  return presented;
}

/** Depth of every folder (1 = top level), from the whole tree of a workspace. */
export function folderDepths(folders: readonly FolderRecord[]): Map<number, number> {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const depths = new Map<number, number>();
  const depthOf = (folder: FolderRecord, seen: Set<number>): number => {
    const known = depths.get(folder.id);
    if (known !== undefined) return known;
    const parent = folder.parentId === null ? undefined : byId.get(folder.parentId);
    // `seen` guards against a cycle in a hand-edited database.
    const depth = parent && !seen.has(parent.id) ? depthOf(parent, seen.add(folder.id)) + 1 : 1;
    depths.set(folder.id, depth);
    return depth;
  };
  for (const folder of folders) depthOf(folder, new Set());
  return depths;
}

function toFolderResponse(folder: FolderRecord, publicIds: ReadonlyMap<number, string>, depths: ReadonlyMap<number, number>): FolderResponse {
  return {
    id: folder.publicId,
    name: folder.name,
    parent_id: folder.parentId === null ? null : (publicIds.get(folder.parentId) ?? null),
    depth: depths.get(folder.id) ?? 1,
    created_at: folder.createdAt,
    updated_at: folder.updatedAt,
  };
}

/** Present every folder of a workspace's tree, walking the tree once for all of them. */
export function presentFolders(folders: readonly FolderRecord[]): FolderResponse[] {
  const depths = folderDepths(folders);
  const publicIds = new Map(folders.map((folder) => [folder.id, folder.publicId]));
  return folders.map((folder) => toFolderResponse(folder, publicIds, depths));
}

/** Present one folder; its depth needs `folders`, the workspace's whole tree. */
export function presentFolder(folder: FolderRecord, folders: readonly FolderRecord[]): FolderResponse {
  return toFolderResponse(folder, new Map(folders.map((f) => [f.id, f.publicId])), folderDepths(folders));
}
