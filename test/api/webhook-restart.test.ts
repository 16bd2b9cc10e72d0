import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/database.ts';
import { createRepositories } from '../../server/storage/repositories.ts';
import { composeWebhooks } from '../../server/webhooks/compose-webhooks.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { dropSchema, testDatabases } from '../helpers/test-databases.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

describe.each(testDatabases())('the webhook queue across a restart on $dialect', (target) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('delivers what a stopped process queued, and takes over an attempt a crashed worker was sending', async () => {
    const clock = manualClock('2026-07-01T00:00:00.000Z');
    const fresh = target.fresh();
    const open = () => openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    const logger = pino({ level: 'silent' });

    // The first process queues three events, then dies while sending one of them.
    const first = await open();
    const repos = createRepositories(first.db, clock);
    const before = composeWebhooks({ repos, clock, logger, options: { allowPrivate: true } });
    const workspace = await repos.workspaces.create('W');
    await before.service.create(workspace.id, { url: receiver.url, events: ['*'], enabled: true });
    for (const n of [1, 2, 3]) await before.emitter.emit(workspace.id, 'test.run.completed', { run: n });
    const [held] = await repos.webhookDeliveries.claimDue(1, 30_000);
    expect(held).toBeDefined();
    await first.close();
    expect(receiver.received).toHaveLength(0);

    // A new process on the same database sends what was queued; the held attempt waits for its lease.
    const second = await open();
    try {
      const after = composeWebhooks({ repos: createRepositories(second.db, clock), clock, logger, options: { allowPrivate: true } });
      expect(await after.worker.runDue()).toBe(2);
      clock.advance(30_001);
      expect(await after.worker.runDue()).toBe(1);
      expect(await after.worker.runDue()).toBe(0);
      expect(receiver.received.map((d) => d.json.data.run).sort()).toEqual([1, 2, 3]);
      const statuses = await second.db.selectFrom('webhook_deliveries').select(['status', 'attempt']).execute();
      expect(statuses).toEqual([1, 2, 3].map(() => ({ status: 'succeeded', attempt: 1 })));
    } finally {
      await second.close();
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });

  it('never lets two processes claim the same attempt, nor one claim more than it asked for', async () => {
    const clock = manualClock('2026-07-01T00:00:00.000Z');
    const fresh = target.fresh();
    const open = () => openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
    const [one, two] = [await open(), await open()];
    try {
      const [a, b] = [createRepositories(one.db, clock), createRepositories(two.db, clock)];
      const webhooks = composeWebhooks({ repos: a, clock, logger: pino({ level: 'silent' }), options: { allowPrivate: true } });
      const workspace = await a.workspaces.create('W');
      await webhooks.service.create(workspace.id, { url: receiver.url, events: ['*'], enabled: true });
      for (const n of [1, 2, 3, 4, 5]) await webhooks.emitter.emit(workspace.id, 'test.run.completed', { run: n });
      const claims = await Promise.all([a.webhookDeliveries.claimDue(3, 30_000), b.webhookDeliveries.claimDue(3, 30_000)]);
      expect(claims.map((claimed) => claimed.length <= 3)).toEqual([true, true]);
      const ids = claims.flat().map((d) => d.id);
      expect(ids).toHaveLength(5);
      expect(new Set(ids).size).toBe(5);
    } finally {
      await Promise.all([one.close(), two.close()]);
      if (fresh.schema) await dropSchema(fresh.url, fresh.schema);
    }
  });
});
