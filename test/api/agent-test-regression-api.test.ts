import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentTestListSchema, agentTestSchema } from '../../shared/api/agent-tests-api.ts';
import { testCoverageSchema } from '../../shared/api/agent-test-runs-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { routeAgentTestLlm, verdict, type AgentTestLlm } from '../helpers/agent-test-llm.ts';
import { readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const policyMock = (active: boolean) => ({ strategy: 'all', mocks: [{ tool_name: 'get_policy', response: { active } }], no_match_behavior: 'skip' });

describe.each(testDatabases())('regression tests (#18): stored starting states, workflow assertions, thresholds, on $dialect', (target) => {
  let t: TestApp;
  let fake: FakeLlm;
  let llm: AgentTestLlm;
  let client: ReturnType<typeof agentTestClient>;
  let claims: string;
  let support: string;
  /** A claim conversation: b1 tried one wrong policy number, b2 (made by a rewind) another. */
  let callId: string;

  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;

  beforeAll(async () => {
    fake = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: fake.url, judgeModel: 'judge-model' });
    client = agentTestClient(t);
    claims = await client.createAgent(claimAgentBody());
    support = await client.createAgent(llmAgentBody());
    const run = await readJson(await t.call('POST', sessions(claims), { initial_context: { customer_name: 'Ada' } }), runSchema, 201);
    const path = `${sessions(claims)}/${run.workflow_run_id}`;
    expect((await t.call('POST', `${path}/messages`, { content: 'nope' })).status).toBe(200);
    await readJson(await t.call('POST', `${path}/rewind`, { message_index: 0 }), runSchema, 200);
    expect((await t.call('POST', `${path}/messages`, { content: 'twelve' })).status).toBe(200);
    callId = `call_${String(run.workflow_run_id).padStart(8, '0')}`;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    llm = routeAgentTestLlm(fake);
  });

  const fromRewoundBranch = { call_id: '', message_index: 2, branch_id: 'b2' };
  const stateTest = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    client.create(claims, {
      name: 'A valid number after a wrong one',
      type: 'reply',
      config: { context: '123456', ...config },
      tool_mock_config: policyMock(true),
      start_from: { ...fromRewoundBranch, call_id: callId },
      ...extra,
    });

  it('starts a test where a rewound branch left the workflow, and checks node, state and variables without any LLM', async () => {
    const test = await stateTest({ expect_node: 'bye', expect_state: 'ended', expect_variables: { policy_number: '123456', customer_name: 'Ada', 'policy.active': true } });
    expect(test.start_from).toEqual({ call_id: callId, branch_id: 'b2', message_index: 2, agent_version: 1, node: 'policy', messages: 3 });
    const run = await client.run(test.id);
    expect(run).toMatchObject({ status: 'passed', passed: true, error: null, agent_version: 1 });
    // Not greeted again: the run went on from the stored state with the stored variables.
    expect(run.result?.reply?.agent_response).toBe('Thanks!');
    expect(run.result).toMatchObject({ node: 'bye', deterministic: true, rationale: 'All 5 workflow assertions passed.' });
    expect(run.result?.workflow_checks).toEqual([
      { assertion: 'node', expected: 'bye', actual: 'bye', passed: true },
      { assertion: 'state', expected: { state: 'ended' }, actual: { state: 'ended' }, passed: true },
      { assertion: 'variable', path: 'policy_number', expected: '123456', actual: '123456', passed: true },
      { assertion: 'variable', path: 'customer_name', expected: 'Ada', actual: 'Ada', passed: true },
      { assertion: 'variable', path: 'policy.active', expected: true, actual: true, passed: true },
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it('goes on from the stored state: a wrong answer there is asked for again at the same node', async () => {
    const test = await stateTest({ context: 'still wrong', expect_state: 'waiting', expect_node: 'policy' });
    const run = await client.run(test.id);
    expect(run.status).toBe('passed');
    expect(run.result?.workflow_checks?.[1]).toEqual({ assertion: 'state', expected: { state: 'waiting' }, actual: { state: 'waiting' }, passed: true });
    const handedOver = await client.run((await stateTest({ context: 'still wrong', expect_state: { state: 'transferred', destination: 'elsewhere' } })).id);
    expect(handedOver.rationale).toBe('Workflow assertions failed: state is {"state":"waiting"}, expected {"state":"transferred","destination":"elsewhere"}.');
  });

  it('fails a workflow assertion with a sentence naming it', async () => {
    const run = await client.run((await stateTest({ expect_node: 'inactive', expect_variables: { 'policy.active': false } }, { tool_mock_config: policyMock(true) })).id);
    expect(run).toMatchObject({ status: 'failed', passed: false });
    expect(run.rationale).toBe('Workflow assertions failed: node is bye, expected inactive; variable policy.active is true, expected false.');
  });

  it('ends the run in error when the version run no longer has the node the test starts at', async () => {
    const draft = { start: 'bye', nodes: { bye: { type: 'end', text: 'Closed.' } } };
    expect((await t.call('PUT', `/v1/agents/${claims}/workflow`, draft)).status).toBe(201);
    const test = await stateTest({ expect_node: 'bye' });
    const run = await client.run(test.id, { version: 2 });
    expect(run).toMatchObject({ status: 'error', agent_version: 2, error: 'The test starts at node "policy", which version 2 of the workflow no longer has.' });
  });

  it('refuses a start_from that holds no state, or that names no call, and changes nothing', async () => {
    const list = async () => readJson(await t.call('GET', `/v1/agents/${claims}/tests`), agentTestListSchema, 200);
    const before = await list();
    const body = (start_from: unknown, config: Record<string, unknown> = {}) => ({ name: 'x', type: 'reply', config: { context: 'hi', expect_node: 'bye', ...config }, start_from });
    const cases: [unknown, number, string][] = [
      [body({ call_id: callId, message_index: 1, branch_id: 'b2' }), 400, 'is not an assistant message'],
      [body({ call_id: callId, message_index: 9 }), 400, 'is not an assistant message'],
      [body({ call_id: callId, message_index: 0, branch_id: 'b7' }), 404, 'Branch b7 not found'],
      [body({ call_id: 'call_09999999', message_index: 0 }), 404, 'Call not found'],
      [body({ call_id: callId, message_index: -2 }), 400, 'body.start_from.message_index'],
      [body({ call_id: callId, message_index: 0 }, { context: { initial_chat_history: [{ role: 'user', content: 'a' }], message: 'b' } }), 400, 'leave initial_chat_history empty'],
      [{ name: 'x', type: 'reply', config: { context: 'hi', expect_node: 'bye' }, pass_threshold: 1.5 }, 400, 'body.pass_threshold'],
      [{ name: 'x', type: 'reply', config: { context: 'hi', expect_state: 'paused' } }, 400, 'body.config'],
    ];
    for (const [request, status, message] of cases) {
      const error = await readError(await t.call('POST', `/v1/agents/${claims}/tests`, request), status);
      expect(error.message, message).toContain(message);
    }
    const other = await readError(await t.call('POST', `/v1/agents/${support}/tests`, body({ call_id: callId, message_index: 0 })), 400);
    expect(other.message).toContain("another agent's state");
    expect(await list()).toEqual(before);
  });

  it('passes a repeated test when the share of passing attempts reaches pass_threshold, showing each attempt', async () => {
    let n = 0;
    llm.judge = () => verdict((n++) % 2 === 0);
    const config = { context: 'Where is my parcel?', success_criteria: 'The agent offers to help.' };
    const lenient = await client.create(support, { name: 'Half of the time', type: 'reply', config, repeat: 4, pass_threshold: 0.5 });
    expect(lenient.pass_threshold).toBe(0.5);
    const passed = await client.run(lenient.id);
    expect(passed).toMatchObject({ status: 'passed', passed: true });
    expect(passed.result?.attempts?.map((attempt) => attempt.passed)).toEqual([true, false, true, false]);
    expect(passed.result).toMatchObject({ pass_rate: 0.5, pass_threshold: 0.5, deterministic: false });
    expect(passed.rationale).toMatch(/^2\/4 attempts passed \(50% needed\)\. /);
    const strict = await client.create(support, { name: 'Most of the time', type: 'reply', config, repeat: 4, pass_threshold: 0.75 });
    expect((await client.run(strict.id)).status).toBe('failed');
  });

  it('copies a new starting state on update, and drops it with null', async () => {
    const test = await stateTest({ expect_node: 'bye' });
    const moved = await readJson(await t.call('PATCH', `/v1/agents/tests/${test.id}`, { start_from: { call_id: callId, message_index: 0 } }), agentTestSchema, 200);
    expect(moved.start_from).toMatchObject({ branch_id: 'b2', message_index: 0, node: 'policy', messages: 1 });
    const cleared = await readJson(await t.call('PATCH', `/v1/agents/tests/${test.id}`, { start_from: null }), agentTestSchema, 200);
    expect(cleared.start_from).toBeNull();
  });

  it('reports which nodes and transitions the last runs of the suite went through, and names the unreached nodes', async () => {
    const agent = await client.createAgent(claimAgentBody());
    const test = await client.create(agent, { name: 'Active policy', type: 'reply', config: { context: '123456', expect_node: 'bye' }, tool_mock_config: policyMock(true) });
    expect((await client.run(test.id)).result?.path).toEqual(['greet', 'policy', 'lookup', 'route', 'bye']);
    const coverage = await readJson(await t.call('GET', `/v1/agents/${agent}/tests/coverage`), testCoverageSchema, 200);
    expect(coverage).toMatchObject({ agent_id: agent, version: 1, tests: 1, runs_counted: 1, unreached_nodes: ['human', 'inactive'], node_coverage: 5 / 7 });
    expect(coverage.nodes.find((node) => node.id === 'lookup')).toEqual({ id: 'lookup', type: 'tool', reached: true, runs: 1 });
    expect(coverage.transitions).toEqual([
      { from: 'greet', to: 'policy', runs: 1 },
      { from: 'lookup', to: 'route', runs: 1 },
      { from: 'policy', to: 'lookup', runs: 1 },
      { from: 'route', to: 'bye', runs: 1 },
    ]);
    expect((await t.call('GET', `/v1/agents/${agent}/tests/coverage?version=9`)).status).toBe(404);
    expect((await t.call('GET', `/v1/agents/${agent}/tests/coverage?version=zero`)).status).toBe(400);
  });
});
