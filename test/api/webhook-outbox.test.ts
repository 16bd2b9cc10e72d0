import { OperationNodeTransformer, type KyselyPlugin, type RootOperationNode } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSchema } from '../../shared/api/agents-api.ts';
import { createApp } from '../../server/app.ts';
import { bootstrapWorkspace } from '../../server/bootstrap.ts';
import { composeServices } from '../../server/compose-services.ts';
import { createLlmClient } from '../../server/llm/create-llm-client.ts';
import { openDatabase } from '../../server/storage/database.ts';
import { createRepositories } from '../../server/storage/repositories.ts';
import { insertFirstAttempts } from '../../server/storage/webhook-deliveries-repo.ts';
import { composeWebhooks } from '../../server/webhooks/compose-webhooks.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { manualClock, type ManualClock } from '../helpers/manual-clock.ts';
import { readJson } from '../helpers/read-json.ts';
import { dropSchema, testDatabases, type TestDatabase } from '../helpers/test-databases.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/** The process dies on its way to the delivery queue: every insert into it fails. */
function diesBeforeQueueingDeliveries(): KyselyPlugin {
  const finder = new (class extends OperationNodeTransformer {
    hit = false;
    protected override transformInsertQuery(node: Parameters<OperationNodeTransformer['transformInsertQuery']>[0]) {
      if (node.into?.table.identifier.name === 'webhook_deliveries') this.hit = true;
      return super.transformInsertQuery(node);
    }
  })();
  return {
    transformQuery({ node }): RootOperationNode {
      finder.hit = false;
      finder.transformNode(node);
      if (finder.hit) throw new Error('the process died before the delivery was queued');
      return node;
    },
    transformResult: async ({ result }) => result,
  };
}

/** A whole app on `url`, as a server process would run it; `dying` is the one that dies mid-way. */
async function startApp(fresh: ReturnType<TestDatabase['fresh']>, clock: ManualClock, dying: boolean) {
  const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
  const repos = createRepositories(dying ? database.db.withPlugin(diesBeforeQueueingDeliveries()) : database.db, clock);
  const boot = await bootstrapWorkspace(repos, undefined);
  const llm = createLlmClient({ model: 'fake-model' });
  const logger = pino({ level: 'silent' });
  const services = composeServices({ repos, llm, clock, logger, webhooks: { allowPrivate: true } });
  const app = createApp({ database, repos, llm, logger, clock, version: 'test', services, publicUrl: () => 'http://localhost' });
  return { app, database, repos, generatedKey: boot.generatedKey };
}

describe.each(testDatabases())('webhook events written with the change they report, on $dialect', (target) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('delivers every event of a call exactly once after the process died between the commits and queueing their deliveries', async () => {
    const clock = manualClock('2026-07-01T00:00:00.000Z');
    const fresh = target.fresh();
    try {
      const first = await startApp(fresh, clock, true);
      const key = first.generatedKey ?? '';
      const call = (method: string, path: string, body?: unknown) =>
        first.app.request(path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      expect((await call('POST', '/v1/webhooks', { url: receiver.url, events: ['*'] })).status).toBe(201);
      const agent = (await readJson(await call('POST', '/v1/agents', loopAgentBody), agentSchema, 201)).id;
      const run = await readJson(await call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
      const chat = `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}`;
      // Every change is acknowledged: it is committed, whatever happens to its webhooks afterwards.
      expect((await call('POST', `/v1/calls/${run.call_id}/gather`, { prompt: 'PIN?' })).status).toBe(202);
      expect((await call('POST', `${chat}/gather`, { input: '42#' })).status).toBe(200);
      expect((await call('POST', `/v1/calls/${run.call_id}/transfer`, { destination: 'human' })).status).toBe(200);
      expect((await call('POST', `${chat}/messages`, { content: 'Anyone there?' })).status).toBe(200);
      expect((await call('POST', `/v1/calls/${run.call_id}/end`)).status).toBe(200);
      // The relay tries, and the process dies while it queues the deliveries.
      expect(await first.app.calls.webhooks.worker.runDue()).toBe(0);
      await first.database.close();
      expect(receiver.received).toHaveLength(0);

      // A new process on the same database, once the dead relay's claim has run out.
      clock.advance(30_001);
      const second = await startApp(fresh, clock, false);
      expect(await second.app.calls.webhooks.worker.runDue()).toBe(6);
      expect(await second.app.calls.webhooks.worker.runDue()).toBe(0);
      await second.database.close();
      const third = await startApp(fresh, clock, false);
      expect(await third.app.calls.webhooks.worker.runDue()).toBe(0);
      await third.database.close();

      expect(receiver.events()).toEqual(['call.started', 'call.gather.completed', 'transfer.initiated', 'transfer.completed', 'transfer.message', 'call.ended']);
      expect(new Set(receiver.received.map((d) => d.json.event_id)).size).toBe(6);
      const byEvent = Object.fromEntries(receiver.received.map((d) => [d.json.event, d.json.data]));
      expect(byEvent['call.gather.completed']).toMatchObject({ call_id: run.call_id, status: 'completed', input: '42' });
      expect(byEvent['transfer.message']).toMatchObject({ call_id: run.call_id, message: { content: 'Anyone there?' } });
      expect(byEvent['call.ended']).toMatchObject({ call: { call_id: run.call_id, ended_reason: 'api' } });
    } finally {
      receiver.received.length = 0;
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });

  it('queues an event once per webhook even when a relay that outlived its claim relays it again', async () => {
    const clock = manualClock('2026-07-01T00:00:00.000Z');
    const fresh = target.fresh();
    const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    try {
      const repos = createRepositories(database.db, clock);
      const webhooks = composeWebhooks({ repos, clock, logger: pino({ level: 'silent' }), options: { allowPrivate: true } });
      const workspace = await repos.workspaces.create('W');
      const hook = await webhooks.service.create(workspace.id, { url: receiver.url, events: ['*'], enabled: true });
      await repos.webhookOutbox.append([{ workspaceId: workspace.id, sessionId: null, event: 'test.run.completed', payload: { data: { run: 1 } } }]);

      // A slow relay claims the event, and stalls past its lease; another relays and sends it.
      const [stale] = await repos.webhookOutbox.claim(10, 30_000);
      if (!stale) throw new Error('nothing was claimed');
      clock.advance(30_001);
      expect(await webhooks.worker.runDue()).toBe(1);

      // The slow one wakes up: its claim is gone, so it writes nothing; and a delivery of the same attempt cannot be queued twice.
      const again = { workspaceId: workspace.id, webhookId: hook.webhook.id, sessionId: null, event: stale.event, eventId: stale.eventId, url: receiver.url, payload: '{}' };
      expect(await repos.webhookOutbox.relay(stale, [again])).toBe(false);
      await insertFirstAttempts(database.db, [again], new Date(clock.now()).toISOString());
      expect(await webhooks.worker.runDue()).toBe(0);
      expect(receiver.received.map((d) => [d.json.event_id, d.json.data])).toEqual([[stale.eventId, { run: 1 }]]);
      expect(await database.db.selectFrom('webhook_deliveries').select(['event_id', 'attempt']).execute()).toEqual([{ event_id: stale.eventId, attempt: 1 }]);
    } finally {
      receiver.received.length = 0;
      await database.close();
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });
});
