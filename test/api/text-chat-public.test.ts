import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchema, type RunResponse } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { readSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const ORIGIN = 'https://shop.example';

/** A public create answers the session token, once: a run without one fails here. */
function withToken(run: RunResponse): RunResponse & { session_token: string } {
  if (!run.session_token) throw new Error(`a public create answered no session_token: ${JSON.stringify(run)}`);
  return { ...run, session_token: run.session_token };
}

describe.each(testDatabases())('public widget access to text chat on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  let privateAgent: string;
  const path = (id = agent) => `/workflow/${id}/text-chat/sessions`;
  const browser = (init: { method?: string; body?: unknown; token?: string; origin?: string; headers?: Record<string, string> } = {}) => ({
    method: init.method ?? 'GET',
    headers: {
      origin: init.origin ?? ORIGIN,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { 'x-session-token': init.token } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

  beforeAll(async () => {
    t = await createTestApp(target);
    agent = (await createAgent(t, loopAgentBody)).id;
    privateAgent = (await createAgent(t, { ...loopAgentBody, widget: { enabled: false } })).id;
  });
  afterAll(() => t.close());

  async function startPublic() {
    const res = await t.app.request(path(), browser({ method: 'POST', body: {} }));
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    return withToken(await readJson(res, runSchema, 201));
  }

  it('gives a browser on an allowed origin a session token, required on every later call', async () => {
    const run = await startPublic();
    expect(run.session_token).toMatch(/^[\w-]{43}$/);
    expect(run.channel).toBe('widget');
    const without = await t.app.request(`${path()}/${run.workflow_run_id}`, browser());
    expect(without.status).toBe(401);
    const wrong = await t.app.request(`${path()}/${run.workflow_run_id}`, browser({ token: 'x'.repeat(43) }));
    expect(wrong.status).toBe(404);
    const ok = await t.app.request(`${path()}/${run.workflow_run_id}/messages`, browser({ method: 'POST', body: { content: 'hi' }, token: run.session_token }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).content).toBe('You said: hi\n\nSay something.');
  });

  it("does not let one session's token open another session", async () => {
    const first = await startPublic();
    const second = await startPublic();
    const res = await t.app.request(`${path()}/${second.workflow_run_id}`, browser({ token: first.session_token }));
    expect(res.status).toBe(404);
  });

  it('refuses origins that are not allowed, and agents whose widget is off', async () => {
    expect((await t.app.request(path(), browser({ method: 'POST', body: {}, origin: 'https://evil.example' }))).status).toBe(403);
    expect((await t.app.request(path(privateAgent), browser({ method: 'POST', body: {} }))).status).toBe(401);
    expect((await t.app.request(path(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
  });

  it('lets a page that is not allowed read why it was refused, and nothing else', async () => {
    const evil = 'https://evil.example';
    const config = await t.app.request(`/workflow/${agent}/widget-config`, browser({ origin: evil }));
    expect(config.status).toBe(403);
    expect(config.headers.get('access-control-allow-origin')).toBe(evil);
    expect(config.headers.get('vary')).toContain('Origin');
    expect((await readError(config)).code).toBe('origin_not_allowed');
    const off = await t.app.request(`/workflow/${privateAgent}/widget-config`, browser({ origin: evil }));
    expect(off.status).toBe(401);
    expect(off.headers.get('access-control-allow-origin')).toBe(evil);
    // An API-key caller's answer from such a page stays unreadable to it.
    const keyed = await t.app.request(`/workflow/${agent}/widget-config`, { headers: { origin: evil, authorization: `Bearer ${t.key}` } });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const ok = await t.app.request(path(), { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-session-token');
    const denied = await t.app.request(path(), { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate limits a busy session with 429 and Retry-After', async () => {
    const run = await startPublic();
    let limited: Response | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const res = await t.app.request(`${path()}/${run.workflow_run_id}/messages`, browser({ method: 'POST', body: { content: `m${i}` }, token: run.session_token }));
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('pushes events on the events channel and resumes after Last-Event-ID', async () => {
    const run = await startPublic();
    const url = `${path()}/${run.workflow_run_id}/events`;
    const stream = await t.app.request(url, browser({ token: run.session_token }));
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = readSse(stream);
    await t.app.runtime.events.push(run.workflow_run_id, { type: 'transferred', destination: 'human' });
    const first = (await events.next()).value;
    expect(first).toMatchObject({ event: 'transferred' });
    await t.app.runtime.events.push(run.workflow_run_id, { type: 'ended', reason: 'api' });
    expect((await events.next()).value).toMatchObject({ event: 'ended' });
    await events.return(undefined);

    const resumed = readSse(await t.app.request(url, browser({ token: run.session_token, headers: { 'last-event-id': first?.id ?? '' } })));
    const next = (await resumed.next()).value;
    expect(next?.event).toBe('ended');
    expect(JSON.parse(next?.data ?? '{}')).toEqual({ type: 'ended', reason: 'api' });
    await resumed.return(undefined);
  });

  /** A second widget agent of the same workspace, on the same allowed origin, that answers differently. */
  const relayAgentBody = {
    ...loopAgentBody,
    name: 'Relay',
    workflow: { start: 'ask', nodes: { ask: { type: 'ask', text: 'Relay here.', save_as: 'said', next: 'echo' }, echo: { type: 'say', text: 'Relay heard: {{said}}', next: 'ask' } } },
  };
  const newAgent = async (body: object = loopAgentBody) => (await createAgent(t, body)).id;
  /** Messages stored in a session, read with the API key through the agent it started on. */
  const messageCount = async (id: string, runId: number) => (await readJson(await t.call('GET', `${path(id)}/${runId}`), runSchema, 200)).messages.length;
  const startOn = async (id: string) => {
    return withToken(await readJson(await t.app.request(path(id), browser({ method: 'POST', body: {} })), runSchema, 201));
  };

  it("does not let a session token reach its session through another widget agent of the workspace", async () => {
    const other = await newAgent(relayAgentBody);
    const run = await startPublic();
    const url = `${path(other)}/${run.workflow_run_id}`;
    expect((await t.app.request(url, browser({ token: run.session_token }))).status).toBe(404);
    const sent = await t.app.request(`${url}/messages`, browser({ method: 'POST', body: { content: 'hi' }, token: run.session_token }));
    expect(sent.status).toBe(404);
    expect((await t.app.request(`${url}/end`, browser({ method: 'POST', token: run.session_token }))).status).toBe(404);
    expect(await messageCount(agent, run.workflow_run_id)).toBe(1);
  });

  it("refuses the next message once the agent's widget is turned off, through any agent's path, and stores nothing", async () => {
    const embedded = await newAgent();
    const other = await newAgent(relayAgentBody);
    const run = await startOn(embedded);
    expect((await t.call('PATCH', `/v1/agents/${embedded}`, { widget: { enabled: false } })).status).toBe(200);
    const send = (id: string) => t.app.request(`${path(id)}/${run.workflow_run_id}/messages`, browser({ method: 'POST', body: { content: 'still there?' }, token: run.session_token }));
    const direct = await send(embedded);
    expect(direct.status).toBe(401);
    expect((await readError(direct)).message).toContain('This agent is not public');
    expect((await send(other)).status).toBe(404);
    expect(await messageCount(embedded, run.workflow_run_id)).toBe(1);
  });

  it('refuses a page whose origin was removed from allowed_origins, and stores nothing', async () => {
    const embedded = await newAgent();
    const run = await startOn(embedded);
    expect((await t.call('PATCH', `/v1/agents/${embedded}`, { widget: { enabled: true, allowed_origins: ['https://other.example'] } })).status).toBe(200);
    const res = await t.app.request(`${path(embedded)}/${run.workflow_run_id}/messages`, browser({ method: 'POST', body: { content: 'hello?' }, token: run.session_token }));
    expect(res.status).toBe(403);
    expect((await readError(res)).code).toBe('origin_not_allowed');
    expect(await messageCount(embedded, run.workflow_run_id)).toBe(1);
  });

  it('tells a caller without a key, on an agent with no allowed origin, to send an API key or use an allowed page', async () => {
    const closed = await newAgent({ ...loopAgentBody, widget: { enabled: true, allowed_origins: [] } });
    const res = await t.app.request(path(closed), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const error = await readError(res, 403);
    expect(error.code).toBe('origin_not_allowed');
    expect(error.message).toContain('Authorization: Bearer <key>');
    expect(error.message).toContain('x-api-key: <key>');
    expect(error.message).toContain('allowed_origins');
  });

  it('keeps the conversation going through the embedded agent after a hand-off to another agent, and only through it', async () => {
    const embedded = await newAgent();
    const relay = await newAgent(relayAgentBody);
    const run = await startOn(embedded);
    const handOff = await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: relay });
    expect(handOff.status).toBe(200);
    const send = (id: string, content: string) => t.app.request(`${path(id)}/${run.workflow_run_id}/messages`, browser({ method: 'POST', body: { content }, token: run.session_token }));
    const reply = await send(embedded, 'hi');
    expect(reply.status).toBe(200);
    expect((await reply.json()).content).toBe('Relay heard: hi\n\nRelay here.');
    expect((await send(relay, 'sneaky')).status).toBe(404);
    expect((await t.app.request(`${path(embedded)}/${run.workflow_run_id}`, browser({ token: run.session_token }))).status).toBe(200);
  });

  it('lets a visitor edit an earlier message where the agent allows it: a rewind keeps the old branch', async () => {
    const editable = await newAgent({ ...loopAgentBody, widget: { ...loopAgentBody.widget, allow_edits: true } });
    const config = await t.app.request(`/workflow/${editable}/widget-config`, browser());
    expect((await config.json()).allow_edits).toBe(true);
    const run = await startOn(editable);
    const url = `${path(editable)}/${run.workflow_run_id}`;
    for (const content of ['first', 'second']) await t.app.request(`${url}/messages`, browser({ method: 'POST', body: { content }, token: run.session_token }));
    // Edit "first" (index 1): back to the message before it, then the edited text.
    const rewound = await readJson(await t.app.request(`${url}/rewind`, browser({ method: 'POST', body: { message_index: 0 }, token: run.session_token })), runSchema, 200);
    expect(rewound.branch_id).toBe('b2');
    await t.app.request(`${url}/messages`, browser({ method: 'POST', body: { content: 'first, edited' }, token: run.session_token }));
    const now = await readJson(await t.app.request(url, browser({ token: run.session_token })), runSchema, 200);
    expect(now.messages.map((m) => m.content)).toEqual(['Say something.', 'first, edited', 'You said: first, edited\n\nSay something.']);
    // Tool results and variables may hold what the agent never said: a visitor's read carries neither.
    expect(now.messages.some((m) => m.turn !== undefined || m.state !== undefined)).toBe(false);
    const old = await readJson(await t.call('GET', `${path(editable)}/${run.workflow_run_id}?branch=b1`), runSchema, 200);
    expect(old.messages.map((m) => m.content).filter((_, i) => i % 2 === 1)).toEqual(['first', 'second']);
  });

  it('refuses a visitor rewind on agents that do not allow edits, and on a transferred conversation, changing nothing', async () => {
    const run = await startPublic();
    const url = `${path()}/${run.workflow_run_id}`;
    await t.app.request(`${url}/messages`, browser({ method: 'POST', body: { content: 'hi' }, token: run.session_token }));
    const refused = await t.app.request(`${url}/rewind`, browser({ method: 'POST', body: { message_index: 0 }, token: run.session_token }));
    expect((await readError(refused, 403)).code).toBe('edit_not_allowed');
    expect(refused.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const editable = await newAgent({ ...loopAgentBody, widget: { ...loopAgentBody.widget, allow_edits: true } });
    const handed = await startOn(editable);
    const handedUrl = `${path(editable)}/${handed.workflow_run_id}`;
    await t.app.request(`${handedUrl}/messages`, browser({ method: 'POST', body: { content: 'hi' }, token: handed.session_token }));
    await t.call('POST', `/v1/calls/${handed.call_id}/transfer`, { destination: 'human' });
    const late = await t.app.request(`${handedUrl}/rewind`, browser({ method: 'POST', body: { message_index: 0 }, token: handed.session_token }));
    expect((await readError(late, 409)).code).toBe('session_not_active');
    expect(await messageCount(agent, run.workflow_run_id)).toBe(3);
    const after = await readJson(await t.app.request(handedUrl, browser({ token: handed.session_token })), runSchema, 200);
    expect(after).toMatchObject({ branch_id: 'b1', status: 'transferred' });
  });

  it('pushes `ended` when the visitor ends the conversation', async () => {
    const run = await startPublic();
    const events = readSse(await t.app.request(`${path()}/${run.workflow_run_id}/events`, browser({ token: run.session_token })));
    const ended = await t.app.request(`${path()}/${run.workflow_run_id}/end`, browser({ method: 'POST', token: run.session_token }));
    expect((await ended.json())).toMatchObject({ status: 'ended', ended_reason: 'visitor-left' });
    expect((await events.next()).value).toMatchObject({ event: 'ended' });
    await events.return(undefined);
  });
});
