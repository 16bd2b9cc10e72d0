import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { readJson } from '../helpers/read-json.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('per-message state and continuing from any branch, on $dialect', (target) => {
  let t: TestApp;
  let tools: ToolServer;
  let claims: string;
  let loop: string;

  beforeAll(async () => {
    tools = await startToolServer();
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
  async function say(agent: string, run: number, content: string) {
    expect((await t.call('POST', `${sessions(agent)}/${run}/messages`, { content })).status).toBe(200);
  }
  async function read(agent: string, run: number, query = '') {
    return readJson(await t.call('GET', `${sessions(agent)}/${run}${query}`), runSchema, 200);
  }
  async function rewind(agent: string, run: number, body: Record<string, unknown>) {
    return t.call('POST', `${sessions(agent)}/${run}/rewind`, body);
  }
  async function countRows(table: 'messages' | 'session_branches') {
    return Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }

  it("gives each agent message the node its turn ended in, its tool calls with arguments and results, its figures, and the workflow's state after it", async () => {
    const run = await start(claims, { initial_context: { customer_name: 'Ada' } });
    await say(claims, run.workflow_run_id, 'oops');
    await say(claims, run.workflow_run_id, '123456');
    const { messages } = await read(claims, run.workflow_run_id);
    const [opening, , retry, , closing] = messages;

    expect(opening?.turn).toMatchObject({ node: 'policy', tool_calls: [], usage: { prompt_tokens: 0, completion_tokens: 0 }, llm: 'not_used' });
    expect(opening?.state).toEqual({ node: 'policy', variables: { customer_name: 'Ada' } });
    expect(retry?.state).toEqual({ node: 'policy', variables: { customer_name: 'Ada' } });

    expect(closing?.turn).toMatchObject({
      node: 'bye',
      tool_calls: [{ name: 'get_policy', kind: 'tool', arguments: { id: '123456' }, result: { id: '123456', active: true, holder: 'Ada' }, duration_ms: expect.any(Number) }],
      latency: { tool_ms: expect.any(Number), server_ms: expect.any(Number) },
    });
    expect(closing?.state).toEqual({
      node: 'bye',
      variables: { customer_name: 'Ada', policy_number: '123456', policy: { id: '123456', active: true, holder: 'Ada' } },
    });
    // The user's messages carry neither.
    expect(messages.filter((m) => m.role === 'user').every((m) => m.turn === undefined && m.state === undefined)).toBe(true);
  });

  it('continues from an assistant message of a branch that is not current: a new branch forks there and every branch is kept', async () => {
    const run = await start(loop);
    await say(loop, run.workflow_run_id, 'first');
    await say(loop, run.workflow_run_id, 'second');
    expect((await rewind(loop, run.workflow_run_id, { message_index: 2 })).status).toBe(200);
    await say(loop, run.workflow_run_id, 'other');

    // b1 is not current now: continue from its last message, which b2 never had.
    const continued = await readJson(await rewind(loop, run.workflow_run_id, { branch_id: 'b1', message_index: 4 }), runSchema, 200);
    expect(continued).toMatchObject({ branch_id: 'b3', status: 'active' });
    expect(continued.messages.at(-1)?.state).toEqual({ node: 'ask', variables: { said: 'second' } });
    await say(loop, run.workflow_run_id, 'third');

    const now = await read(loop, run.workflow_run_id);
    expect(now.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['first', 'second', 'third']);
    expect(now.messages.at(-1)?.state).toEqual({ node: 'ask', variables: { said: 'third' } });
    expect(now.branches).toEqual([
      expect.objectContaining({ id: 'b1', parent_id: null, current: false, message_count: 5 }),
      expect.objectContaining({ id: 'b2', parent_id: 'b1', fork_index: 2, current: false, message_count: 5 }),
      expect.objectContaining({ id: 'b3', parent_id: 'b1', fork_index: 4, current: true, message_count: 7 }),
    ]);
    const other = await read(loop, run.workflow_run_id, '?branch=b2');
    expect(other.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['first', 'other']);
    expect(other.messages.at(-1)?.state).toEqual({ node: 'ask', variables: { said: 'other' } });

    // From the middle of a non-current branch, too: b2's message 2 is the one it forked at.
    const fromMiddle = await readJson(await rewind(loop, run.workflow_run_id, { branch_id: 'b2', message_index: 2 }), runSchema, 200);
    expect(fromMiddle).toMatchObject({ branch_id: 'b4' });
    expect(fromMiddle.branches.find((b) => b.id === 'b4')).toMatchObject({ parent_id: 'b2', fork_index: 2, message_count: 3 });
  });

  it('refuses a message that is not an assistant message of that branch, and an unknown branch, changing nothing', async () => {
    const run = await start(loop);
    await say(loop, run.workflow_run_id, 'one');
    await say(loop, run.workflow_run_id, 'two');
    expect((await rewind(loop, run.workflow_run_id, { message_index: 2 })).status).toBe(200);
    const before = { messages: await countRows('messages'), branches: await countRows('session_branches'), run: await read(loop, run.workflow_run_id) };

    for (const message_index of [1, 3, 5, 9]) {
      const res = await rewind(loop, run.workflow_run_id, { branch_id: 'b1', message_index });
      expect((await readError(res, 400)).code).toBe('invalid_message_index');
    }
    // b2 holds messages 0–2 only: 4 is b1's.
    expect((await readError(await rewind(loop, run.workflow_run_id, { branch_id: 'b2', message_index: 4 }), 400)).code).toBe('invalid_message_index');
    // The latest message of the current branch is where the conversation already is.
    expect((await readError(await rewind(loop, run.workflow_run_id, { branch_id: 'b2', message_index: 2 }), 400)).code).toBe('invalid_message_index');
    expect((await rewind(loop, run.workflow_run_id, { branch_id: 'b9', message_index: 0 })).status).toBe(404);
    for (const branch_id of ['', 'x'.repeat(33), 7]) expect((await rewind(loop, run.workflow_run_id, { branch_id, message_index: 0 })).status).toBe(400);

    expect(await countRows('messages')).toBe(before.messages);
    expect(await countRows('session_branches')).toBe(before.branches);
    expect(await read(loop, run.workflow_run_id)).toEqual(before.run);
  });
});
