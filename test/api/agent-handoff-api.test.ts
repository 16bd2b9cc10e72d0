import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../helpers/api-reads.ts';
import { callDetailSchema } from '../../shared/api/calls-api.ts';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** The agent calls are handed to: it asks for an order number, forever. */
const ordersBody = {
  name: 'Orders',
  workflow: {
    start: 'ask',
    nodes: {
      ask: { type: 'ask', text: 'Orders desk: your order number?', save_as: 'order', next: 'got' },
      got: { type: 'say', text: 'Order {{order}} noted.', next: 'ask' },
    },
  },
};

/** A front desk that asks what the caller needs, then hands orders to the Orders agent. */
const frontDeskBody = (orders: string) => ({
  name: 'Front desk',
  workflow: {
    start: 'topic',
    nodes: {
      topic: { type: 'ask', text: 'Front desk: orders or billing?', choices: ['orders', 'billing'], save_as: 'topic', next: 'route' },
      route: { type: 'branch', cases: [{ if: { var: 'topic', eq: 'orders' }, to: 'to_orders' }], else: 'billing' },
      to_orders: { type: 'transfer', text: 'Passing you to orders.', destination: orders },
      billing: { type: 'say', text: 'Billing is closed today.', next: 'topic' },
    },
  },
});

/** A router whose very first node hands the conversation to another agent. */
const routerBody = (orders: string) => ({
  name: 'Router',
  workflow: { start: 'go', nodes: { go: { type: 'transfer', text: 'Routing you now.', destination: orders } } },
});

/** An agent whose opening goes round in circles while `topic` is "orders": the data keeps it in the loop. */
const spinnerBody = {
  name: 'Spinner',
  workflow: {
    start: 'spin',
    nodes: {
      spin: { type: 'say', text: 'Spinning.', next: 'check' },
      check: { type: 'branch', cases: [{ if: { var: 'topic', eq: 'orders' }, to: 'spin' }], else: 'bye' },
      bye: { type: 'end', text: 'Bye.' },
    },
  },
};

describe.each(testDatabases())('hand-offs between agents on $dialect', (target) => {
  let t: TestApp;
  let orders: string;
  let frontDesk: string;
  let router: string;
  let toSpinner: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    orders = (await createAgent(t, ordersBody)).id;
    frontDesk = (await createAgent(t, frontDeskBody(orders))).id;
    router = (await createAgent(t, routerBody(orders))).id;
    const spinner = (await createAgent(t, spinnerBody)).id;
    toSpinner = (await createAgent(t, frontDeskBody(spinner))).id;
  });
  afterAll(() => t.close());

  const sessions = (agent: string) => `/workflow/${agent}/text-chat/sessions`;
  const start = async (agent: string) => readJson(await t.call('POST', sessions(agent), {}), runSchema, 201);
  const say = async (agent: string, run: number, content: string) => readJson(await t.call('POST', `${sessions(agent)}/${run}/messages`, { content }), assistantReplySchema, 200);
  const read = async (agent: string, run: number) => readJson(await t.call('GET', `${sessions(agent)}/${run}`), runSchema, 200);

  it('rewinding to a message from before a hand-off runs the agent of that message again', async () => {
    const run = await start(frontDesk);
    const handedOff = await say(frontDesk, run.workflow_run_id, 'orders');
    expect(handedOff.content).toBe('Passing you to orders.\n\nOrders desk: your order number?');
    expect((await say(frontDesk, run.workflow_run_id, '1234')).content).toBe('Order 1234 noted.\n\nOrders desk: your order number?');

    const res = await t.call('POST', `${sessions(frontDesk)}/${run.workflow_run_id}/rewind`, { message_index: 0 });
    const rewound = await readJson(res, runSchema, 200);
    expect(rewound.agent_id).toBe(frontDesk);
    expect(rewound.messages).toHaveLength(1);

    // The front desk's workflow answers again: billing is its branch, the Orders agent has none.
    expect((await say(frontDesk, run.workflow_run_id, 'billing')).content).toBe('Billing is closed today.\n\nFront desk: orders or billing?');
    expect((await read(frontDesk, run.workflow_run_id)).agent_id).toBe(frontDesk);
  });

  it("rewinding to the opening forgets the abandoned branch's answers, so a transfer afterwards does not hand them on", async () => {
    const run = await start(frontDesk);
    await say(frontDesk, run.workflow_run_id, 'orders');
    await say(frontDesk, run.workflow_run_id, '1234');
    const call = async () => readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect((await call()).extracted_data).toEqual({ topic: 'orders', order: '1234' });

    expect((await t.call('POST', `${sessions(frontDesk)}/${run.workflow_run_id}/rewind`, { message_index: 0 })).status).toBe(200);
    expect((await call()).extracted_data).toEqual({});

    expect((await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: orders })).status).toBe(200);
    expect((await call()).extracted_data).toEqual({});
  });

  it('rewinding to a message after the hand-off stays with the agent that took over', async () => {
    const run = await start(frontDesk);
    await say(frontDesk, run.workflow_run_id, 'orders');
    await say(frontDesk, run.workflow_run_id, '77');
    const res = await t.call('POST', `${sessions(frontDesk)}/${run.workflow_run_id}/rewind`, { message_index: 2 });
    expect((await readJson(res, runSchema, 200)).agent_id).toBe(orders);
    expect((await say(frontDesk, run.workflow_run_id, '88')).content).toBe('Order 88 noted.\n\nOrders desk: your order number?');
  });

  it('a workflow whose start node transfers to an agent hands off at once, and its opening is joined by the destination agent\'s', async () => {
    const run = await start(router);
    expect(run.status).toBe('active');
    expect(run.agent_id).toBe(orders);
    expect(run.messages).toEqual([expect.objectContaining({ role: 'assistant', content: 'Routing you now.\n\nOrders desk: your order number?' })]);
    expect((await say(router, run.workflow_run_id, '5')).content).toBe('Order 5 noted.\n\nOrders desk: your order number?');
  });

  it('a hand-off to an agent whose opening cannot settle keeps the visitor message and answers with an apology', async () => {
    const run = await start(toSpinner);
    const reply = await say(toSpinner, run.workflow_run_id, 'orders');
    expect(reply.content).toMatch(/something went wrong/i);
    const after = await read(toSpinner, run.workflow_run_id);
    expect(after.agent_id).toBe(toSpinner);
    expect(after.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(after.messages[1]?.content).toBe('orders');
  });

  it("a visitor's widget keeps reaching a session through the agent it was embedded for after a start node hands it off", async () => {
    const origin = 'https://shop.example';
    const embedded = (await createAgent(t, { ...routerBody(orders), widget: { enabled: true, allowed_origins: [origin] } })).id;
    const res = await t.app.request(sessions(embedded), { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    const run = await readJson(res, runSchema, 201);
    expect(run.agent_id).toBe(orders);
    const reply = await t.app.request(`${sessions(embedded)}/${run.workflow_run_id}/messages`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', 'x-session-token': run.session_token ?? '' },
      body: JSON.stringify({ content: '9' }),
    });
    expect((await readJson(reply, assistantReplySchema, 200)).content).toBe('Order 9 noted.\n\nOrders desk: your order number?');
  });
});
