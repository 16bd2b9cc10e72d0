/**
 * A stand-in for the console auth routes (the console auth contract: `/v1/auth/*`,
 * `/v1/users`, `/v1/api-keys`) in front of a real Parley app, for the console's browser
 * tests until the server has them. It keeps people, one-time set-password tokens and
 * cookie sessions in memory, checks `x-csrf-token` on every cookie-authenticated write
 * (403 `csrf_failed`), refuses admin routes to other roles (403 `forbidden`), and passes
 * every other request on to the app with the workspace's API key in place of the cookie
 * — the way the real middleware will accept the session.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

type Role = 'admin' | 'builder' | 'operator';

interface Person {
  id: string;
  email: string;
  role: Role;
  password: string | null;
  created_at: string;
  last_sign_in_at: string | null;
}

interface FakeSession {
  email: string;
  csrf: string;
}

export interface FakeConsoleAuth {
  fetch(request: Request): Promise<Response>;
  /** A user with a one-time set-password link, as `parley users create` prints it. */
  invite(email: string, role: Role): string;
  /** Every request the app got, as `METHOD path`, with whether the fake passed a key. */
  readonly forwarded: string[];
}

const COOKIE = 'parley_session';
const token = () => randomBytes(24).toString('base64url');
const now = () => new Date().toISOString();
const failure = (c: Context, status: 400 | 401 | 403 | 404 | 409, code: string, message: string) => c.json({ error: { code, message } }, status);

export function createFakeConsoleAuth(options: { apiKey: string; app: { fetch(request: Request): Response | Promise<Response> }; publicUrl: () => string }): FakeConsoleAuth {
  const people = new Map<string, Person>();
  const setPasswordTokens = new Map<string, string>();
  const sessions = new Map<string, FakeSession>();
  const keys: { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null }[] = [
    { id: 'key_1', name: 'Generated at first start', prefix: options.apiKey.slice(0, 12), created_at: now(), last_used_at: now() },
  ];
  const forwarded: string[] = [];
  let nextId = 1;

  const invite = (email: string, role: Role) => {
    const person: Person = people.get(email) ?? { id: `user_${nextId++}`, email, role, password: null, created_at: now(), last_sign_in_at: null };
    people.set(email, { ...person, role });
    const secret = token();
    setPasswordTokens.set(secret, email);
    return `${options.publicUrl()}/console/set-password?token=${secret}`;
  };

  const sessionOf = (c: Context) => {
    const id = getCookie(c, COOKIE);
    const session = id ? sessions.get(id) : undefined;
    const person = session ? people.get(session.email) : undefined;
    return session && person ? { id: id as string, session, person } : undefined;
  };

  const signIn = (c: Context, person: Person) => {
    const id = token();
    const csrf = token();
    sessions.set(id, { email: person.email, csrf });
    person.last_sign_in_at = now();
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ user: { id: person.id, email: person.email, role: person.role, workspace_id: 1 }, csrf_token: csrf, expires_at: new Date(Date.now() + 12 * 3600_000).toISOString() }, 200);
  };

  const userView = (p: Person) => ({ id: p.id, email: p.email, role: p.role, created_at: p.created_at, last_sign_in_at: p.last_sign_in_at, status: p.password ? 'active' : 'invited' });

  const app = new Hono();
  app.post('/v1/auth/sign-in', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { email?: unknown; password?: unknown };
    const person = typeof body.email === 'string' ? people.get(body.email) : undefined;
    if (!person || person.password === null || person.password !== body.password) return failure(c, 401, 'invalid_credentials', 'Wrong e-mail or password');
    return signIn(c, person);
  });
  app.post('/v1/auth/password', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { token?: unknown; password?: unknown };
    const email = typeof body.token === 'string' ? setPasswordTokens.get(body.token) : undefined;
    const person = email ? people.get(email) : undefined;
    if (!person || typeof body.token !== 'string') return failure(c, 400, 'invalid_token', 'This link was used already or has expired');
    if (typeof body.password !== 'string' || body.password.length < 10 || body.password.length > 256) return failure(c, 400, 'invalid_request', 'body.password: 10 to 256 characters');
    setPasswordTokens.delete(body.token);
    person.password = body.password;
    return signIn(c, person);
  });

  // Everything below needs a signed-in session (or an API key, passed on untouched).
  app.use('*', async (c, next) => {
    const signedIn = sessionOf(c);
    if (!signedIn) {
      if (c.req.path.startsWith('/v1/auth/') || c.req.path.startsWith('/v1/users') || c.req.path.startsWith('/v1/api-keys')) return failure(c, 401, 'unauthorized', 'Sign in first');
      return next();
    }
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.req.header('x-csrf-token') !== signedIn.session.csrf) {
      return failure(c, 403, 'csrf_failed', 'Send the x-csrf-token of your session with every write');
    }
    if ((c.req.path.startsWith('/v1/users') || c.req.path.startsWith('/v1/api-keys')) && signedIn.person.role !== 'admin') {
      return failure(c, 403, 'forbidden', 'This needs the admin role');
    }
    c.set('signedIn' as never, signedIn as never);
    return next();
  });

  app.get('/v1/auth/session', (c) => {
    const { session, person } = sessionOf(c) ?? {};
    if (!session || !person) return failure(c, 401, 'unauthorized', 'Sign in first');
    return c.json({ user: { id: person.id, email: person.email, role: person.role, workspace_id: 1 }, csrf_token: session.csrf, expires_at: new Date(Date.now() + 12 * 3600_000).toISOString() }, 200);
  });
  app.post('/v1/auth/sign-out', (c) => {
    const signedIn = sessionOf(c);
    if (signedIn) sessions.delete(signedIn.id);
    deleteCookie(c, COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  app.get('/v1/users', (c) => c.json({ data: [...people.values()].map(userView) }, 200));
  app.post('/v1/users', async (c) => {
    const body = (await c.req.json()) as { email: string; role: Role };
    const url = invite(body.email, body.role);
    const person = people.get(body.email) as Person;
    return c.json({ user: { id: person.id, email: person.email, role: person.role }, set_password_url: url }, 201);
  });
  app.patch('/v1/users/:id', async (c) => {
    const person = [...people.values()].find((p) => p.id === c.req.param('id'));
    if (!person) return failure(c, 404, 'not_found', 'User not found');
    const { role } = (await c.req.json()) as { role: Role };
    const admins = [...people.values()].filter((p) => p.role === 'admin');
    if (person.role === 'admin' && role !== 'admin' && admins.length === 1) return failure(c, 409, 'last_admin', 'The last admin cannot be demoted');
    person.role = role;
    return c.json(userView(person), 200);
  });
  app.delete('/v1/users/:id', (c) => {
    const person = [...people.values()].find((p) => p.id === c.req.param('id'));
    if (!person) return failure(c, 404, 'not_found', 'User not found');
    if (person.role === 'admin' && [...people.values()].filter((p) => p.role === 'admin').length === 1) return failure(c, 409, 'last_admin', 'The last admin cannot be removed');
    people.delete(person.email);
    return c.body(null, 204);
  });
  app.get('/v1/api-keys', (c) => c.json({ data: keys }, 200));
  app.post('/v1/api-keys', async (c) => {
    const { name } = (await c.req.json()) as { name: string };
    const key = `pk_live_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32)}`;
    const created = { id: `key_${keys.length + 1}`, name, prefix: key.slice(0, 12), created_at: now(), last_used_at: null };
    keys.push(created);
    return c.json({ ...created, key }, 201);
  });
  app.delete('/v1/api-keys/:id', (c) => {
    const at = keys.findIndex((k) => k.id === c.req.param('id'));
    if (at < 0) return failure(c, 404, 'not_found', 'API key not found');
    keys.splice(at, 1);
    return c.body(null, 204);
  });

  // The rest is the real app's: a signed-in request goes on with the workspace's key instead of the cookie.
  app.all('*', async (c) => {
    const signedIn = sessionOf(c);
    const headers = new Headers(c.req.raw.headers);
    if (signedIn) {
      headers.delete('cookie');
      headers.set('authorization', `Bearer ${options.apiKey}`);
    }
    forwarded.push(`${c.req.method} ${c.req.path}${signedIn ? ' (session)' : ''}`);
    const init: RequestInit & { duplex?: 'half' } = { method: c.req.method, headers, signal: c.req.raw.signal };
    if (!['GET', 'HEAD'].includes(c.req.method)) {
      init.body = c.req.raw.body;
      init.duplex = 'half';
    }
    return options.app.fetch(new Request(c.req.raw.url, init));
  });

  return { fetch: (request) => Promise.resolve(app.fetch(request)), invite, forwarded };
}
