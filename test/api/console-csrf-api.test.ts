import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSessionSchema } from '../../shared/api/auth-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser, PASSWORD, postJson, sessionCookieOf, signIn } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const PUBLIC = 'https://parley.example.com';
const webhook = { url: 'http://127.0.0.1:9/hooks', events: ['call.ended'] };

describe.each(testDatabases())('CSRF protection of cookie-authenticated writes on $dialect', (target) => {
  let t: TestApp;
  let admin: ConsoleUser;
  const countWebhooks = async () => Number((await t.database.db.selectFrom('webhooks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, publicUrl: () => PUBLIC });
    admin = await addUser(t, 'admin@example.com', 'admin');
  });
  afterAll(() => t.close());

  it('refuses a write without the x-csrf-token, or with another one, and changes nothing', async () => {
    const before = await countWebhooks();
    const missing = await t.app.request('/v1/webhooks', { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify(webhook) });
    expect(await readError(missing, 403)).toMatchObject({ code: 'csrf_failed', message: expect.stringContaining('x-csrf-token') });
    const wrong = await asUser(t, { cookie: admin.cookie, csrf: 'B'.repeat(43) }, 'POST', '/v1/webhooks', webhook);
    expect((await readError(wrong, 403)).code).toBe('csrf_failed');
    // Another session's token is not this session's.
    const other = await addUser(t, 'other-admin@example.com', 'admin');
    expect((await readError(await asUser(t, { cookie: admin.cookie, csrf: other.csrf }, 'DELETE', '/v1/users/user_x'), 403)).code).toBe('csrf_failed');
    expect((await readError(await asUser(t, { cookie: admin.cookie, csrf: '' }, 'POST', '/v1/auth/sign-out'), 403)).code).toBe('csrf_failed');
    expect(await countWebhooks()).toBe(before);
    // The session survived the refused sign-out.
    expect((await asUser(t, admin, 'GET', '/v1/auth/session')).status).toBe(200);
  });

  it('refuses a write from another site even with the right token', async () => {
    const before = await countWebhooks();
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }]) {
      const res = await asUser(t, admin, 'POST', '/v1/webhooks', webhook, headers);
      expect((await readError(res, 403)).code, JSON.stringify(headers)).toBe('csrf_failed');
    }
    expect(await countWebhooks()).toBe(before);
  });

  it('accepts the write from the console itself: the public origin, the origin it was addressed to, or same-origin', async () => {
    expect((await asUser(t, admin, 'POST', '/v1/webhooks', webhook, { origin: PUBLIC })).status).toBe(201);
    // app.request addresses http://localhost: a page there is same-origin with the request.
    expect((await asUser(t, admin, 'POST', '/v1/webhooks', webhook, { origin: 'http://localhost' })).status).toBe(201);
    expect((await asUser(t, admin, 'POST', '/v1/webhooks', webhook, { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('needs no token for reads, nor for API keys, which no browser sends on its own', async () => {
    expect((await t.app.request('/v1/webhooks', { headers: { cookie: admin.cookie } })).status).toBe(200);
    expect((await t.call('POST', '/v1/webhooks', webhook)).status).toBe(201);
    // A key decides when both are sent: no token needed, whatever the cookie.
    expect((await t.call('POST', '/v1/webhooks', webhook, { cookie: admin.cookie })).status).toBe(201);
  });

  it('refuses a sign-in or a set-password from another site (login CSRF)', async () => {
    const res = await postJson(t, '/v1/auth/sign-in', { email: admin.email, password: PASSWORD }, { origin: 'https://evil.example' });
    expect((await readError(res, 403)).code).toBe('csrf_failed');
    expect(sessionCookieOf(res)).toBeUndefined();
    const link = await postJson(t, '/v1/auth/password', { token: 'A'.repeat(43), password: PASSWORD }, { 'sec-fetch-site': 'cross-site' });
    expect((await readError(link, 403)).code).toBe('csrf_failed');
    expect((await signIn(t, admin.email, PASSWORD, { origin: PUBLIC })).status).toBe(200);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const res = await signIn(t, admin.email);
    expect(res.headers.getSetCookie().find((line) => line.startsWith('parley_session='))).toMatch(/; Secure/);
    await readJson(res, authSessionSchema, 200);
  });
});

describe.each(testDatabases())('the Secure flag behind a proxy on $dialect', (target) => {
  let trusting: TestApp;
  let direct: TestApp;
  beforeAll(async () => {
    trusting = await createTestApp(target, { auth: { hasher: cheapHasher() }, trustProxyHops: 1 });
    direct = await createTestApp(target, { auth: { hasher: cheapHasher() } });
  });
  afterAll(async () => {
    await trusting.close();
    await direct.close();
  });

  it('is Secure when a trusted proxy says the request was https, and only then', async () => {
    const proxied = await addUser(trusting, 'p@example.com', 'operator');
    const viaTls = await signIn(trusting, proxied.email, PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(viaTls.headers.getSetCookie().join()).toMatch(/; Secure/);
    const plain = await signIn(trusting, proxied.email, PASSWORD, { 'x-forwarded-proto': 'http' });
    expect(plain.headers.getSetCookie().join()).not.toMatch(/Secure/);

    const user = await addUser(direct, 'd@example.com', 'operator');
    // Without a trusted proxy the header is anyone's to write: it changes nothing.
    const forged = await signIn(direct, user.email, PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(forged.headers.getSetCookie().join()).not.toMatch(/Secure/);
  });
});
