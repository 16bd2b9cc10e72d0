import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { callDetailSchema, callListSchema, callStatusResponseSchema } from '../../shared/api/calls-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('one call: transcript, latency, cost and status on $dialect', (target) => {
  const clock = manualClock('2026-04-01T10:00:00.000Z');
  let t: TestApp;
  let llm: FakeLlm;
  let tools: ToolServer;
  let claims: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(() => ({ content: 'Happy to help.', usage: { prompt_tokens: 1000, completion_tokens: 500 } }));
    tools = await startToolServer();
    t = await createTestApp(target, { llmUrl: llm.url, clock, prices: { 'fake-model': { input: 1, output: 2 } } });
    claims = (await createAgent(t, claimAgentBody(tools.url))).id;
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
    await tools.close();
  });

  async function start(agent: string) {
    return readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
  }
  const say = (agent: string, run: number, content: string) => t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content });

  it('shows the transcript of the current branch with tool calls in place, and latency per turn', async () => {
    const run = await start(claims);
    clock.advance(5000);
    await say(claims, run.workflow_run_id, '123456');
    const call = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(call).toMatchObject({ call_id: run.call_id, status: 'completed', ended_reason: 'agent-hangup', duration_seconds: 5, turn_count: 1 });
    expect(call.extracted_data).toMatchObject({ policy_number: '123456', policy: { active: true } });
    expect(call.transcript.map((e) => (e.type === 'tool_call' ? e.name : `${e.type}:${e.index}`))).toEqual(['message:0', 'message:1', 'get_policy', 'message:2']);
    expect(call.transcript[2]).toMatchObject({ type: 'tool_call', message_index: 2, kind: 'tool', arguments: { id: '123456' }, result: { active: true } });
    expect(call.latency_data.turns).toEqual([
      expect.objectContaining({ turn: 0, message_index: 0, server_ms: expect.any(Number), tool_ms: null, llm: 'not_used' }),
      expect.objectContaining({ turn: 1, message_index: 2, tool_ms: expect.any(Number), llm_ttfb_ms: null, llm: 'not_used' }),
    ]);
    // The list form carries neither.
    // Read against the list schema, which has neither: a listed call with either fails the read.
    const listed = (await readJson(await t.call('GET', '/v1/calls?limit=1'), callListSchema, 200)).calls[0];
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('transcript');
    expect(listed).not.toHaveProperty('latency_data');
  });

  it('prices tokens at the model of the agent, else the server default', async () => {
    const plain = (await createAgent(t, llmAgentBody())).id;
    const priced = (await createAgent(t, { ...llmAgentBody(), name: 'Pricey', llm: { model: 'gpt-4o' } })).id;
    const a = await start(plain);
    await say(plain, a.workflow_run_id, 'hi');
    await say(plain, a.workflow_run_id, 'and again');
    const b = await start(priced);
    await say(priced, b.workflow_run_id, 'hi');
    const first = await readJson(await t.call('GET', `/v1/calls/${a.call_id}`), callDetailSchema, 200);
    expect(first).toMatchObject({ model: 'fake-model', prompt_tokens: 2000, completion_tokens: 1000, total_tokens: 3000, turn_count: 2 });
    expect(first.total_cost).toBeCloseTo(0.004, 9);
    expect(first.latency_data.turns[1]?.llm_total_ms).toEqual(expect.any(Number));
    expect(first.latency_data.turns[1]?.llm).toBe('ok');
    const second = await readJson(await t.call('GET', `/v1/calls/${b.call_id}`), callDetailSchema, 200);
    expect(second.model).toBe('gpt-4o');
    expect(second.total_cost).toBeCloseTo((1000 * 2.5 + 500 * 10) / 1e6, 9);
  });

  it('answers a cheap status for polling, with the duration so far', async () => {
    const run = await start(claims);
    clock.advance(12_000);
    const status = await readJson(await t.call('GET', `/v1/calls/${run.call_id}/status`), callStatusResponseSchema, 200);
    expect(status).toEqual({ call_id: run.call_id, status: 'in-progress', duration_seconds: 12, started_at: expect.any(String), ended_at: null });
  });

  it("answers 404 for an unknown or malformed call id and for another workspace's call, on every call endpoint", async () => {
    const run = await start(claims);
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const asOther = { authorization: `Bearer ${otherKey}` };
    const endpoints: [string, string, unknown?][] = [
      ['GET', ''],
      ['GET', '/status'],
      ['GET', '/webhooks'],
      ['GET', '/debug-link'],
      ['DELETE', '/debug-link'],
      ['POST', '/end'],
      ['POST', '/transfer', { destination: 'human' }],
      ['POST', '/operator-messages', { content: 'hi' }],
      ['POST', '/gather', { prompt: 'PIN?' }],
    ];
    for (const [method, suffix, body] of endpoints) {
      for (const [id, headers] of [[run.call_id, asOther], ['call_99999999', {}], ['call_2147483648', {}], ['42', {}]] as const) {
        const res = await t.call(method, `/v1/calls/${id}${suffix}`, body, headers);
        expect(res.status, `${method} ${id}${suffix}`).toBe(404);
        expect((await readError(res)).message).toBe('Call not found');
      }
    }
    const mine = await readJson(await t.call('GET', `/v1/calls/${run.call_id}/status`), callStatusResponseSchema, 200);
    expect(mine.status).toBe('in-progress');
  });
});
