import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { orderAgentBody } from '../fixtures/order-agent.ts';
import { testRunPageSchema } from '../../shared/api/agent-test-runs-api.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { routeAgentTestLlm, verdict, type AgentTestLlm } from '../helpers/agent-test-llm.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const lastUser = (body: { messages: { role: string; content: unknown }[] }) => String(body.messages.findLast((m) => m.role === 'user')?.content);
const systemOf = (body: { messages: { role: string; content: unknown }[] }) => String(body.messages[0]?.content);

describe.each(testDatabases())('agent test runs: reply and tool tests on $dialect', (target) => {
  let t: TestApp;
  let fake: FakeLlm;
  let llm: AgentTestLlm;
  let client: ReturnType<typeof agentTestClient>;
  let support: string;
  let orders: string;

  beforeAll(async () => {
    fake = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: fake.url, judgeModel: 'judge-model' });
    client = agentTestClient(t);
    support = await client.createAgent(llmAgentBody());
    orders = await client.createAgent(orderAgentBody());
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    llm = routeAgentTestLlm(fake);
  });

  const replyTest = (config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    client.create(support, { name: 'Greets politely', type: 'reply', config: { context: 'Where is my parcel?', success_criteria: 'The agent offers to help.', ...config }, ...extra });

  it('passes a reply test the judge accepts, judging the reply with the judge model', async () => {
    llm.judge = () => verdict(true, 'It offers help.', 0.8);
    const test = await replyTest({ success_examples: ['Sure, let me check.'], failure_examples: ['No.'] });
    const run = await client.run(test.id);
    expect(run).toMatchObject({ status: 'passed', passed: true, rationale: 'It offers help.', error: null, test_id: test.id, agent_id: support, agent_version: 1 });
    expect(run.result).toEqual({
      passed: true,
      rationale: 'It offers help.',
      reply: { agent_response: 'Agent reply to: Where is my parcel?', passed: true, rationale: 'It offers help.', confidence: 0.8 },
      tool_call: null,
      simulation: null,
      // Where the workflow rested, and that an LLM (the agent's and the judge) took part.
      node: 'chat',
      path: ['chat'],
      deterministic: false,
    });
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    expect(run.started_at).not.toBeNull();
    const [judged] = llm.seen.judge;
    expect(judged?.model).toBe('judge-model');
    expect(judged?.response_format).toEqual({ type: 'json_object' });
    const material = lastUser(judged ?? { messages: [] });
    for (const part of ['The agent offers to help.', 'Sure, let me check.', 'No.', 'User: Where is my parcel?', 'Agent reply to: Where is my parcel?']) expect(material).toContain(part);
  });

  it('fails a reply test the judge rejects, with its rationale at the top level', async () => {
    llm.judge = () => verdict(false, 'The agent was rude.');
    const run = await client.run((await replyTest()).id);
    expect(run).toMatchObject({ status: 'failed', passed: false, rationale: 'The agent was rude.', error: null });
    expect(run.result?.reply).toMatchObject({ passed: false, rationale: 'The agent was rude.' });
  });

  it("lists a test's runs newest first, page by page, and refuses a bad cursor or an unknown test", async () => {
    const test = await replyTest();
    llm.judge = () => verdict(true, 'First.');
    const first = await client.run(test.id);
    llm.judge = () => verdict(false, 'Second.');
    const second = await client.run(test.id);
    const page = await readJson(await t.call('GET', `/v1/agents/tests/${test.id}/runs?limit=1`), testRunPageSchema, 200);
    expect(page.runs.map((r) => [r.id, r.status, r.rationale])).toEqual([[second.id, 'failed', 'Second.']]);
    expect(page.next_cursor).not.toBeNull();
    const rest = await readJson(await t.call('GET', `/v1/agents/tests/${test.id}/runs?limit=1&after=${page.next_cursor}`), testRunPageSchema, 200);
    expect(rest).toEqual({ runs: [first], next_cursor: null });
    expect((await t.call('GET', `/v1/agents/tests/${test.id}/runs?after=nope`)).status).toBe(400);
    expect((await t.call('GET', '/v1/agents/tests/test_01ARZ3NDEKTSV4RRFFQ69G5FAV/runs')).status).toBe(404);
  });

  it('replays initial_chat_history through the agent before the message, and applies prompt overrides', async () => {
    const test = await replyTest({
      context: { initial_chat_history: [{ role: 'user', content: 'My order is A-17.' }, { role: 'assistant', content: 'Noted.' }], message: 'Any news?' },
      system_prompt_override: 'You are terse.',
      first_message_override: 'Yo.',
    });
    const run = await client.run(test.id);
    expect(run.status).toBe('passed');
    expect(llm.seen.agent.map(lastUser)).toEqual(['My order is A-17.', 'Any news?']);
    expect(systemOf(llm.seen.agent[0] ?? { messages: [] })).toContain('You are terse.');
    expect(lastUser(llm.seen.judge[0] ?? { messages: [] })).toContain('Agent: Yo.\nUser: My order is A-17.\nAgent: Agent reply to: My order is A-17.\nUser: Any news?');
  });

  it('renders {{variables}} into the config, unknown keys as empty, and starts the session with them', async () => {
    const test = await replyTest({ context: 'Order {{order.id}} for {{name}}{{missing}}!', success_criteria: 'Mentions {{order.id}}.' }, { variables: { order: { id: 'A-17' }, name: 'Ada', product: 'Lamps' } });
    const run = await client.run(test.id);
    expect(run.result?.reply?.agent_response).toBe('Agent reply to: Order A-17 for Ada!');
    expect(lastUser(llm.seen.judge[0] ?? { messages: [] })).toContain('Mentions A-17.');
    expect(systemOf(llm.seen.agent[0] ?? { messages: [] })).toContain('Help with questions about Lamps.');
    expect(test.config).toMatchObject({ context: 'Order {{order.id}} for {{name}}{{missing}}!' });
  });

  it('makes a run whose judge answers something other than JSON an error, and keeps running others', async () => {
    llm.judge = () => ({ content: 'I think it passed, mostly.' });
    const broken = await client.run((await replyTest()).id);
    expect(broken).toMatchObject({ status: 'error', passed: false });
    expect(broken.error).toContain('The judge did not answer valid JSON');
    expect(broken.result?.reply).toMatchObject({ agent_response: 'Agent reply to: Where is my parcel?', passed: false });

    llm.judge = () => ({ content: JSON.stringify({ passed: 'yes' }) });
    const misshapen = await client.run((await replyTest()).id);
    expect(misshapen.status).toBe('error');
    expect(misshapen.error).toContain('not {passed, rationale, confidence}');

    llm.judge = () => verdict(true);
    expect((await client.run((await replyTest()).id)).status).toBe('passed');
  });

  it("makes a run an error when the agent's LLM fails, rather than judging its fallback", async () => {
    llm.agent = () => ({ status: 500, headers: { 'retry-after-ms': '0' } });
    // The orders agent has no on_error: its llm node answers the fallback text.
    const test = await client.create(orders, { name: 'Outage', type: 'reply', config: { context: 'Hello?', success_criteria: 'Helps.' } });
    const run = await client.run(test.id);
    expect(run.status).toBe('error');
    expect(run.error).toContain("The agent's LLM call failed");
    expect(llm.seen.judge).toHaveLength(0);
  });

  it('holds every attempt and the pass rate when repeat is above 1, passing only if all pass', async () => {
    let n = 0;
    llm.judge = () => verdict(++n !== 2, `attempt ${n}`);
    const run = await client.run((await replyTest({}, { repeat: 3 })).id);
    expect(run.status).toBe('failed');
    expect(run.result?.attempts).toHaveLength(3);
    expect(run.result?.pass_rate).toBeCloseTo(2 / 3);
    expect(run.rationale).toBe('2/3 attempts passed. attempt 2');
    expect(run.result?.reply?.rationale).toBe('attempt 2');
  });

  describe('tool tests', () => {
    const calls = (args: Record<string, unknown>, name = 'get_order') => {
      let called = false;
      return () => {
        if (called) return { content: 'Here is your order.' };
        called = true;
        return { toolCalls: [{ name, arguments: args }] };
      };
    };
    const toolTest = (config: Record<string, unknown>) => client.create(orders, { name: 'Looks up the order', type: 'tool', config: { context: 'Where is order A-17?', ...config } });

    it('passes when the expected tool is called with arguments that pass exact, regex and llm checks', async () => {
      llm.agent = calls({ order_id: 'A-17', details: { count: 2 }, note: 'deliver before friday please' });
      llm.judge = () => verdict(true, 'The note asks for an early delivery.');
      const test = await toolTest({
        expected_tool: 'get_order',
        parameter_checks: [
          { path: 'order_id', mode: 'exact', expected: 'A-17' },
          { path: 'details.count', mode: 'exact', expected: '2' },
          { path: 'order_id', mode: 'regex', expected: '^A-\\d+$' },
          { path: 'note', mode: 'llm', criteria: 'asks for delivery before the weekend' },
        ],
      });
      const run = await client.run(test.id);
      expect(run.status).toBe('passed');
      expect(run.result?.tool_call).toMatchObject({ tool_called: 'get_order', tool_matched: true });
      expect(run.result?.tool_call?.parameter_results.map((r) => [r.path, r.mode, r.passed])).toEqual([
        ['order_id', 'exact', true],
        ['details.count', 'exact', true],
        ['order_id', 'regex', true],
        ['note', 'llm', true],
      ]);
      expect(lastUser(llm.seen.judge[0] ?? { messages: [] })).toContain('"deliver before friday please"');
    });

    it('fails when an argument misses its check in each mode, naming the argument', async () => {
      llm.agent = calls({ order_id: 'B-9', note: 'whenever' });
      llm.judge = () => verdict(false, 'No urgency in the note.');
      const test = await toolTest({
        expected_tool: 'get_order',
        parameter_checks: [
          { path: 'order_id', mode: 'exact', expected: 'A-17' },
          { path: 'order_id', mode: 'regex', expected: '^A-' },
          { path: 'note', mode: 'llm', criteria: 'is urgent' },
          { path: 'missing', mode: 'exact', expected: 1 },
        ],
      });
      const run = await client.run(test.id);
      expect(run.status).toBe('failed');
      expect(run.result?.tool_call?.parameter_results.map((r) => r.passed)).toEqual([false, false, false, false]);
      expect(run.rationale).toContain('4 of 4 parameter checks failed');
      expect(run.rationale).toContain('"order_id" is B-9, expected A-17.');
      expect(run.rationale).toContain('The argument "missing" is missing.');
    });

    it('fails when no tool, or another tool, is called', async () => {
      const none = await client.run((await toolTest({ expected_tool: 'get_order' })).id);
      expect(none).toMatchObject({ status: 'failed', rationale: 'Expected a call of "get_order", but no tool was called.' });
      expect(none.result?.tool_call).toMatchObject({ tool_called: null, tool_matched: false });

      llm.agent = calls({ order_id: 'A-17' }, 'cancel_order');
      const other = await client.run((await toolTest({ expected_tool: 'get_order' })).id);
      expect(other.status).toBe('failed');
      expect(other.result?.tool_call).toMatchObject({ tool_called: 'cancel_order', tool_matched: false });
    });

    it('passes expect_no_tool_call when the tool is not called, and fails it when it is', async () => {
      llm.agent = calls({ order_id: 'A-17' });
      const spared = await client.run((await toolTest({ expected_tool: 'cancel_order', expect_no_tool_call: true })).id);
      expect(spared.status).toBe('passed');

      llm.agent = calls({ order_id: 'A-17' }, 'cancel_order');
      const cancelled = await client.run((await toolTest({ expected_tool: 'cancel_order', expect_no_tool_call: true })).id);
      expect(cancelled.status).toBe('failed');
      expect(cancelled.rationale).toContain('Expected no call of "cancel_order"');

      llm.agent = calls({ order_id: 'A-17' });
      const anyTool = await client.run((await toolTest({ expect_no_tool_call: true })).id);
      expect(anyTool.status).toBe('failed');
    });
  });
});
