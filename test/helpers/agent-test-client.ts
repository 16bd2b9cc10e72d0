/** Creating agents and their tests, and running tests to completion over the API, for API tests. */
import { expect } from 'vitest';
import { agentSchema } from '../../shared/api/agents-api.ts';
import { agentTestSchema, type AgentTestResponse } from '../../shared/api/agent-tests-api.ts';
import { testRunSchema, type TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import { readJson } from './read-json.ts';
import type { TestApp } from './test-app.ts';

export function agentTestClient(t: TestApp) {
  return {
    /** Create an agent from a fixture body; answers its public id. */
    async createAgent(body: unknown): Promise<string> {
      return (await readJson(await t.call('POST', '/v1/agents', body), agentSchema, 201)).id;
    },

    async create(agentId: string, body: Record<string, unknown>): Promise<AgentTestResponse> {
      return readJson(await t.call('POST', `/v1/agents/${agentId}/tests`, body), agentTestSchema, 201);
    },

    /** Queue a run, check it answers `queued` at once, then wait for the queue to drain. */
    async run(testId: string, body?: Record<string, unknown>): Promise<TestRunResponse> {
      const queued = await readJson(await t.call('POST', `/v1/agents/tests/${testId}/runs`, body), testRunSchema, 202);
      expect(queued.status).toBe('queued');
      await t.app.testing.queue.idle();
      return readJson(await t.call('GET', `/v1/agents/tests/runs/${queued.id}`), testRunSchema, 200);
    },

    async read(runId: string): Promise<TestRunResponse> {
      return readJson(await t.call('GET', `/v1/agents/tests/runs/${runId}`), testRunSchema, 200);
    },
  };
}
