/** Creating agents and their tests, and running tests to completion over the API, for API tests. */
import { expect } from 'vitest';
import type { AgentTestResponse } from '../../shared/api/agent-tests-api.ts';
import type { TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import type { TestApp } from './test-app.ts';

export function agentTestClient(t: TestApp) {
  async function json<T>(res: Response, status: number): Promise<T> {
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    return body as T;
  }

  return {
    /** Create an agent from a fixture body; answers its public id. */
    async createAgent(body: unknown): Promise<string> {
      return (await json<{ id: string }>(await t.call('POST', '/v1/agents', body), 201)).id;
    },

    async create(agentId: string, body: Record<string, unknown>): Promise<AgentTestResponse> {
      return json(await t.call('POST', `/v1/agents/${agentId}/tests`, body), 201);
    },

    /** Queue a run, check it answers `queued` at once, then wait for the queue to drain. */
    async run(testId: string, body?: Record<string, unknown>): Promise<TestRunResponse> {
      const queued = await json<TestRunResponse>(await t.call('POST', `/v1/agents/tests/${testId}/runs`, body), 202);
      expect(queued.status).toBe('queued');
      await t.app.testing.queue.idle();
      return json(await t.call('GET', `/v1/agents/tests/runs/${queued.id}`), 200);
    },

    async read(runId: string): Promise<TestRunResponse> {
      return json(await t.call('GET', `/v1/agents/tests/runs/${runId}`), 200);
    },
  };
}
