import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrain } from '../../server/http/drain.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('health probes for orchestrators on $dialect', (target) => {
  let t: TestApp;
  const drain = createDrain();
  const sweeper = { running: true };
  beforeAll(async () => {
    t = await createTestApp(target, { drain, workers: () => ({ 'session sweep': sweeper, 'test runs': { running: true } }) });
  });
  afterAll(() => t.close());

  const ready = async () => {
    const res = await t.app.request('/health/ready');
    return { status: res.status, body: await res.json() };
  };

  it('is live and ready once migrated with its workers running', async () => {
    const live = await t.app.request('/health/live');
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', workers: { 'session sweep': 'running', 'test runs': 'running' }, draining: false } },
    });
  });

  it('is not ready while a background worker is stopped', async () => {
    sweeper.running = false;
    const answer = await ready();
    sweeper.running = true;
    expect(answer).toMatchObject({ status: 503, body: { status: 'not ready', checks: { workers: { 'session sweep': 'stopped' }, draining: false } } });
    expect((await ready()).status).toBe(200);
  });

  it('is not ready while a migration of this code has not run', async () => {
    // A second app on the same database, as a process of newer code would see it: its probe has not yet seen every migration run.
    const second = await createTestApp(target, { sameDatabaseAs: t });
    const [last] = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.database.db).then((r) => r.rows);
    if (!last) throw new Error('no migrations recorded');
    const row = await sql<Record<string, unknown>>`select * from kysely_migration where name = ${last.name}`.execute(t.database.db).then((r) => r.rows[0]);
    await sql`delete from kysely_migration where name = ${last.name}`.execute(t.database.db);
    try {
      const res = await second.app.request('/health/ready');
      expect([res.status, (await res.json()).checks.migrations]).toEqual([503, 'pending']);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${row?.timestamp})`.execute(t.database.db);
    }
    const res = await second.app.request('/health/ready');
    expect([res.status, (await res.json()).checks.migrations]).toEqual([200, 'ok']);
    await second.close();
  });

  it('while draining after SIGTERM: stays live, is not ready, and refuses other requests', async () => {
    drain.begin();
    expect((await t.app.request('/health/live')).status).toBe(200);
    expect(await ready()).toMatchObject({ status: 503, body: { status: 'not ready', checks: { database: 'ok', migrations: 'ok', draining: true } } });
    const refused = await t.call('GET', '/v1/agents');
    expect([refused.status, (await refused.json()).error.code]).toEqual([503, 'shutting_down']);
  });
});

describe.each(testDatabases())('readiness without a database on $dialect', (target) => {
  it('is not ready once the database is gone, and still live', async () => {
    const t = await createTestApp(target);
    await t.database.close();
    const res = await t.app.request('/health/ready');
    expect([res.status, (await res.json()).checks.database]).toEqual([503, 'error']);
    expect((await t.app.request('/health/live')).status).toBe(200);
  });
});
