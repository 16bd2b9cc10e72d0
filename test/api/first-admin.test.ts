import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSessionSchema, userListSchema } from '../../shared/api/auth-api.ts';
import { firstAdminLink } from '../../server/auth/first-admin.ts';
import { addUser, cheapHasher, PASSWORD, postJson, signedIn, tokenOf } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { startServerProcess, tempSqliteUrl } from '../helpers/server-process.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe('the first admin of a new installation, through a real server process', () => {
  it('prints a one-time link beside the key at first start, which signs the admin in; nothing once used', async () => {
    const env = { DATABASE_URL: tempSqliteUrl(), PARLEY_ADMIN_EMAIL: 'owner@example.com' };
    const first = await startServerProcess(env);
    let url: string;
    try {
      const printed = /Set the password of the first admin \(owner@example\.com\)[^\n]*\n[^\n]*\n\n {4}(\S+)/.exec(first.output());
      expect(printed?.[1], first.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/set-password\?token=[0-9A-Za-z]{43}$/);
      url = printed?.[1] ?? '';
      // The link names the port the server really listens on (PORT=0).
      expect(new URL(url).origin).toBe(first.url);
      const res = await fetch(`${first.url}/v1/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tokenOf(url), password: PASSWORD }) });
      const session = await readJson(res, authSessionSchema, 200);
      expect(session.user).toMatchObject({ email: 'owner@example.com', role: 'admin' });
      const cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const users = await readJson(await fetch(`${first.url}/v1/users`, { headers: { cookie } }), userListSchema, 200);
      expect(users.data).toEqual([expect.objectContaining({ email: 'owner@example.com', role: 'admin', status: 'active' })]);
    } finally {
      await first.stop();
    }
    const second = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    try {
      expect(second.output()).not.toContain('set-password');
    } finally {
      await second.stop();
    }
  }, 60_000);
});

describe.each(testDatabases())('the first admin link on $dialect', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() } });
  });
  afterAll(() => t.close());

  const ports = () => ({ users: t.repos.users, links: t.app.auth.links });

  it('invites the admin once and makes a new link at each start until an admin can sign in', async () => {
    // A builder who can sign in does not make the console administrable.
    await addUser(t, 'early-builder@example.com', 'builder');
    const first = await firstAdminLink(ports(), t.workspaceId, 'boss@example.com');
    const again = await firstAdminLink(ports(), t.workspaceId, 'someone-else@example.com');
    expect(first?.email).toBe('boss@example.com');
    expect(again?.email).toBe('boss@example.com');
    expect(again?.url).not.toBe(first?.url);
    const users = await t.repos.users.list(t.workspaceId);
    expect(users.map((u) => [u.email, u.role])).toEqual([['early-builder@example.com', 'builder'], ['boss@example.com', 'admin']]);
    // Either link works, once.
    await signedIn(await postJson(t, '/v1/auth/password', { token: tokenOf(first?.url ?? ''), password: PASSWORD }));
    expect(await firstAdminLink(ports(), t.workspaceId, 'boss@example.com')).toBeUndefined();
  });

  it('refuses an admin e-mail that names a user of another role', async () => {
    const other = await t.repos.workspaces.create('Second');
    await t.repos.users.create(other.id, { email: 'taken@example.com', role: 'operator' });
    await expect(firstAdminLink(ports(), other.id, 'taken@example.com')).rejects.toThrow(/not an admin/);
  });
});
