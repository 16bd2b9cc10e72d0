import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { routeAgentTestLlm, verdict, type AgentTestLlm } from '../helpers/agent-test-llm.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('agent test runs: simulations and tool mocks on $dialect', (target) => {
  let t: TestApp;
  let fake: FakeLlm;
  let llm: AgentTestLlm;
  let tools: ToolServer;
  let client: ReturnType<typeof agentTestClient>;
  let claims: string;
  let support: string;

  beforeAll(async () => {
    fake = await startFakeLlm();
    tools = await startToolServer();
    t = await createTestApp(target, { llmUrl: fake.url });
    client = agentTestClient(t);
    claims = await client.createAgent(claimAgentBody(tools.url));
    support = await client.createAgent(llmAgentBody());
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    await tools.close();
  });
  beforeEach(() => {
    fake.reset();
    llm = routeAgentTestLlm(fake);
    tools.calls.length = 0;
  });

  describe('tool mocks', () => {
    /** A simulation that replays the policy number: the claims workflow calls get_policy, then ends. */
    const lookup = (tool_mock_config: unknown, data_assertions: Record<string, unknown>) =>
      client.create(claims, {
        name: 'Looks up the policy',
        type: 'simulation',
        config: { scenario: 'A customer with policy 123456.', initial_chat_history: [{ role: 'user', content: '123456' }], data_assertions },
        ...(tool_mock_config === undefined ? {} : { tool_mock_config }),
      });
    const mock = { tool_name: 'get_policy', args_match: '"id":"123456"', response: { active: true, holder: 'Mock' } };

    it('skips every tool call by default, without calling the tool', async () => {
      const run = await client.run((await lookup(undefined, { 'policy.skipped': true })).id);
      expect(run.status).toBe('passed');
      expect(run.result?.simulation?.tool_calls).toEqual([{ name: 'get_policy', args: { id: '123456' }, mocked: true }]);
      expect(run.result?.simulation?.turns_used).toBe(0);
      expect(tools.calls).toHaveLength(0);
      expect(llm.seen.user).toHaveLength(0);
    });

    it('answers with the mock whose tool name and args_match fit, under strategy all', async () => {
      const run = await client.run((await lookup({ strategy: 'all', mocks: [mock] }, { 'policy.holder': 'Mock', 'policy.active': true })).id);
      expect(run.status).toBe('passed');
      expect(run.result?.simulation?.transcript.at(-1)).toEqual({ role: 'assistant', content: 'Thanks!' });
      expect(run.result?.simulation?.data_assertions).toEqual([
        { path: 'policy.holder', expected: 'Mock', actual: 'Mock', passed: true },
        { path: 'policy.active', expected: true, actual: true, passed: true },
      ]);
      expect(tools.calls).toHaveLength(0);
    });

    it('follows no_match_behavior when no mock matches: skip, call_real_tool, finish_with_error', async () => {
      const unmatched = { ...mock, args_match: '"id":"999999"' };
      const skipped = await client.run((await lookup({ strategy: 'all', mocks: [unmatched], no_match_behavior: 'skip' }, { 'policy.skipped': true })).id);
      expect(skipped.status).toBe('passed');
      expect(tools.calls).toHaveLength(0);

      const real = await client.run((await lookup({ strategy: 'all', mocks: [unmatched], no_match_behavior: 'call_real_tool' }, { 'policy.holder': 'Ada' })).id);
      expect(real.status).toBe('passed');
      expect(real.result?.simulation?.tool_calls).toEqual([{ name: 'get_policy', args: { id: '123456' }, mocked: false }]);
      expect(tools.calls).toEqual([{ path: '/policy', body: { id: '123456' } }]);

      const failed = await client.run((await lookup({ strategy: 'all', mocks: [unmatched], no_match_behavior: 'finish_with_error' }, { 'policy.active': true })).id);
      expect(failed.status).toBe('error');
      expect(failed.error).toContain('Unmocked tool call: No mock matches this call of "get_policy"');
      expect(failed.result?.simulation?.verdict).toBe('error');
    });

    it('mocks only the tools named in mocks under strategy selected, and nothing under none', async () => {
      const selected = await client.run((await lookup({ strategy: 'selected', mocks: [mock] }, { 'policy.holder': 'Mock' })).id);
      expect(selected.status).toBe('passed');
      expect(tools.calls).toHaveLength(0);

      const otherTool = await client.run((await lookup({ strategy: 'selected', mocks: [{ tool_name: 'create_ticket', response: {} }] }, { 'policy.holder': 'Ada' })).id);
      expect(otherTool.status).toBe('passed');
      expect(tools.calls).toHaveLength(1);

      const none = await client.run((await lookup({ strategy: 'none', mocks: [mock] }, { 'policy.holder': 'Ada' })).id);
      expect(none.status).toBe('passed');
      expect(none.result?.simulation?.tool_calls[0]?.mocked).toBe(false);
      expect(tools.calls).toHaveLength(2);
    });

    it('fails a simulation whose data assertions do not hold, naming them', async () => {
      const run = await client.run((await lookup({ strategy: 'all', mocks: [mock] }, { 'policy.active': false, policy_number: '123456', 'policy.nope': 1 })).id);
      expect(run.status).toBe('failed');
      expect(run.rationale).toBe('Data assertions failed: policy.active is true, expected false; policy.nope is not set, expected 1.');
      expect(run.result?.simulation?.verdict).toBe('failed');
    });
  });

  describe('simulations with a simulated user', () => {
    const simulation = (config: Record<string, unknown> = {}) =>
      client.create(support, { name: 'Tracks a parcel', type: 'simulation', config: { scenario: 'You lost parcel A-17.', success_criteria: 'The agent helps find the parcel.', ...config } });

    it('lets another LLM play the scenario against the agent, then the judge reads the transcript', async () => {
      const lines = ['Where is my parcel A-17?', '[END]'];
      llm.user = () => ({ content: lines.shift() ?? '[END]' });
      llm.judge = () => verdict(true, 'The agent engaged with the parcel.');
      const run = await client.run((await simulation()).id);
      expect(run).toMatchObject({ status: 'passed', rationale: 'The agent engaged with the parcel.' });
      expect(run.result?.simulation).toEqual({
        transcript: [
          { role: 'assistant', content: 'Hello! How can I help?' },
          { role: 'user', content: 'Where is my parcel A-17?' },
          { role: 'assistant', content: 'Agent reply to: Where is my parcel A-17?' },
        ],
        tool_calls: [],
        turns_used: 1,
        verdict: 'passed',
        data_assertions: [],
      });
      // The simulated user hears the agent as its "user" and sees the scenario.
      const first = llm.seen.user[0];
      expect(String(first?.messages[0]?.content)).toContain('You lost parcel A-17.');
      expect(first?.messages[1]).toMatchObject({ role: 'user', content: 'Hello! How can I help?' });
      expect(String(llm.seen.judge[0]?.messages[1]?.content)).toContain('User: Where is my parcel A-17?');
    });

    it('fails when the judge rejects the conversation', async () => {
      llm.user = () => ({ content: 'Hello?' });
      llm.judge = () => verdict(false, 'The agent never asked for the parcel number.');
      const run = await client.run((await simulation({ max_turns: 1 })).id);
      expect(run).toMatchObject({ status: 'failed', rationale: 'The agent never asked for the parcel number.' });
      expect(run.result?.simulation?.verdict).toBe('failed');
    });

    it('stops after max_turns user messages', async () => {
      llm.user = () => ({ content: 'And then?' });
      const run = await client.run((await simulation({ max_turns: 3 })).id);
      expect(run.result?.simulation?.turns_used).toBe(3);
      expect(run.result?.simulation?.transcript).toHaveLength(7);
    });

    it('stops when the agent ends the conversation through an exit, which is never reported as a tool call', async () => {
      llm.user = () => ({ content: 'Thanks, that is all.' });
      llm.agent = (body) => (body.messages.some((m) => m.role === 'tool') ? { content: '' } : { toolCalls: [{ name: 'exit_finish', arguments: {} }] });
      const run = await client.run((await simulation({ max_turns: 5 })).id);
      expect(run.result?.simulation?.turns_used).toBe(1);
      expect(run.result?.simulation?.transcript.at(-1)).toEqual({ role: 'assistant', content: 'Goodbye!' });
      expect(run.result?.simulation?.tool_calls).toEqual([]);
    });

    it("makes the run an error when the simulated user's LLM fails", async () => {
      llm.user = () => ({ status: 400 });
      const run = await client.run((await simulation()).id);
      expect(run.status).toBe('error');
      expect(run.error).toContain('The LLM of the simulated user failed');
    });
  });

  describe('a test from a call', () => {
    it('turns a finished call into a simulation test seeded with its transcript, which replays it', async () => {
      const call = await (await t.call('POST', `/workflow/${claims}/text-chat/sessions`, {})).json();
      await t.call('POST', `/workflow/${claims}/text-chat/sessions/${call.workflow_run_id}/messages`, { content: '123456' });
      const res = await t.call('POST', `/v1/calls/${call.call_id}/test`, { success_criteria: 'The agent says whether the policy is active.' });
      expect(res.status).toBe(201);
      const test = await res.json();
      expect(test).toMatchObject({ agent_id: claims, type: 'simulation', name: `Replay of ${call.call_id}` });
      expect(test.config.initial_chat_history).toEqual([
        { role: 'assistant', content: 'Hi !\n\nWhat is your policy number?' },
        { role: 'user', content: '123456' },
        { role: 'assistant', content: 'Thanks!' },
      ]);
      expect(test.config.scenario).toContain('"123456"');
      // What the real tool answered during the call is what the replay gets, without calling it.
      expect(test.tool_mock_config).toEqual({
        strategy: 'all',
        mocks: [{ tool_name: 'get_policy', args_match: '{"id":"123456"}', response: { id: '123456', active: true, holder: 'Ada' } }],
        no_match_behavior: 'skip',
      });
      const toolCallsBefore = tools.calls.length;

      llm.judge = () => verdict(true, 'It confirmed the policy.');
      const run = await client.run(test.id);
      expect(run.status).toBe('passed');
      expect(run.result?.simulation?.transcript.map((m) => m.content)).toEqual(['Hi !\n\nWhat is your policy number?', '123456', 'Thanks!']);
      expect(tools.calls.length).toBe(toolCallsBefore);
    });

    it('refuses a call still in progress, and answers 404 for an unknown call', async () => {
      const call = await (await t.call('POST', `/workflow/${claims}/text-chat/sessions`, {})).json();
      expect((await t.call('POST', `/v1/calls/${call.call_id}/test`)).status).toBe(409);
      expect((await t.call('POST', '/v1/calls/call_99999999/test', {})).status).toBe(404);
    });
  });
});
