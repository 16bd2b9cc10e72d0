import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** A booking agent whose first node is a form: three fields asked in one message. */
const bookingAgent = (formExtra: Record<string, unknown> = {}) => ({
  name: 'Bookings',
  workflow: {
    start: 'details',
    nodes: {
      details: {
        type: 'form',
        text: 'To book I need your name, e-mail and party size.',
        fields: [{ name: 'name' }, { name: 'email', label: 'e-mail', type: 'email' }, { name: 'party_size', type: 'number', min: 1, max: 12 }],
        max_retries: 1,
        next: 'done',
        on_fail: 'human',
        ...formExtra,
      },
      done: { type: 'end', text: 'Booked for {{party_size}}, {{name}}.' },
      human: { type: 'transfer', text: 'Let me find someone to help.', destination: 'human' },
    },
  },
});

describe.each(testDatabases())('form node through the text-chat API on $dialect', (target) => {
  let t: TestApp;
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    agent = (await (await t.call('POST', '/v1/agents', bookingAgent())).json()).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const sessions = `/workflow/{agent}/text-chat/sessions`;
  const path = () => sessions.replace('{agent}', agent);
  async function start() {
    const res = await t.call('POST', path(), {});
    expect(res.status).toBe(201);
    return res.json();
  }
  async function say(run: number, content: string) {
    const res = await t.call('POST', `${path()}/${run}/messages`, { content });
    expect(res.status).toBe(200);
    return res.json();
  }

  it('asks for the missing fields only, then ends the call with every field saved', async () => {
    const run = await start();
    expect(run.messages).toEqual([expect.objectContaining({ index: 0, content: 'To book I need your name, e-mail and party size.' })]);
    const partial = await say(run.workflow_run_id, 'Ada Lovelace, 4 people');
    expect(partial).toMatchObject({ content: 'Thanks. I still need your e-mail.', session_status: 'active' });
    const invalid = await say(run.workflow_run_id, 'ada@nowhere');
    expect(invalid).toMatchObject({ content: "Sorry, I didn't catch that. I still need your e-mail.", session_status: 'active' });
    const done = await say(run.workflow_run_id, 'ada@example.com');
    expect(done).toMatchObject({ content: 'Booked for 4, Ada Lovelace.', session_status: 'ended' });
    const call = await (await t.call('GET', `/v1/calls/${run.call_id}`)).json();
    expect(call.extracted_data).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', party_size: 4 });
  });

  it('hands over to on_fail once max_retries answers added nothing', async () => {
    const run = await start();
    await say(run.workflow_run_id, 'Ada');
    const retry = await say(run.workflow_run_id, 'no idea');
    expect(retry.content).toBe("Sorry, I didn't catch that. I still need your e-mail and party size.");
    const failed = await say(run.workflow_run_id, 'still no idea');
    expect(failed).toMatchObject({ content: 'Let me find someone to help.', session_status: 'transferred' });
  });

  it('refuses a form with an unknown field type or a dangling next with a 400, creating nothing', async () => {
    const unknownType = await t.call('POST', '/v1/agents', bookingAgent({ fields: [{ name: 'when', type: 'datetime' }] }));
    expect(unknownType.status).toBe(400);
    expect((await unknownType.json()).error.message).toContain('nodes.details.fields');
    const dangling = await t.call('POST', '/v1/agents', bookingAgent({ next: 'nowhere' }));
    expect(dangling.status).toBe(400);
    expect((await dangling.json()).error.message).toBe('Node "details": next target "nowhere" does not exist');
    const list = await (await t.call('GET', '/v1/agents')).json();
    expect(list.data ?? list.agents ?? list).toHaveLength(1);
  });
});
