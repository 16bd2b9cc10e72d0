import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('the /api/v1/sessions integration API on $dialect', (target) => {
  let t: TestApp;
  let agent: { id: string; numeric_id: number };

  beforeAll(async () => {
    t = await createTestApp(target);
    agent = await createAgent(t, loopAgentBody);
  });
  afterAll(() => t.close());

  /** As integrations call it: the key in `x-api-key`. */
  const post = async (path: string, body?: unknown, key: string | null = t.key) => {
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const countSessions = async () => Number((await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('starts an agent_chat session, talks, and ends it', async () => {
    const started = await post('/api/v1/sessions', { agent_id: agent.id, session_type: 'agent_chat', metadata: { crm_id: 'C-7' } });
    expect(started.status).toBe(201);
    expect(started.body).toEqual({
      success: true,
      session: {
        session_id: expect.stringMatching(/^call_\d{8}$/),
        agent_id: agent.id,
        agent_name: 'Echo',
        session_type: 'agent_chat',
        status: 'active',
        started_at: expect.any(String),
        metadata: { crm_id: 'C-7' },
        first_message: 'Say something.',
      },
      message: 'Session started successfully',
    });
    const id = started.body.session.session_id;
    const reply = await post(`/api/v1/sessions/${id}/messages`, { content: 'hi there' });
    expect(reply).toMatchObject({ status: 200, body: { success: true, session_id: id, reply: { role: 'assistant', content: 'You said: hi there\n\nSay something.' }, status: 'active' } });
    const ended = await post(`/api/v1/sessions/${id}/end`);
    expect(ended).toEqual({ status: 200, body: { success: true, session_id: id, status: 'ended', message: 'Session ended successfully' } });
    expect(await post(`/api/v1/sessions/${id}/messages`, { content: 'still there?' })).toMatchObject({ status: 409, body: { success: false, error: expect.any(String) } });
    const call = await (await t.call('GET', `/v1/calls/${id}`)).json();
    expect(call).toMatchObject({ channel: 'api', metadata: { crm_id: 'C-7' }, ended_reason: 'api', turn_count: 1 });
  });

  it('accepts the agent by its integer id and the session by its integer id', async () => {
    const started = await post('/api/v1/sessions', { agent_id: String(agent.numeric_id), session_type: 'agent_chat' });
    expect(started.status).toBe(201);
    const runId = Number(started.body.session.session_id.slice(5));
    expect((await post(`/api/v1/sessions/${runId}/messages`, { content: 'x' })).status).toBe(200);
  });

  it('answers failures as {success: false, error}, writing nothing', async () => {
    const before = await countSessions();
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const cases: [unknown, string | null, number, RegExp][] = [
      [{ agent_id: 'agent_00000000', session_type: 'agent_chat' }, t.key, 404, /^Agent not found or access denied$/],
      [{ agent_id: agent.id, session_type: 'agent_chat' }, otherKey, 404, /^Agent not found or access denied$/],
      [{ agent_id: agent.id, session_type: 'voice_call' }, t.key, 400, /session_type/],
      [{ session_type: 'agent_chat' }, t.key, 400, /agent_id/],
      ['{"agent_id":', t.key, 400, /JSON/i],
      [{ agent_id: agent.id, session_type: 'agent_chat' }, null, 401, /API key/],
      [{ agent_id: agent.id, session_type: 'agent_chat' }, 'pk_live_nope', 401, /API key/],
    ];
    for (const [body, key, status, error] of cases) {
      const res = await post('/api/v1/sessions', body, key);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toEqual({ success: false, error: expect.stringMatching(error) });
    }
    expect(await countSessions()).toBe(before);
  });

  it("does not reach another workspace's session, or a widget visitor's", async () => {
    const mine = await post('/api/v1/sessions', { agent_id: agent.id, session_type: 'agent_chat' });
    const other = await t.repos.workspaces.create('Other again');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const id = mine.body.session.session_id;
    for (const path of [`/api/v1/sessions/${id}/messages`, `/api/v1/sessions/${id}/end`]) {
      expect(await post(path, { content: 'x' }, otherKey)).toEqual({ status: 404, body: { success: false, error: 'Session not found or access denied' } });
    }
    const widget = await (await t.app.request(`/workflow/${agent.id}/text-chat/sessions`, { method: 'POST', headers: { origin: 'https://shop.example', 'content-type': 'application/json' }, body: '{}' })).json();
    expect((await post(`/api/v1/sessions/${widget.call_id}/messages`, { content: 'x' })).status).toBe(404);
    expect((await post('/api/v1/sessions/call_99999999999/end')).status).toBe(404);
  });
});
