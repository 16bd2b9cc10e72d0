import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyListSchema, createdApiKeySchema } from '../../shared/api/auth-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('API keys: create once, list with last use, revoke, on $dialect', (target) => {
  const clock = manualClock('2026-05-01T09:00:00.000Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(target, { clock });
  });
  afterAll(() => t.close());

  const list = async () => (await readJson(await t.call('GET', '/v1/api-keys'), apiKeyListSchema, 200)).data;
  const withKey = (key: string, path = '/v1/agents') => t.app.request(path, { headers: { authorization: `Bearer ${key}` } });

  it('lists the keys with their prefix and last use, never the keys', async () => {
    const keys = await list();
    expect(keys).toEqual([{ id: expect.stringMatching(/^key_[0-9A-Z]{26}$/), name: 'admin', prefix: t.key.slice(0, 12), created_at: '2026-05-01T09:00:00.000Z', last_used_at: '2026-05-01T09:00:00.000Z' }]);
    expect(JSON.stringify(keys)).not.toContain(t.key);
  });

  it('records a use at most once a minute per key, so busy keys do not write on every request', async () => {
    clock.advance(30_000);
    expect((await withKey(t.key)).status).toBe(200);
    expect((await list())[0]?.last_used_at).toBe('2026-05-01T09:00:00.000Z');
    clock.advance(31_000);
    expect((await withKey(t.key)).status).toBe(200);
    expect((await list())[0]?.last_used_at).toBe('2026-05-01T09:01:01.000Z');
    // The integrations' sessions API (outside /v1) is a use too.
    clock.advance(60_000);
    await t.app.request('/api/v1/sessions/1/end', { method: 'POST', headers: { 'x-api-key': t.key } });
    expect((await list())[0]?.last_used_at).toBe('2026-05-01T09:02:01.000Z');
  });

  it('shows a new key once; it works at once and lists without the key', async () => {
    clock.advance(60_000);
    const created = await readJson(await t.call('POST', '/v1/api-keys', { name: 'CI' }), createdApiKeySchema, 201);
    expect(created).toEqual({ id: expect.stringMatching(/^key_/), name: 'CI', prefix: created.key.slice(0, 12), key: expect.stringMatching(/^pk_live_[0-9A-Za-z]{32}$/), created_at: '2026-05-01T09:03:01.000Z' });
    const before = (await list()).find((k) => k.id === created.id);
    expect(before).toEqual({ id: created.id, name: 'CI', prefix: created.prefix, created_at: created.created_at, last_used_at: null });
    expect((await withKey(created.key)).status).toBe(200);
    expect((await list()).find((k) => k.id === created.id)?.last_used_at).toBe('2026-05-01T09:03:01.000Z');
    expect(JSON.stringify(await list())).not.toContain(created.key);
  });

  it('revokes a key: its next use is a 401, and revoking again is a 404', async () => {
    const created = await readJson(await t.call('POST', '/v1/api-keys', { name: 'temporary' }), createdApiKeySchema, 201);
    expect((await withKey(created.key)).status).toBe(200);
    expect((await t.call('DELETE', `/v1/api-keys/${created.id}`)).status).toBe(204);
    expect((await readError(await withKey(created.key), 401)).code).toBe('unauthorized');
    expect((await list()).map((k) => k.id)).not.toContain(created.id);
    expect((await t.call('DELETE', `/v1/api-keys/${created.id}`)).status).toBe(404);
  });

  it('refuses a nameless key, and keys of another workspace stay out of reach', async () => {
    expect((await readError(await t.call('POST', '/v1/api-keys', { name: '  ' }), 400)).code).toBe('invalid_request');
    expect((await readError(await t.call('POST', '/v1/api-keys', {}), 400)).code).toBe('invalid_request');
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const [mine] = await list();
    const res = await t.app.request(`/v1/api-keys/${mine?.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${otherKey}` } });
    expect(res.status).toBe(404);
    expect((await withKey(t.key)).status).toBe(200);
  });
});
