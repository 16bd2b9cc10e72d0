import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTempPostgresDatabase } from '../helpers/postgres-database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const postgres = testDatabases().some((d) => d.dialect === 'postgres') ? process.env.PARLEY_TEST_POSTGRES_URL : undefined;
const PER_MINUTE = 6;

describe.runIf(postgres)('public rate limits with two server processes on one Postgres', () => {
  let database: Awaited<ReturnType<typeof createTempPostgresDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTempPostgresDatabase(postgres ?? '');
    const env = { DATABASE_URL: database.url, PARLEY_RATE_LIMIT_IP_PER_MINUTE: String(PER_MINUTE), PARLEY_RATE_LIMIT_SESSION_PER_MINUTE: '3' };
    a = await startServerProcess(env);
    b = await startServerProcess({ ...env, PARLEY_API_KEY: a.key });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('hold the documented per-IP limit across both processes, not once per process', async () => {
    const agent = await (
      await fetch(`${a.url}/v1/agents`, { method: 'POST', headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' }, body: JSON.stringify(loopAgentBody) })
    ).json();
    // A visitor's browser on the shop's site, alternating between the two processes.
    const statuses: number[] = [];
    for (let i = 0; i < 2 * PER_MINUTE; i++) {
      const server = i % 2 === 0 ? a : b;
      const res = await fetch(`${server.url}/workflow/${agent.id}/text-chat/sessions`, { method: 'POST', headers: { origin: 'https://shop.example', 'content-type': 'application/json' }, body: '{}' });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await res.body?.cancel();
    }
    // The burst is the limit: 6 sessions in all, then 429 from either process.
    expect(statuses.filter((s) => s === 201)).toHaveLength(PER_MINUTE);
    expect(statuses.slice(PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(429));
  });
});
