import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorSecretSchema, visitorSecretStatusSchema } from '../../shared/api/agents-api.ts';
import { callListSchema, callSummarySchema } from '../../shared/api/calls-api.ts';
import { assistantReplySchema, runSchema, type RunResponse } from '../../shared/api/text-chat-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { epochSeconds, signVisitor, visitorJwt } from '../helpers/visitor-signing.ts';

const ORIGIN = 'https://shop.example';

describe.each(testDatabases())('verified visitors on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  let otherAgent: string;
  let secret: string;
  let otherSecret: string;
  let visitorCount = 0;
  /** A visitor id no other test uses, so resumed sessions never cross tests. */
  const freshVisitor = () => `user-${++visitorCount}-${target.dialect}`;

  const browser = (init: { body?: unknown; token?: string } = {}) => ({
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      origin: ORIGIN,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { 'x-session-token': init.token } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const sessionsPath = (id = agent) => `/workflow/${id}/text-chat/sessions`;

  async function start(visitor: unknown, id = agent, status = 201): Promise<RunResponse> {
    return readJson(await t.app.request(sessionsPath(id), browser({ body: { visitor } })), runSchema, status);
  }
  async function say(run: RunResponse, token: string, content: string) {
    const res = await t.app.request(`${sessionsPath()}/${run.workflow_run_id}/messages`, browser({ body: { content }, token }));
    return readJson(res, assistantReplySchema, 200);
  }
  async function rotate(id = agent): Promise<string> {
    return (await readJson(await t.call('POST', `/v1/agents/${id}/visitor-secret`), visitorSecretSchema, 201)).secret;
  }
  async function callsOf(visitorId: string) {
    return (await readJson(await t.call('GET', `/v1/calls?visitor_id=${encodeURIComponent(visitorId)}`), callListSchema, 200)).calls;
  }

  beforeAll(async () => {
    t = await createTestApp(target);
    agent = (await createAgent(t, loopAgentBody)).id;
    otherAgent = (await createAgent(t, loopAgentBody)).id;
    secret = await rotate();
    otherSecret = await rotate(otherAgent);
  });
  afterAll(() => t.close());

  it('shows the secret once: the status route says only that there is one', async () => {
    expect(secret).toMatch(/^vsec_[\w-]{43}$/);
    const status = await readJson(await t.call('GET', `/v1/agents/${agent}/visitor-secret`), visitorSecretStatusSchema, 200);
    expect(status.configured).toBe(true);
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(JSON.stringify(await (await t.call('GET', `/v1/agents/${agent}`)).json())).not.toContain(secret);
  });

  it('trusts fields signed with HMAC-SHA256 and keeps the identity on the session and its call', async () => {
    const id = freshVisitor();
    const run = await start(signVisitor(secret, { id, name: 'Ada Lovelace', email: 'ada@example.com' }));
    expect(run.visitor).toEqual({ id, name: 'Ada Lovelace', email: 'ada@example.com' });
    const calls = await callsOf(id);
    expect(calls.map((c) => c.workflow_run_id)).toEqual([run.workflow_run_id]);
    expect(calls[0]?.visitor).toEqual({ id, name: 'Ada Lovelace', email: 'ada@example.com' });
    const summary = await readJson(await t.call('GET', `/v1/calls/summary?visitor_id=${id}`), callSummarySchema, 200);
    expect([summary.total_calls, summary.filters.visitor_id]).toEqual([1, id]);
  });

  it('trusts an HS256 JWT with sub, name, email and a future exp', async () => {
    const id = freshVisitor();
    const run = await start({ token: visitorJwt(secret, { sub: id, name: 'Grace', exp: epochSeconds(300) }) });
    expect(run.visitor).toEqual({ id, name: 'Grace', email: null });
    expect((await callsOf(id)).map((c) => c.workflow_run_id)).toEqual([run.workflow_run_id]);
  });

  it('ignores a forged signature, an unsigned id and a name changed after signing: the visitor is anonymous', async () => {
    const id = freshVisitor();
    const signed = signVisitor(secret, { id, name: 'Ada' });
    const claims = [
      { id, signature: 'ab'.repeat(32) },
      { id, signature: 'not hex' },
      { id },
      { ...signed, name: 'Mallory' },
      { ...signed, id: `${id}-other` },
    ];
    for (const claim of claims) {
      const run = await start(claim);
      expect(run.visitor, JSON.stringify(claim)).toBeUndefined();
      expect(run.session_token).toBeDefined();
    }
    expect(await callsOf(id)).toEqual([]);
  });

  it('ignores an expired JWT, one valid for more than a day, alg none, another alg and a forged one', async () => {
    const id = freshVisitor();
    const unsignedNone = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: id, exp: epochSeconds(300) })).toString('base64url')}.`;
    const tokens = [
      visitorJwt(secret, { sub: id, exp: epochSeconds(-3600) }),
      visitorJwt(secret, { sub: id, exp: epochSeconds(3 * 86_400) }),
      visitorJwt(secret, { sub: id }),
      visitorJwt(secret, { sub: id, exp: epochSeconds(300) }, { alg: 'none' }),
      visitorJwt(secret, { sub: id, exp: epochSeconds(300) }, { alg: 'HS512' }),
      unsignedNone,
      visitorJwt('vsec_guessed', { sub: id, exp: epochSeconds(300) }),
      'a.b',
      '%%%.%%%.%%%',
    ];
    for (const token of tokens) expect((await start({ token })).visitor, token).toBeUndefined();
    expect(await callsOf(id)).toEqual([]);
  });

  it("ignores a claim signed with another agent's secret", async () => {
    const id = freshVisitor();
    expect((await start(signVisitor(otherSecret, { id }))).visitor).toBeUndefined();
    expect((await start({ token: visitorJwt(otherSecret, { sub: id, exp: epochSeconds(300) }) })).visitor).toBeUndefined();
    // The same claim does verify on the agent it was signed for.
    expect((await start(signVisitor(otherSecret, { id }), otherAgent)).visitor?.id).toBe(id);
  });

  it('refuses a malformed claim with a 400 and starts nothing', async () => {
    const before = (await readJson(await t.call('GET', '/v1/calls/summary'), callSummarySchema, 200)).total_calls;
    for (const visitor of [{ id: 'a\nb', signature: 'ab'.repeat(32) }, { id: 'x'.repeat(256) }, { id: 'u', hash: 'x' }, 'u_1', { id: 7 }]) {
      const res = await t.app.request(sessionsPath(), browser({ body: { visitor } }));
      expect((await readError(res, 400)).code, JSON.stringify(visitor)).toBe('invalid_request');
    }
    expect((await readJson(await t.call('GET', '/v1/calls/summary'), callSummarySchema, 200)).total_calls).toBe(before);
  });

  it('resumes the open session of a returning visitor on another device, with a new token, and both devices go on', async () => {
    const id = freshVisitor();
    const first = await start(signVisitor(secret, { id }));
    await say(first, first.session_token ?? '', 'from the laptop');
    const second = await start({ token: visitorJwt(secret, { sub: id, exp: epochSeconds(60) }) }, agent, 200);
    expect(second.workflow_run_id).toBe(first.workflow_run_id);
    expect(second.session_token).toBeDefined();
    expect(second.session_token).not.toBe(first.session_token);
    expect(second.messages.map((m) => m.content)).toContain('from the laptop');
    await say(second, second.session_token ?? '', 'from the phone');
    const laptop = await say(first, first.session_token ?? '', 'back on the laptop');
    // Opening 0; laptop 1–2, phone 3–4, laptop again 5–6: one conversation.
    expect(laptop.index).toBe(6);
    // A token the server never issued still reaches nothing.
    expect((await t.app.request(`${sessionsPath()}/${first.workflow_run_id}`, browser({ token: 'x'.repeat(43) }))).status).toBe(404);
    // Another agent's widget does not resume it.
    expect((await start(signVisitor(otherSecret, { id }), otherAgent)).workflow_run_id).not.toBe(first.workflow_run_id);
  });

  it('starts a new session once the visitor has ended the last one', async () => {
    const id = freshVisitor();
    const first = await start(signVisitor(secret, { id }));
    const ended = await t.app.request(`${sessionsPath()}/${first.workflow_run_id}/end`, browser({ body: {}, token: first.session_token ?? '' }));
    expect(ended.status).toBe(200);
    const next = await start(signVisitor(secret, { id }));
    expect(next.workflow_run_id).not.toBe(first.workflow_run_id);
  });

  it('does not resume a session for an anonymous visitor naming the same id', async () => {
    const id = freshVisitor();
    const first = await start(signVisitor(secret, { id }));
    const anonymous = await start({ id });
    expect(anonymous.workflow_run_id).not.toBe(first.workflow_run_id);
    expect(anonymous.messages.map((m) => m.role)).toEqual(['assistant']);
  });

  it('rotates the secret: claims signed with the old one stop verifying, the new one verifies', async () => {
    const rotating = (await createAgent(t, loopAgentBody)).id;
    const old = await rotate(rotating);
    const id = freshVisitor();
    expect((await start(signVisitor(old, { id }), rotating)).visitor?.id).toBe(id);
    const fresh = await rotate(rotating);
    expect(fresh).not.toBe(old);
    const later = freshVisitor();
    expect((await start(signVisitor(old, { id: later }), rotating)).visitor).toBeUndefined();
    expect((await start({ token: visitorJwt(old, { sub: later, exp: epochSeconds(60) }) }, rotating)).visitor).toBeUndefined();
    expect((await start(signVisitor(fresh, { id: later }), rotating)).visitor?.id).toBe(later);
    // Without a secret nobody verifies.
    expect((await t.call('DELETE', `/v1/agents/${rotating}/visitor-secret`)).status).toBe(204);
    expect((await start(signVisitor(fresh, { id: freshVisitor() }), rotating)).visitor).toBeUndefined();
    const status = await readJson(await t.call('GET', `/v1/agents/${rotating}/visitor-secret`), visitorSecretStatusSchema, 200);
    expect(status).toEqual({ configured: false, created_at: null });
  });

  it("answers 404 for another workspace's or an unknown agent's secret", async () => {
    expect((await t.call('POST', '/v1/agents/agent_ffffffff/visitor-secret')).status).toBe(404);
  });
});
