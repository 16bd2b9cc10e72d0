import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debugLinkSchema } from '../../shared/api/calls-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

/** Where this server is published; requests arrive from a proxy at another address. */
const PUBLIC_URL = 'https://chat.example.com';

describe.each(testDatabases())('the server’s own origin comes from PARLEY_PUBLIC_URL, not the Host header, on $dialect', (target) => {
  let t: TestApp;
  /** A widget agent with no allowed origins: only the server's own pages may use it. */
  let agent: string;

  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: () => PUBLIC_URL });
    agent = (await createAgent(t, { ...loopAgentBody, widget: { enabled: true } })).id;
  });
  afterAll(() => t.close());

  const config = (host: string, headers: Record<string, string>) => t.app.request(`http://${host}/workflow/${agent}/widget-config`, { headers: { host, ...headers } });
  const start = (host: string, headers: Record<string, string>) =>
    t.app.request(`http://${host}/workflow/${agent}/text-chat/sessions`, { method: 'POST', headers: { host, 'content-type': 'application/json', ...headers }, body: '{}' });

  it('refuses a DNS-rebinding page that names itself in the Host header', async () => {
    const rebinding = { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' };
    const refused = await config('evil.example', rebinding);
    expect(refused.status).toBe(403);
    expect((await readError(refused)).code).toBe('origin_not_allowed');
    // Same-origin GETs carry no Origin header: the Host is all the page tells.
    expect((await config('evil.example', { 'sec-fetch-site': 'same-origin' })).status).toBe(403);
    expect((await start('evil.example', rebinding)).status).toBe(403);
    const preflight = await t.app.request(`http://evil.example/workflow/${agent}/text-chat/sessions`, { method: 'OPTIONS', headers: { host: 'evil.example', origin: 'http://evil.example' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(await t.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('accepts pages on the public origin, also when a TLS proxy forwards them as plain http', async () => {
    expect((await config('127.0.0.1:8787', { origin: PUBLIC_URL })).status).toBe(200);
    expect((await config('chat.example.com', { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await start('127.0.0.1:8787', { origin: PUBLIC_URL })).status).toBe(201);
  });

  it('builds debug links on the public URL whatever Host the request named', async () => {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    const res = await t.app.request(`http://evil.example/v1/calls/${run.call_id}/debug-link`, { headers: { host: 'evil.example', authorization: `Bearer ${t.key}` } });
    const link = await readJson(res, debugLinkSchema, 200);
    expect(link.url).toBe(`${PUBLIC_URL}/api/v1/call-debug/${link.debug_token}`);
  });
});
