/**
 * Agent test use cases: create, read, update and delete tests, list them across the
 * workspace, and attach them to agents. Configs are checked against their type's schema
 * on the way in; a test stays attached to the agent it was created for.
 */
import { ZodError, type z } from 'zod';
import { parseTypedConfig, type TestType, type TypedTestConfig } from '../../shared/api/agent-test-config.ts';
import type { AgentTestResponse, CreateTestInput, testListQuerySchema, UpdateTestInput } from '../../shared/api/agent-tests-api.ts';
import { badRequest, conflict, DomainError, notFound } from '../errors.ts';
import { describeZodError, describeZodIssues } from '../../shared/describe-zod-error.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { AgentTestRecord } from '../storage/agent-test-records.ts';
import type { AgentTestPatch } from '../storage/agent-tests-repo.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { AgentTestsRepo } from '../storage/agent-tests-repo.ts';
import type { FolderService } from './folder-service.ts';
import { presentTest, presentTests, type TestPresenterPorts } from './test-presenter.ts';
import { keysetPage } from '../storage/keyset-page.ts';
import { captureStartState, type StartStatePorts } from './start-state.ts';

/** The storage the test catalogue uses. */
type Repos = TestPresenterPorts & {
  agents: Pick<AgentsRepo, 'find'>;
  agentTests: Pick<AgentTestsRepo, 'find' | 'attachedAgents' | 'create' | 'update' | 'remove' | 'forAgent' | 'list' | 'attach' | 'detach'>;
  sessions: StartStatePorts;
};

/** A test that starts from a stored state goes on from there: it has no history of its own to replay. */
function refuseHistoryWithStart(definition: TypedTestConfig): void {
  const history = definition.type === 'simulation' ? definition.config.initial_chat_history : typeof definition.config.context === 'string' ? [] : definition.config.context.initial_chat_history;
  if (history.length > 0) throw badRequest('A test with start_from takes its history from that conversation: leave initial_chat_history empty', 'invalid_request');
}

export type AgentTestService = ReturnType<typeof createAgentTestService>;

/** A config that does not fit its type is the client's mistake: a 400 naming each field (`details`), which forms show at the field. */
export function parseConfigOrThrow(type: TestType, config: unknown): TypedTestConfig {
  try {
    return parseTypedConfig(type, config);
  } catch (error) {
    if (error instanceof ZodError) throw new DomainError('invalid_request', describeZodError(error, 'body.config'), {}, { details: describeZodIssues(error, 'body.config') });
    throw error;
  }
}

export function createAgentTestService(deps: { repos: Repos; folders: FolderService }) {
  const { repos } = deps;

  async function requireAgent(workspaceId: number, ref: string): Promise<AgentRecord> {
    const agent = await repos.agents.find(workspaceId, ref);
    if (!agent) throw notFound('Agent not found');
    return agent;
  }

  async function require(workspaceId: number, testId: string): Promise<AgentTestRecord> {
    const test = await repos.agentTests.find(workspaceId, testId);
    if (!test) throw notFound('Test not found');
    return test;
  }

  async function attachments(test: AgentTestRecord) {
    const attached = (await repos.agentTests.attachedAgents([test.id])).get(test.id) ?? [];
    return { test_id: test.publicId, agent_ids: attached.map((agent) => agent.publicId) };
  }

  return {
    requireAgent,
    require,

    async create(workspaceId: number, agentRef: string, input: CreateTestInput): Promise<AgentTestResponse> {
      const agent = await requireAgent(workspaceId, agentRef);
      const definition = parseConfigOrThrow(input.type, input.config);
      const folder = input.folder_id ? await deps.folders.require(workspaceId, input.folder_id) : undefined;
      if (input.start_from) refuseHistoryWithStart(definition);
      const startState = input.start_from ? await captureStartState(repos.sessions, workspaceId, agent.id, input.start_from) : null;
      const test = await repos.agentTests.create({
        workspaceId,
        agentId: agent.id,
        name: input.name,
        description: input.description,
        definition,
        variables: input.variables,
        folderId: folder?.id ?? null,
        toolMockConfig: input.tool_mock_config ?? null,
        repeat: input.repeat,
        passThreshold: input.pass_threshold,
        startState,
      });
      return presentTest(repos, test);
    },

    async get(workspaceId: number, testId: string): Promise<AgentTestResponse> {
      return presentTest(repos, await require(workspaceId, testId));
    },

    async update(workspaceId: number, testId: string, input: UpdateTestInput): Promise<AgentTestResponse> {
      const test = await require(workspaceId, testId);
      const type = input.type ?? test.definition.type;
      if (type !== test.definition.type && input.config === undefined) throw badRequest(`Changing the type to "${type}" needs a config of that type`, 'invalid_request');
      const definition = input.config !== undefined ? parseConfigOrThrow(type, input.config) : undefined;
      const starts = input.start_from === undefined ? test.startState !== null : input.start_from !== null;
      if (starts) refuseHistoryWithStart(definition ?? test.definition);
      const startState = input.start_from ? await captureStartState(repos.sessions, workspaceId, test.agentId, input.start_from) : input.start_from;
      const patch: AgentTestPatch = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(definition !== undefined ? { definition } : {}),
        ...(input.variables !== undefined ? { variables: input.variables } : {}),
        ...(input.tool_mock_config !== undefined ? { toolMockConfig: input.tool_mock_config } : {}),
        ...(input.repeat !== undefined ? { repeat: input.repeat } : {}),
        ...(input.pass_threshold !== undefined ? { passThreshold: input.pass_threshold } : {}),
        ...(startState !== undefined ? { startState } : {}),
        ...(input.clear_folder_id ? { folderId: null } : {}),
        ...(input.folder_id !== undefined ? { folderId: (await deps.folders.require(workspaceId, input.folder_id)).id } : {}),
      };
      return presentTest(repos, await repos.agentTests.update(test, patch));
    },

    async remove(workspaceId: number, testId: string): Promise<void> {
      await repos.agentTests.remove(await require(workspaceId, testId));
    },

    async forAgent(workspaceId: number, agentRef: string): Promise<AgentTestResponse[]> {
      const agent = await requireAgent(workspaceId, agentRef);
      return presentTests(repos, workspaceId, await repos.agentTests.forAgent(agent.id));
    },

    async list(workspaceId: number, query: z.infer<typeof testListQuerySchema>): Promise<{ tests: AgentTestResponse[]; next_cursor: string | null }> {
      const agent = query.agent_id ? await requireAgent(workspaceId, query.agent_id) : undefined;
      const folder = query.folder_id ? await deps.folders.require(workspaceId, query.folder_id) : undefined;
      const page = await repos.agentTests.list(workspaceId, {
        agentId: agent?.id,
        type: query.type,
        lastStatus: query.status,
        folderId: folder?.id,
        search: query.search,
        limit: query.limit + 1,
        after: query.after === undefined ? undefined : Number(query.after),
      });
      const { items, nextCursor } = keysetPage(page, query.limit, (test) => String(test.id));
      return { tests: await presentTests(repos, workspaceId, items), next_cursor: nextCursor };
    },

    async attachments(workspaceId: number, testId: string) {
      return attachments(await require(workspaceId, testId));
    },

    async attach(workspaceId: number, testId: string, agentRef: string) {
      const test = await require(workspaceId, testId);
      const agent = await requireAgent(workspaceId, agentRef);
      await repos.agentTests.attach(test.id, agent.id);
      return attachments(test);
    },

    async detach(workspaceId: number, testId: string, agentRef: string) {
      const test = await require(workspaceId, testId);
      const agent = await requireAgent(workspaceId, agentRef);
      if (agent.id === test.agentId) throw conflict('A test stays attached to the agent it was created for', 'owner_attachment');
      await repos.agentTests.detach(test.id, agent.id);
      return attachments(test);
    },
  };
}
