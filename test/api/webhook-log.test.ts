import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createdWebhookSchema, deliveryDetailSchema, deliveryLogSchema, webhookSchema } from '../../shared/api/webhooks-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/** The headers of a delivery as the Standard Webhooks library takes them. */
function standardHeaders(delivery: ReceivedDelivery | undefined): Record<string, string> {
  if (!delivery) throw new Error('nothing was delivered');
  return Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(delivery.headers[name])]));
}

describe.each(testDatabases())('webhook signing, secret rotation and the delivery log on $dialect', (target) => {
  // Near the real time: the Standard Webhooks library checks the timestamp against its own clock.
  const clock = manualClock(Date.now());
  let t: TestApp;
  let loop: string;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await createTestApp(target, { clock, webhooks: { random: () => 0, timeoutMs: 500 } });
    loop = (await createAgent(t, loopAgentBody)).id;
  });
  afterEach(async () => {
    for (const w of await t.repos.webhooks.list(t.workspaceId)) await t.repos.webhooks.remove(w);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function receiver(answer?: (n: number) => number) {
    const r = await startWebhookReceiver(answer);
    receivers.push(r);
    return r;
  }
  const subscribe = async (url: string) => readJson(await t.call('POST', '/v1/webhooks', { url, events: ['call.started'] }), createdWebhookSchema, 201);
  const startCall = async () => readJson(await t.call('POST', `/workflow/${loop}/text-chat/sessions`, {}), runSchema, 201);
  const runDue = () => t.app.calls.webhooks.worker.runDue();
  const rotate = async (id: string, body: object) => readJson(await t.call('POST', `/v1/webhooks/${id}/rotate-secret`, body), createdWebhookSchema, 200);
  const logOf = async (id: string, query = '') => readJson(await t.call('GET', `/v1/webhooks/${id}/deliveries${query}`), deliveryLogSchema, 200);

  it("signs per Standard Webhooks, verified by the specification's own library, with webhook-id the event id", async () => {
    const r = await receiver();
    const { secret } = await subscribe(r.url);
    await startCall();
    await runDue();
    const [delivery] = r.received;
    const headers = standardHeaders(delivery);
    expect(new Webhook(secret).verify(delivery?.body ?? '', headers)).toMatchObject({ event: 'call.started' });
    expect(headers['webhook-id']).toBe(delivery?.json.event_id);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(clock.now() / 1000)));
    expect(delivery?.headers['x-parley-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('rotates a secret: both sign during the grace period, then only the new one', async () => {
    const r = await receiver();
    const created = await subscribe(r.url);
    const rotated = await rotate(created.id, { grace_seconds: 120 });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previous_secret_until).toBe(new Date(clock.now() + 120_000).toISOString());
    const read = await readJson(await t.call('GET', `/v1/webhooks/${created.id}`), webhookSchema, 200);
    expect(read).not.toHaveProperty('secret');
    expect(read.secret_hint).toBe(`${rotated.secret.slice(0, 10)}…`);

    await startCall();
    await runDue();
    const during = standardHeaders(r.received[0]);
    expect(during['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new Webhook(created.secret).verify(r.received[0]?.body ?? '', during)).toBeTruthy();
    expect(new Webhook(rotated.secret).verify(r.received[0]?.body ?? '', during)).toBeTruthy();

    clock.advance(120_000);
    await startCall();
    await runDue();
    const after = standardHeaders(r.received[1]);
    expect(after['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(new Webhook(rotated.secret).verify(r.received[1]?.body ?? '', after)).toBeTruthy();
    expect(() => new Webhook(created.secret).verify(r.received[1]?.body ?? '', after)).toThrow(/No matching signature/);
  });

  it('rotates with no grace when asked, and refuses a grace that is not a whole number of seconds up to a week', async () => {
    const created = await subscribe((await receiver()).url);
    expect((await rotate(created.id, { grace_seconds: 0 })).previous_secret_until).toBeNull();
    for (const body of [{ grace_seconds: -1 }, { grace_seconds: 1.5 }, { grace_seconds: 7 * 86400 + 1 }, { grace_seconds: '60' }, { other: 1 }]) {
      expect((await readError(await t.call('POST', `/v1/webhooks/${created.id}/rotate-secret`, body), 400)).code).toBe('invalid_request');
    }
    expect((await readError(await t.call('POST', '/v1/webhooks/wh_01J00000000000000000000000/rotate-secret', {}), 404)).code).toBe('not_found');
    const read = await readJson(await t.call('GET', `/v1/webhooks/${created.id}`), webhookSchema, 200);
    expect(read.previous_secret_until).toBeNull();
  });

  it("logs each attempt's request without its signatures, the answer and the timing, newest first, a page at a time", async () => {
    const r = await receiver((n) => (n === 1 ? 500 : 200));
    const created = await subscribe(r.url);
    await startCall();
    await runDue();
    clock.advance(3_000);
    await runDue();
    await startCall();
    await runDue();

    const all = await logOf(created.id);
    expect(all.deliveries.map((d) => [d.attempt, d.status, d.response?.status_code])).toEqual([
      [1, 'succeeded', 200],
      [2, 'succeeded', 200],
      [1, 'failed', 500],
    ]);
    const failed = all.deliveries[2];
    expect(failed?.response).toEqual({ status_code: 500, body: 'receiver is down' });
    expect(failed?.request.body).toBe(r.received[0]?.body);
    expect(failed?.request.headers).toMatchObject({ 'webhook-id': failed?.event_id, 'x-parley-delivery-attempt': '1', 'content-type': 'application/json' });
    expect(Object.keys(failed?.request.headers ?? {})).not.toContain('webhook-signature');
    expect(Object.keys(failed?.request.headers ?? {})).not.toContain('x-parley-signature');
    expect(failed?.duration_ms).toBeGreaterThanOrEqual(0);

    const first = await logOf(created.id, '?limit=2');
    expect(first.deliveries).toHaveLength(2);
    const second = await logOf(created.id, `?limit=2&after=${first.next_cursor}`);
    expect(second.deliveries.map((d) => d.id)).toEqual([failed?.id]);
    expect(second.next_cursor).toBeNull();
    expect((await logOf(created.id, '?status=failed')).deliveries.map((d) => d.id)).toEqual([failed?.id]);
    expect((await logOf(created.id, '?event=call.ended')).deliveries).toEqual([]);
    for (const query of ['?status=lost', '?event=call.unknown', '?after=x', '?limit=0', '?limit=101']) {
      expect((await readError(await t.call('GET', `/v1/webhooks/${created.id}/deliveries${query}`), 400)).code).toBe('invalid_request');
    }
  });

  it('redelivers an event as a new attempt with the same event id and body, once at a time', async () => {
    const r = await receiver();
    const created = await subscribe(r.url);
    await startCall();
    await runDue();
    const [sent] = (await logOf(created.id)).deliveries;
    if (!sent) throw new Error('nothing was logged');

    const queued = await readJson(await t.call('POST', `/v1/webhooks/deliveries/${sent.id}/redeliver`), deliveryDetailSchema, 202);
    expect(queued).toMatchObject({ event_id: sent.event_id, attempt: 2, status: 'pending', response: null, request: { headers: null, body: sent.request.body } });
    expect((await readError(await t.call('POST', `/v1/webhooks/deliveries/${sent.id}/redeliver`), 409)).message).toMatch(/still queued/);
    await runDue();
    expect(r.received.map((d) => [d.json.event_id, d.headers['x-parley-delivery-attempt']])).toEqual([
      [sent.event_id, '1'],
      [sent.event_id, '2'],
    ]);
    expect(r.received[1]?.body).toBe(r.received[0]?.body);
    expect((await logOf(created.id)).deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [2, 'succeeded'],
      [1, 'succeeded'],
    ]);

    await t.call('PATCH', `/v1/webhooks/${created.id}`, { enabled: false });
    expect((await readError(await t.call('POST', `/v1/webhooks/deliveries/${sent.id}/redeliver`), 409)).message).toMatch(/disabled/);
    await readError(await t.call('POST', '/v1/webhooks/deliveries/999999/redeliver'), 404);
    for (const id of ['0', 'abc', '99999999999']) await readError(await t.call('POST', `/v1/webhooks/deliveries/${id}/redeliver`), 400);
    expect(r.received).toHaveLength(2);
  });
});
