import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact, readJson } from '../helpers/read-json.ts';
import { agentTestListSchema, agentTestPageSchema, folderListSchema } from '../../shared/api/agent-tests-api.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const reply = { name: 'Greets', type: 'reply', config: { context: 'Hi', success_criteria: 'Says hello.' } };
const tool = { name: 'Looks up', type: 'tool', config: { context: '123456', expected_tool: 'get_policy' } };
const simulation = { name: 'Files a claim', type: 'simulation', config: { scenario: 'You want to file a claim.', success_criteria: 'The claim is filed.' } };

describe.each(testDatabases())('agent tests API on $dialect', (target) => {
  let t: TestApp;
  let client: ReturnType<typeof agentTestClient>;
  let claims: string;
  let echo: string;

  beforeAll(async () => {
    t = await createTestApp(target, { startTestRuns: false });
    client = agentTestClient(t);
    claims = await client.createAgent(claimAgentBody());
    echo = await client.createAgent(loopAgentBody);
  });
  afterAll(() => t.close());

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, path, body);
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };

  it('creates a test of each type with defaults, readable by id', async () => {
    const created = await client.create(claims, { ...reply, tool_mock_config: { strategy: 'selected', mocks: [{ tool_name: 'get_policy', response: { active: true } }] } });
    expect(created).toMatchObject({
      agent_id: claims,
      name: 'Greets',
      description: '',
      type: 'reply',
      config: { context: 'Hi', success_criteria: 'Says hello.', success_examples: [], failure_examples: [] },
      variables: {},
      folder_id: null,
      tool_mock_config: { strategy: 'selected', no_match_behavior: 'skip' },
      repeat: 1,
      attached_agent_ids: [claims],
      last_run: null,
    });
    expect(created.id).toMatch(/^test_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((await client.create(claims, tool)).config).toMatchObject({ parameter_checks: [], expect_no_tool_call: false });
    expect((await client.create(claims, simulation)).config).toMatchObject({ max_turns: 10, initial_chat_history: [], data_assertions: {} });
    expect((await send('GET', `/v1/agents/tests/${created.id}`)).body).toEqual(created);
  });

  it('rejects a config that does not fit its type with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...reply, config: { context: 'Hi' } }, 'body.config.success_criteria'],
      [{ ...tool, config: { context: 'x' } }, 'body.config.expected_tool: expected_tool is required unless expect_no_tool_call is true'],
      [{ ...tool, config: { ...tool.config, parameter_checks: [{ path: 'id', mode: 'regex', expected: '(' }] } }, 'expected must be a valid regular expression'],
      [
        { ...tool, config: { ...tool.config, parameter_checks: [{ path: 'id', mode: 'regex', expected: '^(\\d)\\1' }] } },
        'body.config.parameter_checks.0.expected: expected must be a valid regular expression: backreferences such as \\1 are not supported',
      ],
      [{ ...tool, config: { ...tool.config, parameter_checks: [{ path: 'id', mode: 'regex', expected: '(?<=x)1' }] } }, 'lookbehind (?<= or (?<! is not supported'],
      [{ ...tool, config: { ...tool.config, parameter_checks: [{ path: 'id', mode: 'fuzzy' }] } }, 'body.config.parameter_checks.0.mode'],
      [{ ...simulation, config: { scenario: 'x' } }, 'a simulation needs success_criteria, data_assertions, or both'],
      [{ ...reply, type: 'vibes' }, 'body.type'],
      [{ ...reply, repeat: 0 }, 'body.repeat'],
      [{ ...reply, tool_mock_config: { strategy: 'some' } }, 'body.tool_mock_config.strategy'],
    ];
    for (const [body, message] of cases) {
      const res = await send('POST', `/v1/agents/${claims}/tests`, body);
      expect(res.status, message).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
    expect((await send('POST', '/v1/agents/agent_00000000/tests', reply)).status).toBe(404);
  });

  it('still reads a test saved with a pattern the linear-time engine now refuses', async () => {
    const test = await client.create(claims, { ...tool, config: { ...tool.config, parameter_checks: [{ path: 'id', mode: 'regex', expected: '^\\d+$' }] } });
    // Saved by a version that ran patterns on the backtracking engine: written past the checks.
    const legacy = { ...test.config, parameter_checks: [{ path: 'id', mode: 'regex', expected: '^(?=1)\\d+$' }] };
    await t.database.db.updateTable('agent_tests').set({ config: JSON.stringify(legacy) }).where('public_id', '=', test.id).execute();
    const read = await send('GET', `/v1/agents/tests/${test.id}`);
    expect(read.status).toBe(200);
    expect(read.body.config.parameter_checks).toEqual(legacy.parameter_checks);
  });

  it('updates a test, replacing its config, and changes its type only with a config of that type', async () => {
    const test = await client.create(claims, reply);
    const patched = await send('PATCH', `/v1/agents/tests/${test.id}`, { name: 'Renamed', repeat: 3, variables: { a: 1 }, config: { context: 'Bye', success_criteria: 'Says bye.' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Renamed', repeat: 3, variables: { a: 1 }, config: { context: 'Bye', success_criteria: 'Says bye.' } });
    const noConfig = await send('PATCH', `/v1/agents/tests/${test.id}`, { type: 'tool' });
    expect(noConfig.status).toBe(400);
    const retyped = await send('PATCH', `/v1/agents/tests/${test.id}`, { type: 'tool', config: tool.config });
    expect(retyped.body).toMatchObject({ type: 'tool', config: { expected_tool: 'get_policy' } });
    expect((await send('PATCH', `/v1/agents/tests/${test.id}`, { tool_mock_config: null })).body.tool_mock_config).toBeNull();
  });

  it('deletes a test with its runs', async () => {
    const test = await client.create(claims, reply);
    const run = await send('POST', `/v1/agents/tests/${test.id}/runs`);
    expect((await send('DELETE', `/v1/agents/tests/${test.id}`)).status).toBe(204);
    expect((await send('GET', `/v1/agents/tests/${test.id}`)).status).toBe(404);
    expect((await send('GET', `/v1/agents/tests/runs/${run.body.id}`)).status).toBe(404);
  });

  it("attaches a test to other agents, lists the attachments, and keeps the owner's", async () => {
    const test = await client.create(claims, reply);
    const attached = await send('POST', `/v1/agents/tests/${test.id}/attachments/${echo}`);
    expect(attached).toEqual({ status: 200, body: { test_id: test.id, agent_ids: [claims, echo] } });
    expect((await send('POST', `/v1/agents/tests/${test.id}/attachments/${echo}`)).body.agent_ids).toEqual([claims, echo]);
    expect((await send('GET', `/v1/agents/tests/${test.id}/attachments`)).body.agent_ids).toEqual([claims, echo]);
    const echoTests = parseExact(agentTestListSchema, (await send('GET', `/v1/agents/${echo}/tests`)).body).tests;
    expect(echoTests.map((x) => x.id)).toContain(test.id);

    const owner = await send('DELETE', `/v1/agents/tests/${test.id}/attachments/${claims}`);
    expect(owner.status).toBe(409);
    expect((await send('DELETE', `/v1/agents/tests/${test.id}/attachments/${echo}`)).body.agent_ids).toEqual([claims]);
    expect(parseExact(agentTestListSchema, (await send('GET', `/v1/agents/${echo}/tests`)).body).tests.map((x) => x.id)).not.toContain(test.id);
    expect((await send('POST', `/v1/agents/tests/${test.id}/attachments/agent_00000000`)).status).toBe(404);
  });

  describe('the workspace list', () => {
    let agent: string;
    let ids: Record<string, string>;

    beforeAll(async () => {
      agent = await client.createAgent(claimAgentBody());
      const made = {
        alpha: await client.create(agent, { ...reply, name: 'Alpha greeting' }),
        beta: await client.create(agent, { ...tool, name: 'Beta lookup' }),
        gamma: await client.create(agent, { ...simulation, name: 'Gamma 100%_done' }),
      };
      ids = Object.fromEntries(Object.entries(made).map(([k, v]) => [k, v.id]));
      // Beta's latest run failed after an earlier pass; Alpha only ever passed.
      const run = async (id: string | undefined, status: string) => {
        const queued = await send('POST', `/v1/agents/tests/${id}/runs`);
        await t.database.db.updateTable('agent_test_runs').set({ status, completed_at: new Date().toISOString() }).where('public_id', '=', queued.body.id).execute();
      };
      await run(ids.beta, 'passed');
      await run(ids.beta, 'failed');
      await run(ids.alpha, 'passed');
    });

    const list = async (query: string) => readJson(await t.call('GET', `/v1/agents/tests?agent_id=${agent}&${query}`), agentTestPageSchema, 200);
    const names = async (query: string) => (await list(query)).tests.map((x) => x.name);

    it('lists every test of an agent, newest first, with attachments and the last run', async () => {
      const page = await list('');
      expect(page.tests.map((x) => x.name)).toEqual(['Gamma 100%_done', 'Beta lookup', 'Alpha greeting']);
      expect(page.tests[1]).toMatchObject({ attached_agent_ids: [agent], last_run: { status: 'failed' } });
      expect(page.tests[0]?.last_run).toBeNull();
    });

    it('filters by type, last-run status and a case-insensitive search, wildcards taken literally', async () => {
      expect(await names('type=tool')).toEqual(['Beta lookup']);
      expect(await names('status=passed')).toEqual(['Alpha greeting']);
      expect(await names('status=failed')).toEqual(['Beta lookup']);
      expect(await names('search=GREET')).toEqual(['Alpha greeting']);
      expect(await names('search=100%25_')).toEqual(['Gamma 100%_done']);
      expect(await names('search=_')).toEqual(['Gamma 100%_done']);
    });

    it('pages with a cursor, without gaps or repeats', async () => {
      const first = await list('limit=2');
      expect(first.tests).toHaveLength(2);
      const second = await list(`limit=2&after=${first.next_cursor}`);
      expect([...first.tests, ...second.tests].map((x) => x.id)).toEqual([ids.gamma, ids.beta, ids.alpha]);
      expect(second.next_cursor).toBeNull();
    });

    it('lists the whole workspace without an agent filter', async () => {
      const all = (await readJson(await t.call('GET', '/v1/agents/tests?limit=100'), agentTestPageSchema, 200)).tests;
      expect(all.map((x) => x.agent_id)).toEqual(expect.arrayContaining([claims, agent]));
    });
  });

  describe('folders', () => {
    const create = (name: string, parent_id?: string) => send('POST', '/v1/agents/tests/folders', { name, ...(parent_id ? { parent_id } : {}) });

    it('nests folders at most 3 levels deep', async () => {
      const one = await create('One');
      const two = await create('Two', one.body.id);
      const three = await create('Three', two.body.id);
      expect(three.status).toBe(201);
      expect(three.body).toMatchObject({ name: 'Three', parent_id: two.body.id, depth: 3 });
      const four = await create('Four', three.body.id);
      expect(four.status).toBe(400);
      expect(four.body.error.message).toContain('at most 3 levels');
      expect((await send('GET', `/v1/agents/tests/folders/${three.body.id}`)).body.depth).toBe(3);
    });

    it('moves folders, but not into themselves nor deeper than 3 levels', async () => {
      const a = await create('A');
      const b = await create('B', a.body.id);
      const c = await create('C');
      expect((await send('PATCH', `/v1/agents/tests/folders/${a.body.id}`, { parent_id: b.body.id })).status).toBe(400);
      expect((await send('PATCH', `/v1/agents/tests/folders/${a.body.id}`, { parent_id: a.body.id })).status).toBe(400);
      expect((await send('PATCH', `/v1/agents/tests/folders/${c.body.id}`, { parent_id: b.body.id })).body).toMatchObject({ parent_id: b.body.id, depth: 3 });
      const d = await create('D');
      const tooDeep = await send('PATCH', `/v1/agents/tests/folders/${a.body.id}`, { parent_id: d.body.id });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.error.message).toContain('would make it 4');
      expect((await send('PATCH', `/v1/agents/tests/folders/${c.body.id}`, { parent_id: null, name: 'C2' })).body).toMatchObject({ name: 'C2', parent_id: null, depth: 1 });
    });

    it('files a test in a folder, filters by it, unfiles it, and unfiles tests of a deleted folder', async () => {
      const folder = await create('Regression');
      const child = await create('Child', folder.body.id);
      const test = await client.create(claims, { ...reply, folder_id: folder.body.id });
      expect(test.folder_id).toBe(folder.body.id);
      expect((await readJson(await t.call('GET', `/v1/agents/tests?folder_id=${folder.body.id}`), agentTestPageSchema, 200)).tests.map((x) => x.id)).toEqual([test.id]);
      expect((await send('PATCH', `/v1/agents/tests/${test.id}`, { clear_folder_id: true })).body.folder_id).toBeNull();
      expect((await send('PATCH', `/v1/agents/tests/${test.id}`, { folder_id: child.body.id })).body.folder_id).toBe(child.body.id);
      expect((await send('PATCH', `/v1/agents/tests/${test.id}`, { folder_id: child.body.id, clear_folder_id: true })).status).toBe(400);
      expect((await send('PATCH', `/v1/agents/tests/${test.id}`, { folder_id: 'folder_01HZZZZZZZZZZZZZZZZZZZZZZZ' })).status).toBe(404);

      expect((await send('DELETE', `/v1/agents/tests/folders/${folder.body.id}`)).status).toBe(409);
      expect((await send('DELETE', `/v1/agents/tests/folders/${child.body.id}`)).status).toBe(204);
      expect((await send('GET', `/v1/agents/tests/${test.id}`)).body.folder_id).toBeNull();
      const listed = (await readJson(await t.call('GET', '/v1/agents/tests/folders'), folderListSchema, 200)).folders;
      expect(listed.map((f) => f.id)).toContain(folder.body.id);
      expect(listed.map((f) => f.id)).not.toContain(child.body.id);
    });
  });

  it("hides another workspace's tests and folders", async () => {
    const test = await client.create(claims, reply);
    const folder = await send('POST', '/v1/agents/tests/folders', { name: 'Mine' });
    const other = await t.repos.workspaces.create('Other');
    const key = await t.repos.apiKeys.create(other.id);
    const as = (method: string, path: string) => t.call(method, path, undefined, { authorization: `Bearer ${key}` });
    expect((await as('GET', `/v1/agents/tests/${test.id}`)).status).toBe(404);
    expect((await as('GET', `/v1/agents/tests/folders/${folder.body.id}`)).status).toBe(404);
    expect((await (await as('GET', '/v1/agents/tests')).json()).tests).toEqual([]);
  });
});
