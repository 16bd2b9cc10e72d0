import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** Two public requests per address, and practically no refill during a test. */
const rateLimits = { perIp: { capacity: 2, perMinute: 1 }, perSession: { capacity: 20, perMinute: 30 } };

describe.each(testDatabases())('per-address rate limits behind a reverse proxy on $dialect', (target) => {
  let direct: TestApp;
  let proxied: TestApp;
  const agents = new Map<TestApp, string>();

  beforeAll(async () => {
    direct = await createTestApp(target, { rateLimits });
    proxied = await createTestApp(target, { rateLimits, trustProxyHops: 1 });
    for (const t of [direct, proxied]) agents.set(t, (await createAgent(t, loopAgentBody)).id);
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  /** A widget's public request, as the proxy forwarded it. */
  const fromBrowser = (t: TestApp, forwardedFor: string) =>
    t.app.request(`/workflow/${agents.get(t)}/widget-config`, { headers: { origin: 'https://shop.example', 'x-forwarded-for': forwardedFor } });

  it('ignores X-Forwarded-For unless a proxy is trusted: every claimed address shares one bucket', async () => {
    expect((await fromBrowser(direct, '198.51.100.1')).status).toBe(200);
    expect((await fromBrowser(direct, '198.51.100.2')).status).toBe(200);
    const third = await fromBrowser(direct, '198.51.100.3');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('gives each visitor behind a trusted proxy a bucket of its own', async () => {
    for (const visitor of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect((await fromBrowser(proxied, visitor)).status, visitor).toBe(200);
      expect((await fromBrowser(proxied, visitor)).status, visitor).toBe(200);
    }
    expect((await fromBrowser(proxied, '203.0.113.1')).status).toBe(429);
  });

  it('does not let a visitor escape its bucket by forging entries before the one the proxy appended', async () => {
    expect((await fromBrowser(proxied, '10.9.9.1, 203.0.113.9')).status).toBe(200);
    expect((await fromBrowser(proxied, '10.9.9.2, 203.0.113.9')).status).toBe(200);
    expect((await fromBrowser(proxied, '10.9.9.3, 203.0.113.9')).status).toBe(429);
  });
});
