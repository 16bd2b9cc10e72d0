import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSessionSchema } from '../../shared/api/auth-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, invite, PASSWORD, postJson, signedIn } from '../helpers/console-users.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(testDatabases())('console session expiry and link expiry, on an injected clock, on $dialect', (target) => {
  const clock = manualClock('2026-05-01T09:00:00.000Z');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(target, { clock, auth: { hasher: cheapHasher() } });
  });
  afterAll(() => t.close());

  const session = (user: { cookie: string; csrf: string }) => asUser(t, user, 'GET', '/v1/auth/session');

  it('ends a session unused for 12 hours', async () => {
    const user = await addUser(t, 'idle@example.com', 'operator');
    const body = await readJson(await session(user), authSessionSchema, 200);
    expect(body.expires_at).toBe(new Date(clock.now() + 12 * HOUR).toISOString());
    clock.advance(12 * HOUR - MINUTE);
    expect((await session(user)).status).toBe(200);
    // That use moved the idle expiry: another 11 h 59 min is fine, 12 h is not.
    clock.advance(12 * HOUR - MINUTE);
    expect((await session(user)).status).toBe(200);
    clock.advance(12 * HOUR);
    expect(await readError(await session(user), 401)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('ended') });
    expect((await asUser(t, user, 'GET', '/v1/agents')).status).toBe(401);
  });

  it('ends a session 7 days after sign-in however busy it is', async () => {
    const user = await addUser(t, 'busy@example.com', 'operator');
    const started = clock.now();
    while (clock.now() + 11 * HOUR < started + 7 * DAY) {
      clock.advance(11 * HOUR);
      expect((await session(user)).status).toBe(200);
    }
    const last = await readJson(await session(user), authSessionSchema, 200);
    // Near the end, the absolute expiry is the earlier one.
    expect(last.expires_at).toBe(new Date(started + 7 * DAY).toISOString());
    clock.set(new Date(started + 7 * DAY).toISOString());
    expect((await session(user)).status).toBe(401);
  });

  it('refuses a set-password link 72 hours after it was made', async () => {
    const { token } = await invite(t, 'late@example.com', 'operator');
    const fresh = await invite(t, 'early@example.com', 'operator');
    clock.advance(72 * HOUR - MINUTE);
    await signedIn(await postJson(t, '/v1/auth/password', { token: fresh.token, password: PASSWORD }));
    clock.advance(MINUTE);
    expect((await readError(await postJson(t, '/v1/auth/password', { token, password: PASSWORD }), 400)).code).toBe('invalid_token');
  });

  it('keeps only live sessions: a sign-in clears the ended ones', async () => {
    await addUser(t, 'prune@example.com', 'operator');
    clock.advance(8 * DAY);
    await addUser(t, 'after@example.com', 'operator');
    const rows = await t.database.db.selectFrom('console_sessions').select('absolute_expires_at').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Date.parse(row.absolute_expires_at)).toBeGreaterThan(clock.now());
  });

  it('ends the other sessions of a user whose password is set again by a link', async () => {
    const { token } = await invite(t, 'reset@example.com', 'operator');
    const first = await signedIn(await postJson(t, '/v1/auth/password', { token, password: PASSWORD }));
    const rows = await t.database.db.selectFrom('users').select('id').where('email_key', '=', 'reset@example.com').executeTakeFirstOrThrow();
    const links = t.app.auth.links;
    const again = new URL(await links.issue(rows, 'cli')).searchParams.get('token') ?? '';
    await signedIn(await postJson(t, '/v1/auth/password', { token: again, password: 'a brand new password' }));
    expect((await session(first)).status).toBe(401);
  });
});
