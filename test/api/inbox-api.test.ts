import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handBackResponseSchema, inboxEntrySchema, inboxReplySchema, inboxResponseSchema } from '../../shared/api/inbox-api.ts';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { parseExact, readJson } from '../helpers/read-json.ts';
import { readSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** A help desk: asks the visitor's name, then notes topics; "human" at any point reaches a person. */
const helpDeskBody = {
  name: 'Help desk',
  workflow: {
    start: 'name',
    nodes: {
      name: { type: 'ask', text: 'What is your name?', save_as: 'name', next: 'topic' },
      topic: { type: 'ask', text: 'How can I help, {{name}}?', save_as: 'topic', next: 'noted' },
      noted: { type: 'say', text: 'Noted: {{topic}}.', next: 'topic' },
      welcome: { type: 'say', text: 'Welcome back, {{name}}.', next: 'topic' },
      person: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
    },
    interrupts: [{ match: ['human'], to: 'person' }, { match: ['start over'], to: 'welcome' }],
  },
};

describe.each(testDatabases())('the operator inbox on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  let ana: ConsoleUser;
  let ben: ConsoleUser;

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, startTestRuns: false });
    agent = (await createAgent(t, helpDeskBody)).id;
    ana = await addUser(t, 'ana@example.com', 'operator');
    ben = await addUser(t, 'ben@example.com', 'operator');
  });
  afterAll(() => t.close());

  const say = (run: number, content: string) => t.call('POST', `/workflow/${agent}/text-chat/sessions/${run}/messages`, { content });
  const inboxOf = async (user: ConsoleUser) => readJson(await asUser(t, user, 'GET', '/v1/inbox'), inboxResponseSchema, 200);
  async function handedToHuman() {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    await say(run.workflow_run_id, 'Dana');
    const reply = await readJson(await say(run.workflow_run_id, 'I want a human'), assistantReplySchema, 200);
    expect(reply).toMatchObject({ content: 'Connecting you to a person.', session_status: 'transferred' });
    return run;
  }

  it('queues a conversation handed to a human with the reason and unread count; one operator claims it and the other sees who', async () => {
    const run = await handedToHuman();
    const queued = (await inboxOf(ana)).conversations.find((c) => c.call_id === run.call_id);
    expect(queued).toMatchObject({
      agent: { id: agent, name: 'Help desk' },
      unread_count: 2,
      hand_off: { node: 'person', message: 'Connecting you to a person.' },
      last_message: { author: 'agent', content: 'Connecting you to a person.' },
      claim: null,
    });

    const claimed = await readJson(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {}), inboxEntrySchema, 200);
    expect(claimed).toMatchObject({ claim: { claimed_by: ana.id, display_name: 'ana' }, unread_count: 0 });
    // Claiming one's own conversation again changes nothing.
    expect((await readJson(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, { display_name: 'Other' }), inboxEntrySchema, 200)).claim?.display_name).toBe('ana');

    const refused = await readError(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/claim`, {}), 409);
    expect(refused).toMatchObject({ code: 'already_claimed', message: 'ana has claimed this conversation' });
    expect((await inboxOf(ben)).conversations.find((c) => c.call_id === run.call_id)?.claim).toMatchObject({ claimed_by: ana.id, display_name: 'ana' });

    // What the visitor says next is unread until the claimer reads it.
    await say(run.workflow_run_id, 'Hello?');
    expect((await inboxOf(ana)).conversations.find((c) => c.call_id === run.call_id)).toMatchObject({ unread_count: 1, last_message: { author: 'user', content: 'Hello?' } });
    expect((await readJson(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/read`), inboxEntrySchema, 200)).unread_count).toBe(0);
    expect((await readError(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/read`), 409)).code).toBe('already_claimed');
  });

  it("lets only the claimer reply, under their display name, which the visitor's transcript and events show", async () => {
    const run = await handedToHuman();
    expect((await readError(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: 'Hi' }), 409)).code).toBe('not_claimed');
    await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/claim`, { display_name: 'Ben from support' });
    expect((await readError(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: 'Hi' }), 409)).code).toBe('already_claimed');
    await say(run.workflow_run_id, 'Anyone?');

    const reply = await readJson(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: 'Hi Dana, Ben here.' }), inboxReplySchema, 201);
    expect(reply).toMatchObject({ author: 'operator', author_name: 'Ben from support', content: 'Hi Dana, Ben here.', index: 6 });
    // Answering is reading.
    expect((await inboxOf(ben)).conversations.find((c) => c.call_id === run.call_id)?.unread_count).toBe(0);

    const transcript = await readJson(await t.call('GET', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}`), runSchema, 200);
    expect(transcript.messages.at(-1)).toMatchObject({ author: 'operator', author_name: 'Ben from support', content: 'Hi Dana, Ben here.' });
    const pushed = (await t.app.runtime.events.after(run.workflow_run_id, 0)).map((e) => e.event);
    expect(pushed).toContainEqual({ type: 'message', message: expect.objectContaining({ author: 'operator', author_name: 'Ben from support' }) });
  });

  it('refuses bad input and changes nothing: an empty reply, an unknown field, a display name with markup, a conversation not with a human', async () => {
    const run = await handedToHuman();
    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {});
    expect((await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: '   ' })).status).toBe(400);
    expect((await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: 'Hi', extra: 1 })).status).toBe(400);
    expect((await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/claim`, { display_name: '<b>Ben</b>' })).status).toBe(400);
    expect((await asUser(t, ana, 'POST', '/v1/inbox/call_99999999/claim', {})).status).toBe(404);
    const revision = (await readJson(await t.call('GET', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}`), runSchema, 200)).revision;
    expect(revision).toBe(3);

    const active = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    for (const path of ['claim', 'hand-back']) {
      const res = await asUser(t, ana, 'POST', `/v1/inbox/${active.call_id}/${path}`, path === 'claim' ? {} : { node: 'topic' });
      expect((await readError(res, 409)).code).toBe('call_not_with_human');
    }
  });

  it("hands a conversation back to the agent at the node the operator picks: the workflow goes on with the conversation's variables", async () => {
    const run = await handedToHuman();
    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {});
    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/messages`, { content: 'Sorted, handing you back.' });

    const unknown = await readError(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/hand-back`, { node: 'nowhere' }), 400);
    expect(unknown.code).toBe('invalid_node');
    expect(unknown.message).toContain('welcome');
    expect((await readError(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/hand-back`, { node: 'welcome' }), 409)).code).toBe('already_claimed');

    const back = await readJson(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/hand-back`, { node: 'welcome' }), handBackResponseSchema, 200);
    expect(back).toMatchObject({ node: 'welcome', status: 'active', message: { content: 'Welcome back, Dana.\n\nHow can I help, Dana?' } });
    expect((await inboxOf(ana)).conversations.map((c) => c.call_id)).not.toContain(run.call_id);
    const pushed = (await t.app.runtime.events.after(run.workflow_run_id, 0)).map((e) => e.event);
    expect(pushed).toContainEqual({ type: 'message', message: expect.objectContaining({ author: 'agent', content: 'Welcome back, Dana.\n\nHow can I help, Dana?' }) });

    const next = await readJson(await say(run.workflow_run_id, 'a refund'), assistantReplySchema, 200);
    expect(next).toMatchObject({ content: 'Noted: a refund.\n\nHow can I help, Dana?', session_status: 'active' });
    // Handed back once, it can be handed to a human again, and claimed afresh.
    await say(run.workflow_run_id, 'human please');
    expect((await readJson(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/claim`, {}), inboxEntrySchema, 200)).claim?.display_name).toBe('ben');
  });

  it('pushes the queue to an open inbox stream as conversations arrive, are claimed, hear from the visitor and are handed back', async () => {
    const controller = new AbortController();
    const res = await t.app.request('/v1/inbox/events', { headers: { cookie: ben.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = readSse(res);
    const next = async () => {
      const { value } = await events.next();
      expect(value?.event).toBe('inbox');
      return parseExact(inboxResponseSchema, JSON.parse(value?.data ?? 'null'), 'inbox event');
    };
    const before = await next();

    const run = await handedToHuman();
    // The stream may coalesce the hand-off's changes; read until the conversation shows.
    let queue = await next();
    while (!queue.conversations.some((c) => c.call_id === run.call_id)) queue = await next();
    expect(queue.conversations).toHaveLength(before.conversations.length + 1);

    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {});
    expect((await next()).conversations.find((c) => c.call_id === run.call_id)?.claim?.display_name).toBe('ana');
    await say(run.workflow_run_id, 'Still there?');
    expect((await next()).conversations.find((c) => c.call_id === run.call_id)).toMatchObject({ unread_count: 1, last_message: { content: 'Still there?' } });
    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/hand-back`, { node: 'topic' });
    expect((await next()).conversations.map((c) => c.call_id)).not.toContain(run.call_id);
    controller.abort();
  });

  it('lets an API key work the inbox under the display name it gives', async () => {
    const run = await handedToHuman();
    const claimed = await readJson(await t.call('POST', `/v1/inbox/${run.call_id}/claim`, { display_name: 'Helpdesk bot' }), inboxEntrySchema, 200);
    expect(claimed.claim).toMatchObject({ claimed_by: expect.stringMatching(/^key_/), display_name: 'Helpdesk bot' });
    expect((await readError(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {}), 409)).message).toBe('Helpdesk bot has claimed this conversation');
    await t.call('POST', `/v1/calls/${run.call_id}/end`);
    expect((await readJson(await t.call('GET', '/v1/inbox'), inboxResponseSchema, 200)).conversations.map((c) => c.call_id)).not.toContain(run.call_id);
  });
});
