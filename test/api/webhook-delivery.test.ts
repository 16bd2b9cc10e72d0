import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../helpers/api-reads.ts';
import { callSchema, gatherSchema } from '../../shared/api/calls-api.ts';
import { callDeliveriesSchema, createdWebhookSchema } from '../../shared/api/webhooks-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { parseExact, readJson } from '../helpers/read-json.ts';
import { verifySignature } from '../../server/webhooks/signature.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { agentTestClient } from '../helpers/agent-test-client.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

describe.each(testDatabases())('webhook deliveries on $dialect', (target) => {
  const clock = manualClock('2026-06-01T08:00:00.000Z');
  let t: TestApp;
  let loop: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    // No jitter, so the retry times are exact: 3 s, then 12 s, ...
    t = await createTestApp(target, { clock, webhooks: { random: () => 0, timeoutMs: 200 } });
    loop = (await createAgent(t, loopAgentBody)).id;
  });
  afterEach(async () => {
    for (const w of (await t.repos.webhooks.list(t.workspaceId))) await t.repos.webhooks.remove(w);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function receiver(answer?: (n: number) => number | 'hang') {
    const r = await startWebhookReceiver(answer);
    receivers.push(r);
    return r;
  }
  async function subscribe(url: string, events: string[] = ['*']) {
    return readJson(await t.call('POST', '/v1/webhooks', { url, events }), createdWebhookSchema, 201);
  }
  async function start(agent = loop) {
    return readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
  }
  const runDue = () => t.app.calls.webhooks.worker.runDue();
  const log = async (callId: string) => (await readJson(await t.call('GET', `/v1/calls/${callId}/webhooks`), callDeliveriesSchema, 200)).deliveries;

  it('retries a receiver that fails twice, with backoff, and records three attempts of one event id', async () => {
    const r = await receiver((n) => (n <= 2 ? 500 : 200));
    await subscribe(r.url, ['call.started']);
    const run = await start();
    expect(await runDue()).toBe(1);
    expect(await runDue()).toBe(0);
    clock.advance(2_999);
    expect(await runDue()).toBe(0);
    clock.advance(1);
    expect(await runDue()).toBe(1);
    clock.advance(12_000);
    expect(await runDue()).toBe(1);
    clock.advance(3_600_000);
    expect(await runDue()).toBe(0);

    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((d) => d.json.event_id)).size).toBe(1);
    expect(new Set(r.received.map((d) => d.body)).size).toBe(1);
    expect(r.received.map((d) => d.headers['x-parley-delivery-attempt'])).toEqual(['1', '2', '3']);
    const deliveries = await log(run.call_id);
    expect(deliveries.map((d) => [d.attempt, d.status_code, d.success, d.status])).toEqual([
      [1, 500, false, 'failed'],
      [2, 500, false, 'failed'],
      [3, 200, true, 'succeeded'],
    ]);
    expect(new Set(deliveries.map((d) => d.event_id))).toEqual(new Set([r.received[0]?.json.event_id]));
    expect(deliveries[0]).toMatchObject({ event: 'call.started', url: r.url, error: 'HTTP 500: receiver is down' });
  });

  it('signs every delivery so the receiver can verify it, and a tampered one fails', async () => {
    const r = await receiver();
    const { secret } = await subscribe(r.url, ['call.started']);
    await start();
    await runDue();
    const [delivery] = r.received;
    if (!delivery) throw new Error('nothing was delivered');
    const header = String(delivery.headers['x-parley-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSeconds = clock.now() / 1000;
    expect(verifySignature({ secret, header, body: delivery.body, nowSeconds })).toBe(true);
    expect(verifySignature({ secret, header, body: delivery.body.replace('call.started', 'call.ended'), nowSeconds })).toBe(false);
    expect(verifySignature({ secret: `${secret}x`, header, body: delivery.body, nowSeconds })).toBe(false);
    expect(verifySignature({ secret, header, body: delivery.body, nowSeconds: nowSeconds + 301 })).toBe(false);
    expect(delivery.headers['x-parley-event-id']).toBe(delivery.json.event_id);
    expect(delivery.json).toMatchObject({ event: 'call.started', data: { call: { status: 'in-progress', agent_id: loop } } });
  });

  it('sends each event to the webhooks subscribed to it, through a whole call', async () => {
    const all = await receiver();
    const transfers = await receiver();
    await subscribe(all.url, ['*']);
    await subscribe(transfers.url, ['transfer.*']);
    const disabled = await subscribe((await receiver()).url, ['*']);
    await t.call('PATCH', `/v1/webhooks/${disabled.id}`, { enabled: false });

    const run = await start();
    const gather = await readJson(await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'PIN?' }), gatherSchema, 202);
    await t.call('POST', `/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}/gather`, { input: '12#' });
    await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' });
    await t.call('POST', `/workflow/${loop}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'Help me' });
    await t.call('POST', `/v1/calls/${run.call_id}/end`);
    await runDue();

    expect(all.events()).toEqual(['call.started', 'call.gather.completed', 'transfer.initiated', 'transfer.completed', 'transfer.message', 'call.ended']);
    expect(transfers.events()).toEqual(['transfer.initiated', 'transfer.completed', 'transfer.message']);
    const byEvent = Object.fromEntries(all.received.map((d) => [d.json.event, d.json.data]));
    expect(byEvent['call.gather.completed']).toEqual({ call_id: run.call_id, gather_id: gather.gather_id, status: 'completed', input: '12' });
    expect(byEvent['transfer.completed']).toEqual({ call_id: run.call_id, destination: 'human' });
    expect(byEvent['transfer.message']).toMatchObject({ call_id: run.call_id, message: { role: 'user', content: 'Help me', index: 1 } });
    expect(byEvent['call.ended']).toMatchObject({ call: { call_id: run.call_id, status: 'transferred', ended_reason: 'api' } });
    expect((await log(run.call_id)).length).toBe(9);
  });

  it('reports a hand-off the workflow could not make, and a gather that timed out; a refused request reports nothing', async () => {
    const r = await receiver();
    await subscribe(r.url, ['transfer.*', 'call.gather.completed']);
    const stray = {
      name: 'Stray',
      workflow: { start: 'ask', nodes: { ask: { type: 'ask', text: 'Topic?', save_as: 'topic', next: 'away' }, away: { type: 'transfer', destination: 'agent_00000000' } } },
    };
    const agent = (await createAgent(t, stray)).id;
    const run = await start(agent);
    expect((await t.call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'agent_00000001' })).status).toBe(404);
    await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'billing' });
    await t.call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'PIN?', timeout_seconds: 5 });
    clock.advance(5_000);
    await t.app.calls.gathers.sweep();
    await runDue();
    expect(r.received.map((d) => [d.json.event, d.json.data.destination ?? d.json.data.status])).toEqual([
      ['transfer.initiated', 'agent_00000000'],
      ['transfer.failed', 'agent_00000000'],
      ['call.gather.completed', 'timeout'],
    ]);
    expect(r.received[1]?.json.data.error).toMatch(/not found or has no published workflow/);
  });

  it('reports a transfer the workflow makes, and a finished agent test run, but not the sessions that run made', async () => {
    const r = await receiver();
    await subscribe(r.url, ['transfer.completed', 'test.run.completed', 'call.started']);
    const claims = (await createAgent(t, claimAgentBody())).id;
    const run = await start(claims);
    for (const text of ['a', 'b', 'c']) await t.call('POST', `/workflow/${claims}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: text });
    const test = await agentTestClient(t).create(claims, { name: 'Looks up', type: 'tool', config: { context: '123456', expected_tool: 'get_policy' } });
    const testRun = await agentTestClient(t).run(test.id);
    await runDue();
    expect(r.received.map((d) => d.json.event)).toEqual(['call.started', 'transfer.completed', 'test.run.completed']);
    expect(r.received[2]?.json.data).toMatchObject({ run: { id: testRun.id, status: testRun.status, test_id: test.id } });
    expect((await log(run.call_id)).map((d) => d.event)).toEqual(['call.started', 'transfer.completed']);
  });

  it('times out a receiver that does not answer, and gives up after seven attempts over about an hour', async () => {
    const r = await receiver(() => 'hang');
    await subscribe(r.url, ['call.started']);
    const run = await start();
    const started = clock.now();
    for (let i = 0; i < 10; i++) {
      await runDue();
      clock.advance(60 * 60_000);
    }
    const deliveries = await log(run.call_id);
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(deliveries.every((d) => d.status === 'failed' && d.status_code === null && d.error === 'timed out after 200 ms')).toBe(true);
    // Each retry is due 3 s, 12 s, 48 s, 192 s, 768 s and 3072 s after the failure before it: 7 attempts in ~68 minutes.
    const rows = await t.database.db.selectFrom('webhook_deliveries').select(['attempt', 'created_at', 'due_at']).where('session_id', '=', run.workflow_run_id).orderBy('attempt').execute();
    expect(rows.slice(1).map((row) => (Date.parse(row.due_at) - Date.parse(row.created_at)) / 1000)).toEqual([3, 12, 48, 192, 768, 3072]);
    expect(clock.now() - started).toBeGreaterThan(7 * 60 * 60_000);
  });

  it('holds back the rest of a webhook\'s queue behind a failed delivery, keeping their order', async () => {
    const r = await receiver((n) => (n === 1 ? 503 : 200));
    await subscribe(r.url, ['call.started']);
    const first = await start();
    const second = await start();
    expect(await runDue()).toBe(1);
    // The retry is due after 3 s, the event held back right after it.
    clock.advance(3_001);
    expect(await runDue()).toBe(2);
    const callOf = (d: { json: { data: Record<string, unknown> } }) => parseExact(callSchema, d.json.data.call).call_id;
    expect(r.received.map(callOf)).toEqual([first.call_id, first.call_id, second.call_id]);
    expect((await log(second.call_id)).map((d) => [d.attempt, d.status])).toEqual([[1, 'succeeded']]);
  });

  it('cancels pending attempts of a webhook that was deleted', async () => {
    const r = await receiver(() => 503);
    const hook = await subscribe(r.url, ['call.started']);
    const run = await start();
    await runDue();
    await t.call('DELETE', `/v1/webhooks/${hook.id}`);
    clock.advance(3_000);
    await runDue();
    expect(r.received).toHaveLength(1);
    expect((await log(run.call_id)).map((d) => d.status)).toEqual(['failed', 'cancelled']);
  });
});
