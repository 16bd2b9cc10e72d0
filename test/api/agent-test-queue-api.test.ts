import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { createLlmClient } from '../../server/llm/create-llm-client.ts';
import { INTERRUPTED_BY_RESTART } from '../../server/testing/test-run-queue.ts';
import type { TestRunResponse } from '../../shared/api/agent-test-runs-api.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** A tool test of the claims agent: deterministic, no LLM involved. */
const lookupTest = { name: 'Looks up the policy', type: 'tool', config: { context: '123456', expected_tool: 'get_policy', parameter_checks: [{ path: 'id', mode: 'exact', expected: '123456' }] } };

describe.each(testDatabases())('agent test run queue on $dialect', (target) => {
  let t: TestApp;
  let client: ReturnType<typeof agentTestClient>;
  let claims: string;
  let echo: string;

  beforeAll(async () => {
    // No LLM at all: the claims agent's tool tests need none.
    t = await createTestApp(target, { startTestRuns: false });
    client = agentTestClient(t);
    claims = await client.createAgent(claimAgentBody());
    echo = await client.createAgent(loopAgentBody);
  });
  afterAll(() => t.close());

  const post = async (path: string, body?: unknown) => {
    const res = await t.call('POST', path, body);
    return { status: res.status, body: await res.json() };
  };

  it('queues a run at once; the queue runs it when started', async () => {
    const test = await client.create(claims, lookupTest);
    const queued = await post(`/v1/agents/tests/${test.id}/runs`);
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued', passed: null, result: null, started_at: null, completed_at: null, test_id: test.id, agent_id: claims });
    expect(queued.body.id).toMatch(/^run_[0-9A-HJKMNP-TV-Z]{26}$/);
    await t.app.testing.queue.start();
    await t.app.testing.queue.idle();
    expect(await client.read(queued.body.id)).toMatchObject({ status: 'passed', passed: true, rationale: 'Called "get_policy" and all 1 parameter checks passed.' });
    await t.app.testing.queue.stop();
  });

  it('fans a batch entry without agent_id out to every attached agent', async () => {
    const test = await client.create(claims, lookupTest);
    await post(`/v1/agents/tests/${test.id}/attachments/${echo}`);
    const fanned = await post('/v1/agents/tests/runs/batch', { entries: [{ test_id: test.id }, { test_id: test.id, agent_id: echo }] });
    expect(fanned.status).toBe(202);
    expect(fanned.body.runs.map((r: TestRunResponse) => r.agent_id)).toEqual([claims, echo, echo]);
  });

  it('refuses a batch that would queue more than 100 runs, and queues exactly 100', async () => {
    const test = await client.create(claims, lookupTest);
    await post(`/v1/agents/tests/${test.id}/attachments/${echo}`);
    const count = async () => Number((await t.database.db.selectFrom('agent_test_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const tooMany = await post('/v1/agents/tests/runs/batch', { entries: Array.from({ length: 51 }, () => ({ test_id: test.id })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('at most 100 runs');
    expect(await count()).toBe(before);
    const tooManyEntries = await post('/v1/agents/tests/runs/batch', { entries: Array.from({ length: 101 }, () => ({ test_id: test.id, agent_id: claims })) });
    expect(tooManyEntries.status).toBe(400);
    const exactly = await post('/v1/agents/tests/runs/batch', { entries: Array.from({ length: 50 }, () => ({ test_id: test.id })) });
    expect(exactly.status).toBe(202);
    expect(exactly.body.runs).toHaveLength(100);
  });

  it('answers 404 for an unknown test, agent or run', async () => {
    expect((await post('/v1/agents/tests/runs/batch', { entries: [{ test_id: 'test_01HZZZZZZZZZZZZZZZZZZZZZZZ' }] })).status).toBe(404);
    expect((await post('/v1/agents/tests/test_01HZZZZZZZZZZZZZZZZZZZZZZZ/runs')).status).toBe(404);
    expect((await post('/v1/agents/agent_00000000/tests/runs')).status).toBe(404);
    expect((await t.call('GET', '/v1/agents/tests/runs/run_01HZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
  });

  it('queues every test attached to an agent, and refuses more than 50', async () => {
    const agent = await client.createAgent(claimAgentBody());
    const none = await post(`/v1/agents/${agent}/tests/runs`);
    expect(none).toEqual({ status: 202, body: { runs: [] } });
    for (let i = 0; i < 3; i++) await client.create(agent, { ...lookupTest, name: `Lookup ${i}` });
    const three = await post(`/v1/agents/${agent}/tests/runs`);
    expect(three.body.runs).toHaveLength(3);
    for (let i = 3; i < 51; i++) await client.create(agent, { ...lookupTest, name: `Lookup ${i}` });
    const refused = await post(`/v1/agents/${agent}/tests/runs`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('51 tests');
  });

  it('after a restart, marks interrupted runs error and resumes queued ones', async () => {
    const test = await client.create(claims, lookupTest);
    const first = await post(`/v1/agents/tests/${test.id}/runs`);
    const second = await post(`/v1/agents/tests/${test.id}/runs`);
    // The first was being run by the process that "crashed".
    await t.database.db.updateTable('agent_test_runs').set({ status: 'running', started_at: new Date().toISOString() }).where('public_id', '=', first.body.id).execute();
    // A new app over the same database is the restarted server; runs queued by earlier tests finish too.
    const restarted = createApp({ database: t.database, repos: t.repos, llm: createLlmClient({ model: 'm' }), logger: pino({ level: 'silent' }), clock: systemClock, version: 'restarted', publicUrl: () => 'http://localhost' });
    await restarted.testing.queue.start();
    await restarted.testing.queue.idle();
    const interrupted = await client.read(first.body.id);
    expect(interrupted).toMatchObject({ status: 'error', passed: false, error: INTERRUPTED_BY_RESTART });
    expect(interrupted.result?.tool_call).toMatchObject({ tool_matched: false, rationale: INTERRUPTED_BY_RESTART });
    expect(await client.read(second.body.id)).toMatchObject({ status: 'passed' });
    const left = await t.database.db.selectFrom('agent_test_runs').select('id').where('status', 'in', ['queued', 'running']).execute();
    expect(left).toEqual([]);
    await restarted.testing.queue.stop();
  });

  it('runs the published version by default, or a given version such as a draft', async () => {
    const agent = await client.createAgent(claimAgentBody());
    const draft = { start: 'policy', nodes: { policy: { type: 'ask', text: 'Policy number?', save_as: 'n', next: 'bye' }, bye: { type: 'end', text: 'Noted.' } } };
    expect((await t.call('PUT', `/v1/agents/${agent}/workflow`, draft)).status).toBe(201);
    const test = await client.create(agent, lookupTest);
    await t.app.testing.queue.start();
    const published = await client.run(test.id);
    const drafted = await client.run(test.id, { version: 2 });
    await t.app.testing.queue.stop();
    expect(published).toMatchObject({ status: 'passed', agent_version: 1 });
    expect(drafted).toMatchObject({ status: 'failed', agent_version: 2, rationale: 'Expected a call of "get_policy", but no tool was called.' });
    const missing = await post(`/v1/agents/tests/${test.id}/runs`, { version: 9 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('has no version 9');
  });

  it('makes runs that need a judge an error when no LLM is configured', async () => {
    const test = await client.create(claims, { name: 'Judged', type: 'reply', config: { context: '123456', success_criteria: 'Says thanks.' } });
    await t.app.testing.queue.start();
    const run = await client.run(test.id);
    await t.app.testing.queue.stop();
    expect(run.status).toBe('error');
    expect(run.error).toBe('No LLM is configured, so the judge cannot run: set OPENAI_BASE_URL or OPENAI_API_KEY.');
    expect(run.result?.reply?.agent_response).toBe('That policy is not active.');
  });

  it("does not show another workspace's runs", async () => {
    const test = await client.create(claims, lookupTest);
    const queued = await post(`/v1/agents/tests/${test.id}/runs`);
    const other = await t.repos.workspaces.create('Other');
    const key = await t.repos.apiKeys.create(other.id);
    const res = await t.call('GET', `/v1/agents/tests/runs/${queued.body.id}`, undefined, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(404);
    expect((await t.call('POST', `/v1/agents/tests/${test.id}/runs`, undefined, { authorization: `Bearer ${key}` })).status).toBe(404);
  });
});
