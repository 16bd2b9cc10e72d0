/**
 * Queueing runs (one test, every test of an agent, or a batch that fans out to attached
 * agents), reading them, and the workspace's run statistics. Queueing only writes rows
 * and wakes the queue: the answer never waits for a run.
 */
import { MAX_AGENT_RUNS, MAX_BATCH_RUNS, type TestRunResponse, type TestStats } from '../../shared/api/agent-test-runs-api.ts';
import type { Clock } from '../clock.ts';
import { badRequest, notFound } from '../errors.ts';
import { keysetPage } from '../storage/keyset-page.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { AgentTestRecord, RunDefinition } from '../storage/agent-test-records.ts';
import { testCoverage, type CoveragePorts } from './test-coverage.ts';
import type { NewRun } from '../storage/agent-test-runs-repo.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { AgentTestRunsRepo } from '../storage/agent-test-runs-repo.ts';
import type { AgentTestsRepo } from '../storage/agent-tests-repo.ts';
import type { AgentTestService } from './agent-test-service.ts';
import { presentRun, presentRuns, type TestPresenterPorts } from './test-presenter.ts';
import { statsWindowStart, summariseStats } from './test-stats.ts';

/** The storage queuing and reading runs uses. */
type Repos = TestPresenterPorts & {
  agents: Pick<AgentsRepo, 'version' | 'findById'>;
  agentTests: Pick<AgentTestsRepo, 'forAgent' | 'findMany' | 'attachedAgents'>;
  agentTestRuns: Pick<AgentTestRunsRepo, 'enqueue' | 'find' | 'listForTest' | 'stats'>;
} & CoveragePorts;

export type TestRunsService = ReturnType<typeof createTestRunsService>;

function definitionOf(test: AgentTestRecord, version: number | undefined): RunDefinition {
  return {
    test_id: test.publicId,
    name: test.name,
    type: test.definition.type,
    config: test.definition.config,
    variables: test.variables,
    tool_mock_config: test.toolMockConfig,
    repeat: test.repeat,
    start_state: test.startState,
    pass_threshold: test.passThreshold,
    version: version ?? null,
  };
}

export function createTestRunsService(deps: { repos: Repos; tests: AgentTestService; queue: { wake(): void }; clock: Clock }) {
  const { repos, tests } = deps;

  function newRun(test: AgentTestRecord, agent: AgentRecord | { id: number }, version?: number): NewRun {
    return { workspaceId: test.workspaceId, testId: test.id, agentId: agent.id, definition: definitionOf(test, version) };
  }

  /** A version asked for must exist: better a 404 now than an `error` run later. */
  async function requireVersion(agent: AgentRecord, version: number | undefined): Promise<void> {
    if (version !== undefined && !(await repos.agents.version(agent.id, version))) throw notFound(`Agent ${agent.publicId} has no version ${version}`);
  }

  async function enqueue(runs: NewRun[]): Promise<TestRunResponse[]> {
    const created = await repos.agentTestRuns.enqueue(runs);
    deps.queue.wake();
    return presentRuns(repos, created);
  }

  return {
    async runTest(workspaceId: number, testId: string, body: { agent_id?: string | undefined; version?: number | undefined }): Promise<TestRunResponse> {
      const test = await tests.require(workspaceId, testId);
      const agent = body.agent_id ? await tests.requireAgent(workspaceId, body.agent_id) : await repos.agents.findById(test.agentId);
      if (!agent) throw notFound('Agent not found: the agent of this test was deleted; pass agent_id');
      await requireVersion(agent, body.version);
      const [run] = await enqueue([newRun(test, agent, body.version)]);
      if (!run) throw new Error('queueing a run gave nothing');
      return run;
    },

    async runAgent(workspaceId: number, agentRef: string, body: { version?: number | undefined }): Promise<TestRunResponse[]> {
      const agent = await tests.requireAgent(workspaceId, agentRef);
      await requireVersion(agent, body.version);
      const attached = await repos.agentTests.forAgent(agent.id);
      if (attached.length > MAX_AGENT_RUNS) {
        throw badRequest(`This agent has ${attached.length} tests; at most ${MAX_AGENT_RUNS} run at once: use POST /v1/agents/tests/runs/batch`, 'too_many_runs');
      }
      return enqueue(attached.map((test) => newRun(test, agent, body.version)));
    },

    /** Each entry without `agent_id` runs against every agent the test is attached to. */
    async runBatch(workspaceId: number, entries: readonly { test_id: string; agent_id?: string | undefined }[]): Promise<TestRunResponse[]> {
      // Up to 100 entries: their tests and attachments are read in one query each, not per entry.
      const found = await repos.agentTests.findMany(workspaceId, entries.map((entry) => entry.test_id));
      const attached = await repos.agentTests.attachedAgents([...found.values()].map((test) => test.id));
      const agents = new Map<string, AgentRecord>();
      const agentOf = async (ref: string): Promise<AgentRecord> => {
        const agent = agents.get(ref) ?? (await tests.requireAgent(workspaceId, ref));
        agents.set(ref, agent);
        return agent;
      };
      const runs: NewRun[] = [];
      for (const entry of entries) {
        const test = found.get(entry.test_id);
        if (!test) throw notFound(`Test ${entry.test_id} not found`);
        const targets = entry.agent_id ? [await agentOf(entry.agent_id)] : (attached.get(test.id) ?? []);
        runs.push(...targets.map((agent) => newRun(test, agent)));
        if (runs.length > MAX_BATCH_RUNS) {
          throw badRequest(`A batch queues at most ${MAX_BATCH_RUNS} runs; these entries fan out to more than that`, 'too_many_runs');
        }
      }
      return enqueue(runs);
    },

    async get(workspaceId: number, runId: string): Promise<TestRunResponse> {
      const run = await repos.agentTestRuns.find(workspaceId, runId);
      if (!run) throw notFound('Run not found');
      return presentRun(repos, run);
    },

    /** A test's runs, newest first: its history, and what the console compares a run with. */
    async listForTest(workspaceId: number, testId: string, page: { limit: number; after?: string | undefined }): Promise<{ runs: TestRunResponse[]; next_cursor: string | null }> {
      const test = await tests.require(workspaceId, testId);
      const rows = await repos.agentTestRuns.listForTest(test.id, { limit: page.limit + 1, after: page.after === undefined ? undefined : Number(page.after) });
      const { items, nextCursor } = keysetPage(rows, page.limit, (run) => String(run.id));
      return { runs: await presentRuns(repos, items), next_cursor: nextCursor };
    },

    /** Nodes and transitions the last run of each of the agent's tests went through. */
    coverage(workspaceId: number, agentRef: string, version: number | undefined) {
      return testCoverage(repos, workspaceId, agentRef, version);
    },

    async stats(workspaceId: number, windowDays: number): Promise<TestStats> {
      const since = statsWindowStart(deps.clock.now(), windowDays);
      const rows = await repos.agentTestRuns.stats(workspaceId, new Date(since).toISOString());
      return summariseStats(rows, since, windowDays);
    },
  };
}
