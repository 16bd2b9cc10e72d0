import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { testMessageResponseSchema, testSessionEndedSchema, testSessionSchema } from '../../shared/api/test-sessions-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('test sessions (/v1/test/voice) on $dialect', (target) => {
  let t: TestApp;
  let llm: FakeLlm;
  let tools: ToolServer;
  let claims: { id: string; numeric_id: number };
  let support: string;
  const clock = manualClock('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    llm = await startFakeLlm();
    tools = await startToolServer();
    t = await createTestApp(target, { llmUrl: llm.url, clock });
    claims = await createAgent(t, claimAgentBody(tools.url));
    support = (await createAgent(t, llmAgentBody())).id;
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
    await tools.close();
  });
  beforeEach(() => llm.reset());

  async function start(body: Record<string, unknown>) {
    return readJson(await t.call('POST', '/v1/test/voice', body), testSessionSchema, 201);
  }
  const say = (id: string, body: unknown) => t.call('POST', `/v1/test/voice/${id}/message`, body);

  it('starts a test session by public or integer agent id, named test_<workspace>_<ms>_<n>, with the greeting', async () => {
    const byPublic = await start({ agent_id: claims.id });
    expect(byPublic.session_id).toMatch(new RegExp(`^test_${t.workspaceId}_\\d+_\\d+$`));
    expect(byPublic.greeting).toBe('Hi !\n\nWhat is your policy number?');
    const byNumber = await start({ agent_id: claims.numeric_id });
    expect(byNumber.session_id).not.toBe(byPublic.session_id);
    const row = await t.database.db.selectFrom('sessions').select(['channel']).where('public_key', '=', byNumber.session_id).executeTakeFirstOrThrow();
    expect(row.channel).toBe('test');
  });

  it('answers 404 Agent not found for an unknown agent', async () => {
    const res = await t.call('POST', '/v1/test/voice', { agent_id: 'agent_00000000' });
    expect(res.status).toBe(404);
    expect((await readError(res)).message).toBe('Agent not found');
  });

  it('uses the agent prompt, or the system_prompt, first_message and language overrides', async () => {
    const plain = await start({ agent_id: support });
    expect(plain.greeting).toBe('Hello! How can I help?');
    await say(plain.session_id, { text: 'Hi' });
    expect(String(llm.requests.at(-1)?.messages[0]?.content)).toContain('You are a helpful support agent.');

    const custom = await start({ agent_id: support, system_prompt: 'You are a pirate.', first_message: 'Ahoy!', language: 'fr' });
    expect(custom.greeting).toBe('Ahoy!');
    const res = await say(custom.session_id, { text: 'Hello' });
    expect(await readJson(res, testMessageResponseSchema, 200)).toEqual({ response: 'Fake reply to: Hello', session_ended: false });
    const system = String(llm.requests.at(-1)?.messages[0]?.content);
    expect(system).toContain('You are a pirate.');
    expect(system).not.toContain('helpful support agent');
    expect(system).toContain('"fr"');
  });

  it('never calls a real tool: each call answers {"skipped":true}', async () => {
    const before = tools.calls.length;
    const session = await start({ agent_id: claims.id });
    const reply = await readJson(await say(session.session_id, { text: '123456' }), testMessageResponseSchema, 200);
    expect(reply).toEqual({ response: 'That policy is not active.', session_ended: true });
    expect(tools.calls.length).toBe(before);
    const row = await t.database.db.selectFrom('sessions').select('variables').where('public_key', '=', session.session_id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.variables).policy).toEqual({ skipped: true });
  });

  it('answers tool calls from a tool_mock_config when the request carries one', async () => {
    const session = await start({
      agent_id: claims.id,
      tool_mock_config: { strategy: 'all', mocks: [{ tool_name: 'get_policy', args_match: '"123456"', response: { active: true } }], no_match_behavior: 'skip' },
    });
    expect(await readJson(await say(session.session_id, { text: '123456' }), testMessageResponseSchema, 200)).toEqual({ response: 'Thanks!', session_ended: true });
  });

  it('answers 400 text required for a missing, empty or non-text message', async () => {
    const session = await start({ agent_id: claims.id });
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 42 }]) {
      const res = await say(session.session_id, body);
      expect(res.status).toBe(400);
      expect((await readError(res)).message).toBe('text required');
    }
  });

  it('answers 400 Not a test session for another kind of session, and 404 for an unknown test session', async () => {
    const api = await readJson(await t.call('POST', `/workflow/${claims.id}/text-chat/sessions`, {}), runSchema, 201);
    for (const id of [api.call_id, String(api.workflow_run_id), 'nonsense']) {
      const res = await say(id, { text: 'hi' });
      expect(res.status).toBe(400);
      expect((await readError(res)).message).toBe('Not a test session');
      const del = await t.call('DELETE', `/v1/test/voice/${id}`);
      expect(del.status).toBe(400);
      expect((await readError(del)).message).toBe('Not a test session');
    }
    const missing = await say(`test_${t.workspaceId}_1_1`, { text: 'hi' });
    expect(missing.status).toBe(404);
    expect((await readError(missing)).message).toBe('Session not found or expired');
    const del = await t.call('DELETE', `/v1/test/voice/test_${t.workspaceId}_1_1`);
    expect(del.status).toBe(404);
    expect((await readError(del)).message).toBe('Session not found');
  });

  it('ends a session on DELETE, after which it no longer exists: messages and a second DELETE answer 404', async () => {
    const session = await start({ agent_id: support });
    const del = await t.call('DELETE', `/v1/test/voice/${session.session_id}`);
    expect(await readJson(del, testSessionEndedSchema, 200)).toEqual({ message: 'Test session ended' });
    const res = await say(session.session_id, { text: 'still there?' });
    expect(res.status).toBe(404);
    expect((await readError(res)).message).toBe('Session not found or expired');
    const again = await t.call('DELETE', `/v1/test/voice/${session.session_id}`);
    expect(again.status).toBe(404);
    expect((await readError(again)).message).toBe('Session not found');
    const row = await t.database.db.selectFrom('sessions').select(['status', 'ended_reason']).where('public_key', '=', session.session_id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ended', ended_reason: 'api' });
  });

  it('answers 200 with an empty response to a session the agent ended, until it is deleted', async () => {
    const session = await start({ agent_id: claims.id });
    expect(await readJson(await say(session.session_id, { text: '123456' }), testMessageResponseSchema, 200)).toEqual({ response: 'That policy is not active.', session_ended: true });
    const res = await say(session.session_id, { text: 'still there?' });
    expect(await readJson(res, testMessageResponseSchema, 200)).toEqual({ response: '', session_ended: true });
    expect((await t.call('DELETE', `/v1/test/voice/${session.session_id}`)).status).toBe(200);
    expect((await say(session.session_id, { text: 'and now?' })).status).toBe(404);
    expect((await t.call('DELETE', `/v1/test/voice/${session.session_id}`)).status).toBe(404);
  });

  it('expires a test session after 3 idle minutes, and not before', async () => {
    const session = await start({ agent_id: support });
    clock.advance(2 * 60_000 + 59_000);
    expect((await say(session.session_id, { text: 'one' })).status).toBe(200);
    clock.advance(3 * 60_000 + 1);
    const res = await say(session.session_id, { text: 'two' });
    expect(res.status).toBe(404);
    expect((await readError(res)).message).toBe('Session not found or expired');
    const row = await t.database.db.selectFrom('sessions').select(['status', 'ended_reason']).where('public_key', '=', session.session_id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'ended', ended_reason: 'timeout' });
  });

  it('talks to the version asked for, a draft too, and names the session for the text-chat API (rewind and branches)', async () => {
    const draft = { start: 'hello', nodes: { hello: { type: 'ask', text: 'Draft here. Your name?', save_as: 'name', next: 'bye' }, bye: { type: 'end', text: 'Bye {{name}}' } } };
    expect((await t.call('PUT', `/v1/agents/${claims.id}/workflow`, draft)).status).toBe(201);
    const onDraft = await start({ agent_id: claims.id, version: 2 });
    expect(onDraft.greeting).toBe('Draft here. Your name?');
    expect(onDraft.call_id).toBe(`call_${String(onDraft.workflow_run_id).padStart(8, '0')}`);
    const published = await start({ agent_id: claims.id });
    expect(published.greeting).toBe('Hi !\n\nWhat is your policy number?');

    const path = `/workflow/${claims.id}/text-chat/sessions/${onDraft.workflow_run_id}`;
    expect((await t.call('POST', `${path}/messages`, { content: 'Ada' })).status).toBe(200);
    const rewound = await readJson(await t.call('POST', `${path}/rewind`, { message_index: 0 }), runSchema);
    expect(rewound.channel).toBe('test');
    expect(rewound.branches.map((b) => b.id)).toEqual(['b1', 'b2']);

    const missing = await t.call('POST', '/v1/test/voice', { agent_id: claims.id, version: 9 });
    expect(missing.status).toBe(404);
    expect((await readError(missing)).message).toBe(`Agent ${claims.id} has no version 9`);
  });

  it("does not show another workspace's test session", async () => {
    const session = await start({ agent_id: support });
    const other = await t.repos.workspaces.create('Other');
    const key = await t.repos.apiKeys.create(other.id);
    const res = await t.call('POST', `/v1/test/voice/${session.session_id}/message`, { text: 'hi' }, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(404);
  });
});
