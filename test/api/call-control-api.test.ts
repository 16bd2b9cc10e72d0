import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { callDetailSchema, callStatusResponseSchema, gatherSchema, operatorMessageResponseSchema, transferResponseSchema } from '../../shared/api/calls-api.ts';
import { assistantReplySchema, pushedEventSchema, runSchema, type PushedEvent } from '../../shared/api/text-chat-api.ts';
import { parseExact, readJson } from '../helpers/read-json.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { readSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('live control of a call on $dialect', (target) => {
  const clock = manualClock('2026-05-01T10:00:00.000Z');
  let t: TestApp;
  let tools: ToolServer;
  let claims: string;
  let loop: string;

  beforeAll(async () => {
    tools = await startToolServer();
    t = await createTestApp(target, { clock });
    claims = (await createAgent(t, claimAgentBody(tools.url))).id;
    loop = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
  });

  async function start(agent: string) {
    return readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
  }
  const say = (agent: string, run: number, content: string) => t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content });
  const pushed = async (run: number) => (await t.app.runtime.events.after(run, 0)).map((e) => e.event);
  async function expectConflict(res: Response, message: string) {
    expect(res.status).toBe(409);
    expect((await readError(res)).message).toBe(message);
  }

  it('ends a call with reason api, tells the widget, and refuses to end it twice', async () => {
    const run = await start(loop);
    const res = await t.call('POST', `/v1/calls/${run.call_id}/end`);
    expect(await readJson(res, callStatusResponseSchema, 200)).toMatchObject({ call_id: run.call_id, status: 'completed', ended_at: expect.any(String) });
    expect((await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200)).ended_reason).toBe('api');
    expect(await pushed(run.workflow_run_id)).toContainEqual({ type: 'ended', reason: 'api' });
    await expectConflict(await t.call('POST', `/v1/calls/${run.call_id}/end`), 'Call is not in progress');
    for (const [path, body] of [['transfer', { destination: 'human' }], ['gather', { prompt: 'PIN?' }], ['operator-messages', { content: 'hi' }]] as const) {
      await expectConflict(await t.call('POST', `/v1/calls/${run.call_id}/${path}`, body), 'Call is not in progress');
    }
  });

  it('hands a call to a human: the agent stops, visitor messages are kept, operator replies reach the widget', async () => {
    const run = await start(loop);
    await expectConflict(await t.call('POST', `/v1/calls/${run.call_id}/operator-messages`, { content: 'Too early' }), 'Call is not transferred to a human');
    const res = await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' });
    expect(await readJson(res, transferResponseSchema, 200)).toEqual({ call_id: run.call_id, destination: 'human', transfer_status: 'completed', status: 'transferred' });
    await expectConflict(await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' }), 'Call is already transferred');

    const relayed = await readJson(await say(loop, run.workflow_run_id, 'Is anyone there?'), assistantReplySchema, 200);
    expect(relayed).toMatchObject({ relayed: true, content: '', index: 1, session_status: 'transferred' });
    await say(loop, run.workflow_run_id, 'Hello?');
    const reply = await t.call('POST', `/v1/calls/${run.call_id}/operator-messages`, { content: 'Hi, Sam here.' });
    expect(await readJson(reply, operatorMessageResponseSchema, 201)).toMatchObject({ index: 3, role: 'assistant', author: 'operator', content: 'Hi, Sam here.' });
    await t.call('POST', `/v1/calls/${run.call_id}/operator-messages`, { content: 'How can I help?' });

    const conversation = await readJson(await t.call('GET', `/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}`), runSchema, 200);
    expect(conversation.messages.map((m) => `${m.author}: ${m.content}`)).toEqual([
      'agent: Say something.',
      'user: Is anyone there?',
      'user: Hello?',
      'operator: Hi, Sam here.',
      'operator: How can I help?',
    ]);
    expect(conversation).toMatchObject({ status: 'transferred', revision: 6 });

    // The widget's events channel, read as a browser would (resumable from any id).
    const controller = new AbortController();
    const stream = await t.app.request(`/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}/events`, {
      headers: { authorization: `Bearer ${t.key}`, 'last-event-id': '0' },
      signal: controller.signal,
    });
    const events: PushedEvent[] = [];
    for await (const event of readSse(stream)) {
      events.push(parseExact(pushedEventSchema, JSON.parse(event.data)));
      if (events.length === 3) break;
    }
    controller.abort();
    expect(events).toEqual([
      { type: 'transferred', destination: 'human' },
      expect.objectContaining({ type: 'message', message: expect.objectContaining({ index: 3, author: 'operator', content: 'Hi, Sam here.' }) }),
      expect.objectContaining({ type: 'message', message: expect.objectContaining({ index: 4, content: 'How can I help?' }) }),
    ]);

    expect((await t.call('POST', `/v1/calls/${run.call_id}/end`)).status).toBe(200);
    const ended = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(ended).toMatchObject({ status: 'transferred', ended_reason: 'api', turn_count: 2 });
  });

  it('hands a call to another agent, whose opening reaches the widget and who answers from then on', async () => {
    const run = await start(loop);
    await say(loop, run.workflow_run_id, 'first');
    const res = await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: claims });
    expect(await readJson(res, transferResponseSchema, 200)).toMatchObject({ destination: claims, transfer_status: 'completed', status: 'in-progress' });
    expect(await pushed(run.workflow_run_id)).toContainEqual({
      type: 'message',
      message: expect.objectContaining({ index: 3, author: 'agent', content: 'Hi !\n\nWhat is your policy number?' }),
    });
    const answer = await readJson(await say(claims, run.workflow_run_id, '123456'), assistantReplySchema, 200);
    expect(answer).toMatchObject({ content: 'Thanks!', session_status: 'ended' });
    expect((await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200)).agent_id).toBe(claims);
  });

  it('refuses a transfer to a destination that is malformed, unknown or the same agent, changing nothing', async () => {
    const run = await start(loop);
    const before = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    const malformed = await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'somebody' });
    expect(malformed.status).toBe(400);
    expect((await t.call('POST', `/v1/calls/${run.call_id}/transfer`, {})).status).toBe(400);
    const unknown = await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'agent_00000000' });
    expect(unknown.status).toBe(404);
    expect((await readError(unknown)).message).toBe('Destination agent not found');
    expect((await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: loop })).status).toBe(409);
    const after = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(after).toEqual(before);
  });

  it('gathers keypad digits: one at a time, answered by the visitor, closed on answer', async () => {
    const run = await start(loop);
    const res = await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'Enter your PIN' });
    const gather = await readJson(res, gatherSchema, 202);
    expect(gather).toMatchObject({ status: 'active', max_digits: 10, terminator: '#', timeout_seconds: 15, expires_at: '2026-05-01T10:00:15.000Z' });
    expect(await pushed(run.workflow_run_id)).toContainEqual({ type: 'gather', gather_id: gather.gather_id, prompt: 'Enter your PIN', max_digits: 10, terminator: '#', timeout_seconds: 15 });
    await expectConflict(await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'Again' }), 'A gather operation is already in progress for this call');

    const answer = (input: string) => t.call('POST', `/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}/gather`, { input });
    expect((await answer('12a4')).status).toBe(400);
    expect((await answer('12345678901')).status).toBe(400);
    const done = await answer('4321#');
    expect(await readJson(done, gatherSchema, 200)).toMatchObject({ gather_id: gather.gather_id, status: 'completed', input: '4321' });
    expect(await pushed(run.workflow_run_id)).toContainEqual({ type: 'gather_end', gather_id: gather.gather_id, status: 'completed' });
    await expectConflict(await answer('1'), 'No gather is active for this call');
    expect((await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'Next', max_digits: 4, terminator: '*', timeout_seconds: 60 })).status).toBe(202);
  });

  it('times a gather out from stored data, by the sweeper, and refuses an answer that comes too late', async () => {
    const run = await start(loop);
    const gather = await readJson(await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'PIN?', timeout_seconds: 5 }), gatherSchema, 202);
    clock.advance(4_999);
    expect(await t.app.calls.gathers.sweep()).toBe(0);
    clock.advance(1);
    expect(await t.app.calls.gathers.sweep()).toBe(1);
    expect(await t.app.calls.gathers.sweep()).toBe(0);
    expect(await pushed(run.workflow_run_id)).toContainEqual({ type: 'gather_end', gather_id: gather.gather_id, status: 'timeout' });
    const late = await t.call('POST', `/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}/gather`, { input: '1' });
    await expectConflict(late, 'No gather is active for this call');
  });

  it('validates gather settings: 1-20 digits, 5-60 seconds, # or * to finish', async () => {
    const run = await start(loop);
    for (const body of [{}, { prompt: '' }, { prompt: 'x', max_digits: 0 }, { prompt: 'x', max_digits: 21 }, { prompt: 'x', timeout_seconds: 4 }, { prompt: 'x', timeout_seconds: 61 }, { prompt: 'x', terminator: '0' }, { prompt: 'x', extra: 1 }]) {
      expect((await t.call('POST', `/v1/calls/${run.call_id}/gather`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(await t.repos.gathers.active(run.workflow_run_id)).toBeUndefined();
  });
});
