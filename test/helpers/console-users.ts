/**
 * People of the console in API tests, made the way a team makes them: an admin key
 * invites (POST /v1/users), the invitee opens the link and sets a password (POST
 * /v1/auth/password), and from then on the browser holds a cookie and a CSRF token.
 */
import { expect } from 'vitest';
import { authSessionSchema, createdUserSchema, type Role } from '../../shared/api/auth-api.ts';
import { createPasswordHasher } from '../../server/auth/password-hash.ts';
import type { TestApp } from './test-app.ts';
import { readJson } from './read-json.ts';

/** scrypt at the lowest cost the hasher takes: the same code, a thousandth of the time. */
export const cheapHasher = () => createPasswordHasher({ logN: 10, r: 8, p: 1 });

export const PASSWORD = 'correct horse battery staple';

export interface ConsoleUser {
  id: string;
  email: string;
  /** `parley_session=…`, ready for a `cookie` header. */
  cookie: string;
  csrf: string;
}

/** The `parley_session=…` pair a response sets, or `undefined`. */
export function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((line) => line.startsWith('parley_session='));
  return header?.split(';')[0];
}

/** The token of a set-password link. */
export function tokenOf(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

export async function invite(t: TestApp, email: string, role: Role): Promise<{ id: string; token: string }> {
  const created = await readJson(await t.call('POST', '/v1/users', { email, role }), createdUserSchema, 201);
  return { id: created.user.id, token: tokenOf(created.set_password_url) };
}

export function postJson(t: TestApp, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));
}

/** Reads a signed-in answer (sign-in, set-password) into a console user. */
export async function signedIn(res: Response): Promise<ConsoleUser> {
  const cookie = sessionCookieOf(res);
  const body = await readJson(res, authSessionSchema, 200);
  expect(cookie, 'the answer sets the session cookie').toBeDefined();
  return { id: body.user.id, email: body.user.email, cookie: cookie ?? '', csrf: body.csrf_token };
}

/** Invite, set the password by link: a signed-in user of the role. */
export async function addUser(t: TestApp, email: string, role: Role): Promise<ConsoleUser> {
  const { token } = await invite(t, email, role);
  return signedIn(await postJson(t, '/v1/auth/password', { token, password: PASSWORD }));
}

export async function signIn(t: TestApp, email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Response> {
  return postJson(t, '/v1/auth/sign-in', { email, password }, headers);
}

/** A request as the console sends it: the cookie, and the CSRF token on writes. */
export function asUser(t: TestApp, user: Pick<ConsoleUser, 'cookie' | 'csrf'>, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const writes = !['GET', 'HEAD'].includes(method);
  return Promise.resolve(
    t.app.request(path, {
      method,
      headers: {
        cookie: user.cookie,
        ...(writes ? { 'x-csrf-token': user.csrf } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}
