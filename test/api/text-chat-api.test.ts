import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { collectSse } from '../helpers/sse.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('text-chat API on $dialect', (target) => {
  let t: TestApp;
  let tools: ToolServer;
  let claims: string;
  let loop: string;

  beforeAll(async () => {
    tools = await startToolServer({ '/slow': () => ({ body: {}, delayMs: 3000 }) });
    t = await createTestApp(target);
    claims = (await createAgent(t, claimAgentBody(tools.url))).id;
    loop = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
  });

  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;
  async function start(agent: string, body: unknown = {}) {
    return readJson(await t.call('POST', sessions(agent), body), runSchema, 201);
  }
  async function say(agent: string, run: number, content: string, extra: Record<string, unknown> = {}) {
    return t.call('POST', `${sessions(agent)}/${run}/messages`, { content, ...extra });
  }
  async function read(agent: string, run: number, query = '') {
    return readJson(await t.call('GET', `${sessions(agent)}/${run}${query}`), runSchema, 200);
  }
  async function countRows(table: 'messages' | 'sessions') {
    return Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }

  it('opens with the start node texts rendered from initial_context, in one message', async () => {
    const run = await start(claims, { initial_context: { customer_name: 'Ada' } });
    expect(run).toMatchObject({ status: 'active', revision: 1, channel: 'api', branch_id: 'b1', call_id: expect.stringMatching(/^call_\d{8}$/) });
    expect(run.messages).toEqual([expect.objectContaining({ index: 0, role: 'assistant', content: 'Hi Ada!\n\nWhat is your policy number?' })]);
  });

  it('runs ask validation, a tool, a branch and an end node to the end of the call', async () => {
    const run = await start(claims);
    const retry = await readJson(await say(claims, run.workflow_run_id, 'not a number'), assistantReplySchema, 200);
    expect(retry).toMatchObject({ index: 2, revision: 2, session_status: 'active' });
    const end = await readJson(await say(claims, run.workflow_run_id, '123456'), assistantReplySchema, 200);
    expect(end).toMatchObject({ content: 'Thanks!', index: 4, session_status: 'ended' });
    expect(tools.calls.at(-1)).toEqual({ path: '/policy', body: { id: '123456' } });
    const final = await read(claims, run.workflow_run_id);
    expect(final).toMatchObject({ status: 'ended', ended_reason: 'agent-hangup' });
    expect(final.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('streams a turn without an LLM as one delta holding the whole text, then the message', async () => {
    const run = await start(claims);
    const res = await t.call('POST', `${sessions(claims)}/${run.workflow_run_id}/messages`, { content: 'not a number' }, { accept: 'text/event-stream' });
    const events = await collectSse(res);
    expect(events.map((e) => e.event)).toEqual(['delta', 'message']);
    const message = JSON.parse(events[1]?.data ?? '{}');
    expect(message.content).not.toBe('');
    expect(JSON.parse(events[0]?.data ?? '{}')).toEqual({ text: message.content });
  });

  it('tells the opening, answers, retries and the closing message apart, for clients that rate answers only', async () => {
    const run = await start(claims);
    await say(claims, run.workflow_run_id, 'not a number');
    await say(claims, run.workflow_run_id, '123456');
    const loopRun = await start(loop);
    await say(loop, loopRun.workflow_run_id, 'hi');
    const kinds = async (agent: string, id: number) => (await read(agent, id)).messages.map((m) => m.kind ?? m.role);
    expect(await kinds(claims, run.workflow_run_id)).toEqual(['opening', 'user', 'retry', 'user', 'closing']);
    expect(await kinds(loop, loopRun.workflow_run_id)).toEqual(['opening', 'user', 'answer']);
  });

  it('transfers to a human when the policy cannot be validated', async () => {
    const run = await start(claims);
    await say(claims, run.workflow_run_id, 'x');
    await say(claims, run.workflow_run_id, 'y');
    const last = await readJson(await say(claims, run.workflow_run_id, 'z'), assistantReplySchema, 200);
    expect(last).toMatchObject({ content: 'Connecting you to a person.', session_status: 'transferred' });
    // The agent stops answering: the message is stored and relayed to the humans (issue 6).
    const relayed = await say(claims, run.workflow_run_id, 'hello?');
    expect(await readJson(relayed, assistantReplySchema, 200)).toMatchObject({ relayed: true, content: '', session_status: 'transferred' });
  });

  it('rewinds to an assistant message, replays another branch, and keeps the abandoned one readable', async () => {
    const run = await start(claims);
    await say(claims, run.workflow_run_id, 'oops');
    await say(claims, run.workflow_run_id, '123456');
    const rewound = await t.call('POST', `${sessions(claims)}/${run.workflow_run_id}/rewind`, { message_index: 2 });
    const body = await readJson(rewound, runSchema, 200);
    expect(body).toMatchObject({ status: 'active', branch_id: 'b2' });
    expect(body.messages).toHaveLength(3);

    const other = await readJson(await say(claims, run.workflow_run_id, '987654'), assistantReplySchema, 200);
    expect(other.content).toBe('That policy is not active.');

    const current = await read(claims, run.workflow_run_id);
    expect(current.messages.map((m) => m.content).slice(3)).toEqual(['987654', 'That policy is not active.']);
    expect(current.branches).toEqual([
      expect.objectContaining({ id: 'b1', current: false, message_count: 5 }),
      expect.objectContaining({ id: 'b2', parent_id: 'b1', fork_index: 2, current: true, message_count: 5 }),
    ]);
    const abandoned = await read(claims, run.workflow_run_id, '?branch=b1');
    expect(abandoned.messages.map((m) => m.content).slice(3)).toEqual(['123456', 'Thanks!']);
  });

  it('rewinds into the opening message and into a retry, and answers differently', async () => {
    const run = await start(loop);
    await say(loop, run.workflow_run_id, 'first');
    await say(loop, run.workflow_run_id, 'second');
    await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/rewind`, { message_index: 0 });
    const reply = await readJson(await say(loop, run.workflow_run_id, 'again'), assistantReplySchema, 200);
    expect(reply).toMatchObject({ index: 2, content: 'You said: again\n\nSay something.' });
    const view = await read(loop, run.workflow_run_id);
    expect(view.branches.map((b) => b.id)).toEqual(['b1', 'b2']);
  });

  it('refuses to rewind to a user message, an unknown index, or a session ended by the API', async () => {
    const run = await start(loop);
    await say(loop, run.workflow_run_id, 'one');
    const before = await countRows('messages');
    for (const message_index of [1, 7]) {
      const res = await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/rewind`, { message_index });
      expect(res.status).toBe(400);
      expect((await readError(res)).code).toBe('invalid_message_index');
    }
    await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/end`);
    expect((await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/rewind`, { message_index: 0 })).status).toBe(409);
    expect(await countRows('messages')).toBe(before);
  });

  it('answers a stale expected_revision with 409 and writes nothing', async () => {
    const run = await start(loop);
    const before = await countRows('messages');
    const stale = await say(loop, run.workflow_run_id, 'hi', { expected_revision: 0 });
    expect(stale.status).toBe(409);
    expect((await readError(stale)).code).toBe('revision_conflict');
    expect(await countRows('messages')).toBe(before);
    expect((await say(loop, run.workflow_run_id, 'hi', { expected_revision: 1 })).status).toBe(200);
  });

  it('keeps 50 concurrent appends to one session in order, none lost or duplicated', async () => {
    const run = await start(loop);
    const texts = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    const replies = await Promise.all(texts.map((text) => say(loop, run.workflow_run_id, text)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const view = await read(loop, run.workflow_run_id);
    expect(view.messages).toHaveLength(101);
    const users = view.messages.filter((m: { role: string }) => m.role === 'user').map((m) => m.content);
    // Concurrent requests have no order of their own: each is in exactly once, and alternation holds.
    expect([...users].sort()).toEqual([...texts].sort());
    expect(view.messages.map((m) => m.role)).toEqual(['assistant', ...texts.flatMap(() => ['user', 'assistant'])]);
    for (let i = 1; i < 101; i += 2) {
      expect(view.messages[i + 1]?.content).toBe(`You said: ${view.messages[i]?.content}\n\nSay something.`);
    }
    expect(view.revision).toBe(51);
  });

  it('records latency figures for every turn', async () => {
    const run = await start(claims);
    await say(claims, run.workflow_run_id, '123456');
    const rows = await t.database.db.selectFrom('messages').select(['turn']).where('session_id', '=', run.workflow_run_id).where('role', '=', 'assistant').execute();
    const last = JSON.parse(rows.at(-1)?.turn ?? '{}');
    expect(last.latency).toEqual({ llm_ttfb_ms: null, llm_total_ms: null, tool_ms: expect.any(Number), server_ms: expect.any(Number) });
    expect(last.llm).toBe('not_used');
  });

  it('takes a tool timeout down the on_error route', async () => {
    const body = claimAgentBody(tools.url);
    body.tools = [{ ...body.tools[0]!, server_url: `${tools.url}/slow`, timeout_ms: 200, retries: 0 } as (typeof body.tools)[number]];
    const agent = (await createAgent(t, body)).id;
    const run = await start(agent);
    const reply = await readJson(await say(agent, run.workflow_run_id, '123456'), assistantReplySchema, 200);
    expect(reply).toMatchObject({ content: 'Connecting you to a person.', session_status: 'transferred' });
  });

  it('stores feedback on an assistant message and shows it in the transcript', async () => {
    const run = await start(loop);
    const ok = await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/messages/0/feedback`, { rating: 'up', comment: 'nice' });
    expect(ok.status).toBe(204);
    expect((await read(loop, run.workflow_run_id)).messages[0]?.feedback).toEqual({ rating: 'up', comment: 'nice' });
    const onUser = await t.call('POST', `${sessions(loop)}/${run.workflow_run_id}/messages/1/feedback`, { rating: 'up' });
    expect(onUser.status).toBe(400);
  });

  it('answers bad input on every endpoint with a 4xx and changes nothing', async () => {
    const run = await start(loop);
    const base = `${sessions(loop)}/${run.workflow_run_id}`;
    const sessionsBefore = await countRows('sessions');
    const messagesBefore = await countRows('messages');
    const cases: [string, string, unknown, number][] = [
      ['POST', sessions(loop), { initial_context: 'nope' }, 400],
      ['POST', sessions(loop), '{"initial_context":', 400],
      ['POST', sessions('agent_00000000'), {}, 404],
      ['POST', sessions('not-an-id'), {}, 404],
      ['GET', `${sessions(loop)}/abc`, undefined, 400],
      ['GET', `${sessions(loop)}/999999`, undefined, 404],
      ['GET', `${base}?branch=b9`, undefined, 404],
      ['POST', `${base}/messages`, {}, 400],
      ['POST', `${base}/messages`, { content: '' }, 400],
      ['POST', `${base}/messages`, { content: 'x'.repeat(9000) }, 400],
      ['POST', `${base}/messages`, { content: 'hi', extra: 1 }, 400],
      ['POST', `${base}/messages`, { content: 'hi', expected_revision: 'one' }, 400],
      ['POST', `${base}/rewind`, { message_index: -1 }, 400],
      ['POST', `${base}/rewind`, {}, 400],
      ['POST', `${base}/messages/0/feedback`, { rating: 'meh' }, 400],
      ['DELETE', base, undefined, 405],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await t.call(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect((await readError(res)).message).toBeTruthy();
    }
    expect(await countRows('sessions')).toBe(sessionsBefore);
    expect(await countRows('messages')).toBe(messagesBefore);
  });

  it("reaches a session only through its agent: another agent's id is 404 on every route and changes nothing", async () => {
    const run = await start(loop);
    const wrong = `${sessions(claims)}/${run.workflow_run_id}`;
    const cases: [string, string, unknown][] = [
      ['GET', wrong, undefined],
      ['POST', `${wrong}/messages`, { content: 'hi' }],
      ['POST', `${wrong}/rewind`, { message_index: 0 }],
      ['POST', `${wrong}/end`, undefined],
      ['GET', `${wrong}/events`, undefined],
      ['POST', `${wrong}/gather`, { input: '1234' }],
      ['POST', `${wrong}/messages/0/feedback`, { rating: 'down' }],
    ];
    for (const [method, path, body] of cases) {
      const res = await t.call(method, path, body);
      // An event stream wrongly opened would otherwise stay open.
      if (res.status === 200) await res.body?.cancel();
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const after = await read(loop, run.workflow_run_id);
    expect(after).toMatchObject({ status: 'active', revision: run.revision });
    expect(after.messages).toHaveLength(1);
    expect(after.messages[0]).toBeDefined();
    expect(after.messages[0]?.feedback).toBeUndefined();
  });

  it("hides another workspace's sessions behind 404", async () => {
    const run = await start(loop);
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const res = await t.call('GET', `${sessions(loop)}/${run.workflow_run_id}`, undefined, { authorization: `Bearer ${otherKey}` });
    expect(res.status).toBe(404);
  });
});
