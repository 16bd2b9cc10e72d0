import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdWebhookSchema, webhookListSchema, webhookSchema } from '../../shared/api/webhooks-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { readError } from '../helpers/api-reads.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('webhooks CRUD and SSRF protection on $dialect', (target) => {
  let t: TestApp;
  let strict: TestApp;

  beforeAll(async () => {
    t = await createTestApp(target);
    // As a server runs by default: private targets refused, DNS answered by a stub.
    const publicHosts: Record<string, string[]> = { 'hooks.example.com': ['93.184.216.34'], 'sneaky.example.com': ['93.184.216.34', '10.1.2.3'] };
    strict = await createTestApp(target, {
      webhooks: {
        allowPrivate: false,
        resolveHost: async (host) => {
          const found = publicHosts[host] ?? (host === 'localhost' ? ['127.0.0.1'] : undefined);
          if (!found) throw new Error('ENOTFOUND');
          return found;
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await strict.close();
  });

  const countWebhooks = async (app: TestApp) => Number((await app.database.db.selectFrom('webhooks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('creates a webhook whose secret is shown once, then reads, updates and deletes it', async () => {
    const res = await t.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['call.ended', 'transfer.*'], description: 'CRM' });
    const created = await readJson(res, createdWebhookSchema, 201);
    expect(created).toMatchObject({ id: expect.stringMatching(/^wh_[0-9A-Z]{26}$/), events: ['call.ended', 'transfer.*'], enabled: true, description: 'CRM' });
    expect(created.secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(created.secret_hint).toBe(`${created.secret.slice(0, 10)}…`);

    const listed = await readJson(await t.call('GET', '/v1/webhooks'), webhookListSchema, 200);
    expect(listed.webhooks).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    // The schema of a read has no secret, and a read with a field outside its schema fails.
    const read = await readJson(await t.call('GET', `/v1/webhooks/${created.id}`), webhookSchema, 200);
    expect(read).not.toHaveProperty('secret');

    const patched = await readJson(await t.call('PATCH', `/v1/webhooks/${created.id}`, { events: ['*'], enabled: false, description: null }), webhookSchema, 200);
    expect(patched).toMatchObject({ events: ['*'], enabled: false, description: null, url: 'http://127.0.0.1:9/hooks' });
    expect((await t.call('DELETE', `/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await t.call('GET', `/v1/webhooks/${created.id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/v1/webhooks/${created.id}`)).status).toBe(404);
  });

  it('refuses bad webhooks with a 400 naming the field, storing nothing', async () => {
    const before = await countWebhooks(t);
    for (const body of [
      {},
      { url: 'http://127.0.0.1:9/hooks' },
      { url: 'http://127.0.0.1:9/hooks', events: [] },
      { url: 'http://127.0.0.1:9/hooks', events: ['call.exploded'] },
      { url: 'ftp://127.0.0.1/hooks', events: ['*'] },
      { url: 'not a url', events: ['*'] },
      { url: 'http://127.0.0.1:9/hooks', events: ['*'], secret: 'mine' },
    ]) {
      const res = await t.call('POST', '/v1/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await readError(res)).message).toMatch(/url|events|secret|body/);
    }
    expect(await countWebhooks(t)).toBe(before);
  });

  it("keeps each workspace's webhooks to itself", async () => {
    const created = await readJson(await t.call('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/x', events: ['*'] }), createdWebhookSchema, 201);
    const other = await t.repos.workspaces.create('Other');
    const asOther = { authorization: `Bearer ${await t.repos.apiKeys.create(other.id)}` };
    expect((await readJson(await t.call('GET', '/v1/webhooks', undefined, asOther), webhookListSchema, 200)).webhooks).toEqual([]);
    for (const [method, body] of [['GET'], ['PATCH', { enabled: false }], ['DELETE']] as const) {
      expect((await t.call(method, `/v1/webhooks/${created.id}`, body, asOther)).status, method).toBe(404);
    }
    expect((await readJson(await t.call('GET', `/v1/webhooks/${created.id}`), webhookSchema, 200)).enabled).toBe(true);
  });

  it('refuses URLs that are or resolve to private, loopback or link-local addresses', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hooks',
      'http://localhost/hooks',
      'http://[::1]/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://[::ffff:0:7f00:1]/hooks',
      'http://[::7f00:1]/hooks',
      'http://[2002:7f00:1::1]/hooks',
      'http://10.0.0.8/hooks',
      'http://192.168.1.20/hooks',
      'http://169.254.169.254/latest/meta-data',
      'https://sneaky.example.com/hooks',
      'https://nowhere.invalid/hooks',
    ]) {
      const res = await strict.call('POST', '/v1/webhooks', { url, events: ['*'] });
      expect(res.status, url).toBe(400);
      expect((await readError(res)).message, url).toMatch(/private or loopback|cannot be resolved/);
    }
    expect(await countWebhooks(strict)).toBe(0);
    const ok = await strict.call('POST', '/v1/webhooks', { url: 'https://hooks.example.com/parley', events: ['*'] });
    const id = (await readJson(ok, createdWebhookSchema, 201)).id;
    expect((await strict.call('PATCH', `/v1/webhooks/${id}`, { url: 'http://127.0.0.1/hooks' })).status).toBe(400);
  });
});
