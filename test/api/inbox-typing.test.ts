import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxTypingEventSchema } from '../../shared/api/inbox-api.ts';
import { operatorTypingEventSchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { parseExact, readJson } from '../helpers/read-json.ts';
import { readSse } from '../helpers/sse.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const deskBody = {
  name: 'Typing desk',
  workflow: {
    start: 'topic',
    nodes: {
      topic: { type: 'ask', text: 'How can I help?', save_as: 'topic', next: 'topic' },
      person: { type: 'transfer', text: 'Connecting you to a person.', destination: 'human' },
    },
    interrupts: [{ match: ['human'], to: 'person' }],
  },
};

describe.each(testDatabases())('typing in a conversation with a person, both ways, on $dialect', (target) => {
  let t: TestApp;
  let agent: string;
  let ana: ConsoleUser;
  let ben: ConsoleUser;

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, startTestRuns: false });
    agent = (await createAgent(t, deskBody)).id;
    ana = await addUser(t, 'ana@example.com', 'operator');
    ben = await addUser(t, 'ben@example.com', 'operator');
  });
  afterAll(() => t.close());

  const runPath = (run: number) => `/workflow/${agent}/text-chat/sessions/${run}`;
  const open = (path: string, headers: Record<string, string>, signal: AbortSignal) => t.app.request(path, { headers, signal });
  /** The next event of `name` on a stream, skipping the others. */
  async function nextOf(events: AsyncGenerator<{ event?: string | undefined; data: string; id?: string | undefined }>, name: string) {
    for (;;) {
      const { value, done } = await events.next();
      if (done || !value) throw new Error(`the stream ended before a ${name} event`);
      if (value.event === name) return value;
    }
  }

  it("shows the claimer's typing on the visitor's events stream and the visitor's on the inbox stream, storing neither", async () => {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    // While the agent has the conversation there is nobody to tell.
    expect((await readError(await t.call('POST', `${runPath(run.workflow_run_id)}/typing`), 409)).code).toBe('call_not_with_human');
    await t.call('POST', `${runPath(run.workflow_run_id)}/messages`, { content: 'human' });
    expect((await readError(await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/typing`), 409)).code).toBe('not_claimed');
    await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/claim`, {});
    const storedBefore = await t.app.runtime.events.after(run.workflow_run_id, 0);

    const controller = new AbortController();
    const visitor = readSse(await open(`${runPath(run.workflow_run_id)}/events`, { authorization: `Bearer ${t.key}` }, controller.signal));
    await nextOf(visitor, 'transferred');
    const inbox = readSse(await open('/v1/inbox/events', { cookie: ana.cookie }, controller.signal));
    await nextOf(inbox, 'inbox');

    expect((await asUser(t, ana, 'POST', `/v1/inbox/${run.call_id}/typing`)).status).toBe(204);
    const told = await nextOf(visitor, 'typing');
    expect(told.id).toBeUndefined();
    expect(parseExact(operatorTypingEventSchema, JSON.parse(told.data), 'typing event')).toEqual({ type: 'typing', author: 'operator', author_name: 'ana' });
    // Only the claimer's writing is shown.
    expect((await readError(await asUser(t, ben, 'POST', `/v1/inbox/${run.call_id}/typing`), 409)).code).toBe('already_claimed');

    expect((await t.call('POST', `${runPath(run.workflow_run_id)}/typing`)).status).toBe(204);
    expect(parseExact(inboxTypingEventSchema, JSON.parse((await nextOf(inbox, 'typing')).data), 'inbox typing event')).toEqual({ call_id: run.call_id, author: 'user' });
    controller.abort();

    // Signals, not events: nothing was stored, the transcript is as it was.
    expect(await t.app.runtime.events.after(run.workflow_run_id, 0)).toEqual(storedBefore);
    const transcript = await readJson(await t.call('GET', runPath(run.workflow_run_id)), runSchema, 200);
    expect(transcript.messages.map((m) => m.content)).toEqual(['How can I help?', 'human', 'Connecting you to a person.']);
  });

  it("limits a visitor's typing signals per conversation", async () => {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    await t.call('POST', `${runPath(run.workflow_run_id)}/messages`, { content: 'human' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.call('POST', `${runPath(run.workflow_run_id)}/typing`)).status);
    expect(statuses).toEqual([204, 204, 204, 204, 204, 429]);
  });
});
