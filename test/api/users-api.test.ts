import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdUserSchema, userListSchema, userSchema } from '../../shared/api/auth-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, invite, PASSWORD, postJson, signedIn, tokenOf } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('people: invites, roles and the last admin, on $dialect', (target) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, publicUrl: () => 'https://chat.example.com' });
  });
  afterAll(() => t.close());

  const userCount = async () => Number((await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('invites a person with a one-time link on the public URL', async () => {
    const created = await readJson(await t.call('POST', '/v1/users', { email: 'Robin@Example.com', role: 'operator' }), createdUserSchema, 201);
    expect(created.user).toEqual({ id: expect.stringMatching(/^user_[0-9A-Z]{26}$/), email: 'Robin@Example.com', role: 'operator', created_at: expect.any(String), last_sign_in_at: null, status: 'invited' });
    expect(created.set_password_url).toMatch(/^https:\/\/chat\.example\.com\/console\/set-password\?token=[0-9A-Za-z]{43}$/);
    const robin = await signedIn(await postJson(t, '/v1/auth/password', { token: tokenOf(created.set_password_url), password: PASSWORD }));
    expect(robin.id).toBe(created.user.id);
  });

  it('refuses a second user with the same e-mail in any case, and bad invites, changing nothing', async () => {
    const before = await userCount();
    expect((await readError(await t.call('POST', '/v1/users', { email: 'robin@EXAMPLE.com', role: 'builder' }), 409)).code).toBe('user_exists');
    for (const body of [{ email: 'not an e-mail', role: 'builder' }, { email: 'a@example.com', role: 'owner' }, { email: 'a@example.com' }, { email: 'a@example.com', role: 'admin', extra: 1 }]) {
      expect((await readError(await t.call('POST', '/v1/users', body), 400)).code, JSON.stringify(body)).toBe('invalid_request');
    }
    expect(await userCount()).toBe(before);
  });

  it('keeps an admin who can sign in: the last one can be neither demoted nor removed', async () => {
    const first = await addUser(t, 'first-admin@example.com', 'admin');
    const last = await readError(await t.call('PATCH', `/v1/users/${first.id}`, { role: 'builder' }), 409);
    expect(last).toMatchObject({ code: 'last_admin', message: expect.stringContaining('last admin') });
    expect((await readError(await asUser(t, first, 'DELETE', `/v1/users/${first.id}`), 409)).code).toBe('last_admin');

    // An invited admin cannot sign in yet: it does not count.
    const second = await invite(t, 'second-admin@example.com', 'admin');
    expect((await t.call('PATCH', `/v1/users/${first.id}`, { role: 'operator' })).status).toBe(409);
    // An invited admin may be removed freely.
    expect((await t.call('DELETE', `/v1/users/${second.id}`)).status).toBe(204);

    const third = await addUser(t, 'third-admin@example.com', 'admin');
    const demoted = await readJson(await asUser(t, third, 'PATCH', `/v1/users/${first.id}`, { role: 'builder' }), userSchema, 200);
    expect(demoted).toMatchObject({ email: 'first-admin@example.com', role: 'builder', status: 'active' });
    // The demoted user's session carries the new role at once.
    expect((await readError(await asUser(t, first, 'GET', '/v1/users'), 403)).code).toBe('forbidden');
    expect((await t.call('PATCH', `/v1/users/${third.id}`, { role: 'builder' })).status).toBe(409);
    expect((await t.call('PATCH', `/v1/users/${first.id}`, { role: 'admin' })).status).toBe(200);
    expect((await t.call('PATCH', `/v1/users/${third.id}`, { role: 'builder' })).status).toBe(200);
  });

  it('never loses the last admin to two admins demoting each other at once', async () => {
    const [a, b] = [await addUser(t, 'race-a@example.com', 'admin'), await addUser(t, 'race-b@example.com', 'admin')];
    const admins = async () => (await readJson(await t.call('GET', '/v1/users'), userListSchema, 200)).data.filter((u) => u.role === 'admin' && u.status === 'active');
    // Leave exactly these two as the workspace's admins.
    for (const other of await admins()) if (other.id !== a.id && other.id !== b.id) expect((await t.call('PATCH', `/v1/users/${other.id}`, { role: 'builder' })).status).toBe(200);
    const answers = await Promise.all([asUser(t, a, 'PATCH', `/v1/users/${b.id}`, { role: 'operator' }), asUser(t, b, 'PATCH', `/v1/users/${a.id}`, { role: 'operator' })]);
    const statuses = answers.map((res) => res.status);
    // Whichever ran second: refused for the last admin, or, its actor already demoted, forbidden.
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(await admins()).toHaveLength(1);
  });

  it('removes a user: their sessions end at once', async () => {
    const gone = await addUser(t, 'leaving@example.com', 'builder');
    expect((await asUser(t, gone, 'GET', '/v1/agents')).status).toBe(200);
    expect((await t.call('DELETE', `/v1/users/${gone.id}`)).status).toBe(204);
    expect((await asUser(t, gone, 'GET', '/v1/agents')).status).toBe(401);
    expect((await t.call('DELETE', `/v1/users/${gone.id}`)).status).toBe(404);
    expect((await t.call('PATCH', `/v1/users/${gone.id}`, { role: 'admin' })).status).toBe(404);
  });

  it("never shows or changes another workspace's people", async () => {
    const other = await t.repos.workspaces.create('Other');
    const otherKey = await t.repos.apiKeys.create(other.id);
    const mine = await invite(t, 'mine@example.com', 'builder');
    const headers = { authorization: `Bearer ${otherKey}`, 'content-type': 'application/json' };
    const listed = await readJson(await t.app.request('/v1/users', { headers }), userListSchema, 200);
    expect(listed.data).toEqual([]);
    expect((await t.app.request(`/v1/users/${mine.id}`, { method: 'PATCH', headers, body: '{"role":"admin"}' })).status).toBe(404);
    expect((await t.app.request(`/v1/users/${mine.id}`, { method: 'DELETE', headers })).status).toBe(404);
    // The same e-mail may belong to people of different workspaces.
    expect((await t.app.request('/v1/users', { method: 'POST', headers, body: '{"email":"mine@example.com","role":"admin"}' })).status).toBe(201);
  });
});
