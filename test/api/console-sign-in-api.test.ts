import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authSessionSchema, userListSchema } from '../../shared/api/auth-api.ts';
import { agentListSchema } from '../../shared/api/agents-api.ts';
import { LOG_REDACTION } from '../../server/http/log-redaction.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, invite, PASSWORD, postJson, sessionCookieOf, signedIn, signIn } from '../helpers/console-users.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('console sign-in, sign-out and set-password links on $dialect', (target) => {
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Everything the app logs, at every level, through the server's own redaction.
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => done(void logLines.push(chunk.toString())) });
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, logger: pino({ level: 'trace', redact: LOG_REDACTION }, sink) });
  });
  afterAll(() => t.close());

  it('sets a password by link, signs in with it, reads the session and signs out', async () => {
    const { token } = await invite(t, 'Sam@Example.com', 'builder');
    const first = await signedIn(await postJson(t, '/v1/auth/password', { token, password: PASSWORD }));
    expect(first.email).toBe('Sam@Example.com');

    // The e-mail is matched whatever its case.
    const res = await signIn(t, 'sam@example.COM');
    const cookie = sessionCookieOf(res);
    const body = await readJson(res, authSessionSchema, 200);
    expect(body.user).toEqual({ id: first.id, email: 'Sam@Example.com', role: 'builder', workspace_id: t.workspaceId });
    expect(body.csrf_token).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
    const user = { cookie: cookie ?? '', csrf: body.csrf_token };

    const session = await readJson(await asUser(t, user, 'GET', '/v1/auth/session'), authSessionSchema, 200);
    expect(session).toEqual(body);
    // The same session works on the rest of /v1.
    await readJson(await asUser(t, user, 'GET', '/v1/agents'), agentListSchema, 200);

    expect((await asUser(t, user, 'POST', '/v1/auth/sign-out')).status).toBe(204);
    expect((await readError(await asUser(t, user, 'GET', '/v1/auth/session'), 401)).code).toBe('unauthorized');
    expect((await asUser(t, user, 'GET', '/v1/agents')).status).toBe(401);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/, for the absolute lifetime, and clears it at sign-out', async () => {
    const user = await addUser(t, 'cookie@example.com', 'operator');
    const res = await signIn(t, user.email);
    const header = res.headers.getSetCookie().find((line) => line.startsWith('parley_session=')) ?? '';
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(/; Max-Age=604800/);
    // Served over http here, with an http public URL: a Secure cookie would never come back.
    expect(header).not.toMatch(/Secure/);
    const { csrf_token } = await readJson(res, authSessionSchema, 200);

    const out = await asUser(t, { cookie: sessionCookieOf(res) ?? '', csrf: csrf_token }, 'POST', '/v1/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((line) => line.startsWith('parley_session='))).toMatch(/Max-Age=0/);
  });

  it('gives a new session id at every sign-in, and ends the session the browser held before', async () => {
    const user = await addUser(t, 'fixation@example.com', 'operator');
    const again = await signIn(t, user.email, PASSWORD, { cookie: user.cookie });
    const next = sessionCookieOf(again);
    expect(next).toBeDefined();
    expect(next).not.toBe(user.cookie);
    expect((await asUser(t, user, 'GET', '/v1/auth/session')).status).toBe(401);
    // A made-up id planted before sign-in is never the one signed in.
    const planted = `parley_session=${'A'.repeat(43)}`;
    expect(sessionCookieOf(await signIn(t, user.email, PASSWORD, { cookie: planted }))).not.toBe(planted);
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    await addUser(t, 'known@example.com', 'operator');
    const wrongPassword = await readError(await signIn(t, 'known@example.com', 'not the password'), 401);
    const unknownEmail = await readError(await signIn(t, 'nobody@example.com', 'not the password'), 401);
    expect(wrongPassword).toEqual({ code: 'invalid_credentials', message: 'Wrong e-mail or password.' });
    expect(unknownEmail).toEqual(wrongPassword);
    // An invited user without a password cannot sign in either.
    await invite(t, 'invited@example.com', 'operator');
    expect(await readError(await signIn(t, 'invited@example.com', ''), 400)).toMatchObject({ code: 'invalid_request' });
    expect(await readError(await signIn(t, 'invited@example.com', 'anything at all'), 401)).toEqual(wrongPassword);
  });

  it('refuses bad sign-in and set-password bodies with a 400 naming the field', async () => {
    expect((await readError(await postJson(t, '/v1/auth/sign-in', { email: 'a@example.com' }), 400)).message).toContain('password');
    const short = await readError(await postJson(t, '/v1/auth/password', { token: 'x'.repeat(43), password: 'short' }), 400);
    expect(short.message).toContain('at least 10 characters');
    expect((await readError(await postJson(t, '/v1/auth/password', { token: 'x', password: 'p'.repeat(257) }), 400)).message).toContain('at most 256');
  });

  it('uses a set-password link once; a made-up or used token is 400 invalid_token', async () => {
    const { token } = await invite(t, 'once@example.com', 'operator');
    await signedIn(await postJson(t, '/v1/auth/password', { token, password: PASSWORD }));
    const reused = await readError(await postJson(t, '/v1/auth/password', { token, password: 'another long password' }), 400);
    expect(reused.code).toBe('invalid_token');
    expect((await readError(await postJson(t, '/v1/auth/password', { token: 'A'.repeat(43), password: PASSWORD }), 400)).code).toBe('invalid_token');
    // The second attempt changed nothing: the first password still signs in.
    expect((await signIn(t, 'once@example.com')).status).toBe(200);
    expect((await signIn(t, 'once@example.com', 'another long password')).status).toBe(401);
  });

  it('shows invited and active people with their last sign-in', async () => {
    const listed = await readJson(await t.call('GET', '/v1/users'), userListSchema, 200);
    const sam = listed.data.find((u) => u.email === 'Sam@Example.com');
    expect(sam).toMatchObject({ role: 'builder', status: 'active', last_sign_in_at: expect.any(String) });
    expect(listed.data.find((u) => u.email === 'invited@example.com')).toMatchObject({ status: 'invited', last_sign_in_at: null });
  });

  it('never writes a password, token, session id or CSRF token to the log', async () => {
    const { token } = await invite(t, 'secret@example.com', 'admin');
    const user = await signedIn(await postJson(t, '/v1/auth/password', { token, password: 'the secret password 42' }));
    await signIn(t, 'secret@example.com', 'a wrong secret password');
    await asUser(t, user, 'POST', '/v1/users', { email: 'x@example.com', role: 'operator' });
    const log = logLines.join('');
    expect(log).toContain('"route":"/v1/auth/password"');
    for (const secret of [token, 'the secret password 42', 'a wrong secret password', user.cookie.split('=')[1] ?? '', user.csrf, t.key]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log).not.toContain(secret);
    }
    // The net under that rule: even a log call handed secrets prints none of them.
    const lines: string[] = [];
    const logger = pino({ redact: LOG_REDACTION }, new Writable({ write: (chunk: Buffer, _enc, done) => done(void lines.push(chunk.toString())) }));
    logger.info({ password: 'p1', body: { password: 'p2', token: 't1', csrf_token: 'c1' }, req: { headers: { cookie: 'parley_session=s1', authorization: 'Bearer k1' } } }, 'careless');
    expect(lines.join('')).not.toMatch(/p1|p2|t1|c1|s1|k1/);
  });
});
