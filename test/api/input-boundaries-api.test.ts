import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const ORIGIN = 'https://shop.example';

/** `{"a":{"a":…1…}}` as text: building it as an object would overflow the test's own JSON.stringify. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** say → branch → back to the say, leaving only while `done` is true (an answer to the ask replaces it): a loop the compiler cannot refuse. */
const openingLoopBody = {
  name: 'Circles',
  workflow: {
    start: 'hello',
    nodes: {
      hello: { type: 'say', text: 'Hi again', next: 'route' },
      route: { type: 'branch', cases: [{ if: { var: 'done', eq: true }, to: 'ask' }], else: 'hello' },
      ask: { type: 'ask', text: 'Anything else?', save_as: 'done', next: 'hello' },
    },
  },
};

describe.each(testDatabases())('input the server refuses cleanly on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  const sessions = (id = agent) => `/workflow/${id}/text-chat/sessions`;
  const countSessions = async () => Number((await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(target, { startTestRuns: false });
    agent = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(() => t.close());

  it("answers 400 json_too_deep to an anonymous visitor's initial_context nested 5,000 deep, and starts nothing", async () => {
    const before = await countSessions();
    const res = await t.app.request(sessions(), {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: `{"initial_context":{"x":${nested(5000)}}}`,
    });
    expect(res.status).toBe(400);
    expect((await readError(res))).toEqual({ code: 'json_too_deep', message: 'body: JSON is nested more than 64 levels deep' });
    expect(await countSessions()).toBe(before);
  });

  it('bounds JSON depth on every route: 64 levels are accepted, 65 are not', async () => {
    const ok = await t.call('POST', sessions(), `{"initial_context":{"x":${nested(62)}}}`);
    expect(ok.status).toBe(201);
    const deep = await t.call('POST', sessions(), `{"initial_context":{"x":${nested(63)}}}`);
    expect(deep.status).toBe(400);
    const agentBody = await t.call('POST', '/v1/agents', `{"name":"Deep","workflow":${nested(5000)}}`);
    expect(agentBody.status).toBe(400);
    expect((await readError(agentBody)).code).toBe('json_too_deep');
  });

  it('answers 400 naming the field for a NUL character in any text, and stores nothing', async () => {
    const run = (await readJson(await t.call('POST', sessions(), {}), runSchema, 201)).workflow_run_id;
    const message = await t.call('POST', `${sessions()}/${run}/messages`, { content: 'a\u0000b' });
    expect(message.status).toBe(400);
    expect((await readError(message))).toEqual({ code: 'invalid_text', message: 'body.content: text must not contain the NUL character (U+0000)' });
    expect((await readJson(await t.call('GET', `${sessions()}/${run}`), runSchema, 200)).messages).toHaveLength(1);

    const context = await t.call('POST', sessions(), { initial_context: { list: ['ok', { ['bad\u0000key']: 1 }] } });
    expect(context.status).toBe(400);
    expect((await readError(context)).message).toBe('body.initial_context.list.1.bad\u0000key: text must not contain the NUL character (U+0000)');
    const named = await t.call('POST', '/v1/agents', { ...loopAgentBody, name: 'Nul\u0000' });
    expect((await readError(named)).message).toBe('body.name: text must not contain the NUL character (U+0000)');

    const inPath = await t.call('GET', '/v1/agents/agent_%00');
    expect(inPath.status).toBe(400);
    expect((await readError(inPath)).code).toBe('invalid_text');
    const inQuery = await t.call('GET', `${sessions()}/${run}?branch=b%001`);
    expect(inQuery.status).toBe(400);
  });

  it('answers a misspelt message field with every problem, naming the unknown key, and stores nothing', async () => {
    const run = (await readJson(await t.call('POST', sessions(), {}), runSchema, 201)).workflow_run_id;
    const res = await t.call('POST', `${sessions()}/${run}/messages`, { contents: 'hello', expected_revision: 'one' });
    const error = await readError(res, 400);
    expect(error.code).toBe('invalid_request');
    expect(error.details?.map((detail) => detail.path).sort()).toEqual(['body.content', 'body.contents', 'body.expected_revision']);
    expect(error.details?.find((detail) => detail.path === 'body.contents')?.message).toMatch(/unknown field/);
    for (const path of ['body.content:', 'body.contents:', 'body.expected_revision:']) expect(error.message).toContain(path);
    expect(error.message).not.toMatch(/more problem/);
    expect((await readJson(await t.call('GET', `${sessions()}/${run}`), runSchema, 200)).messages).toHaveLength(1);
  });

  it('names a misspelt field of an agent on create and update, beside its other problems', async () => {
    const created = await readError(await t.call('POST', '/v1/agents', { ...loopAgentBody, nmae: 'Typo', language: 7 }), 400);
    expect(created.details?.map((detail) => detail.path)).toEqual(expect.arrayContaining(['body.nmae', 'body.language']));
    const updated = await readError(await t.call('PATCH', `/v1/agents/${agent}`, { titel: 'Typo' }), 400);
    expect(updated).toMatchObject({ code: 'invalid_request', details: [{ path: 'body.titel', message: expect.stringMatching(/unknown field/) }] });
    expect(updated.message).toMatch(/^body\.titel: unknown field/);
  });

  it('answers a body that is not sent as JSON with 415 saying to send content-type: application/json, and starts nothing', async () => {
    const before = await countSessions();
    for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const res = await t.call('POST', sessions(), '{"initial_context":{}}', headers);
      const error = await readError(res, 415);
      expect(error.code).toBe('unsupported_media_type');
      expect(error.message).toContain('content-type: application/json');
    }
    expect(await countSessions()).toBe(before);
  });

  it('refuses to save a workflow that loops at its opening with no way out, naming the node', async () => {
    const looping = { name: 'Stuck', workflow: { start: 'hello', nodes: { hello: { type: 'say', text: 'Hi', next: 'route' }, route: { type: 'branch', cases: [{ if: { var: 'x', eq: 1 }, to: 'hello' }], else: 'hello' } } } };
    const res = await t.call('POST', '/v1/agents', looping);
    const error = await readError(res, 400);
    expect(error.code).toBe('invalid_workflow');
    expect(error.message).toMatch(/^Node "hello": loops forever/);
  });

  it('answers 422 workflow_loop when the opening runs in circles on its data, and starts nothing', async () => {
    const circles = (await createAgent(t, openingLoopBody)).id;
    const before = await countSessions();
    const res = await t.call('POST', sessions(circles), {});
    const error = await readError(res, 422);
    expect(error.code).toBe('workflow_loop');
    expect(error.message).toMatch(/without waiting for the user/);
    expect(await countSessions()).toBe(before);
    expect((await t.call('POST', sessions(circles), { initial_context: { done: true } })).status).toBe(201);
  });

  it('ends a turn that runs in circles with an apology, keeping the session where it was', async () => {
    const circles = (await createAgent(t, openingLoopBody)).id;
    const run = await readJson(await t.call('POST', sessions(circles), { initial_context: { done: true } }), runSchema, 201);
    const res = await t.call('POST', `${sessions(circles)}/${run.workflow_run_id}/messages`, { content: 'more please' });
    expect(await readJson(res, assistantReplySchema, 200)).toMatchObject({ content: 'Sorry, something went wrong on our side. Please try again.', session_status: 'active', index: 2 });
  });
});
