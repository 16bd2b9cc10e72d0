/**
 * `/v1/auth`: the console's sign-in. Signing in (or setting a password by link) sets the
 * `parley_session` cookie with a new id and answers the user and the session's CSRF
 * token; signing out ends the session on the server and clears the cookie.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authSessionSchema, setPasswordSchema, signInSchema } from '../../shared/api/auth-api.ts';
import type { SignedIn } from '../auth/actor.ts';
import type { ConsoleSessions } from '../auth/console-sessions.ts';
import type { SetPasswordLinks } from '../auth/set-password-links.ts';
import type { createSignIn } from '../auth/sign-in.ts';
import { presentSession } from '../auth/user-presenter.ts';
import { unauthorized } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import type { ClientIp } from './client-ip.ts';
import { createRouter, errorContent, jsonBody, jsonContent } from './openapi-helpers.ts';
import type { SessionCookie } from './session-cookie.ts';

const tags = ['Sign-in'];
const session = jsonContent(authSessionSchema, 'The user, the CSRF token to send with writes, and when the session expires; Set-Cookie parley_session');

const routes = {
  signIn: createRoute({ method: 'post', path: '/v1/auth/sign-in', tags, summary: 'Sign in to the console with e-mail and password (sets the session cookie)',
    request: { body: jsonBody(signInSchema) },
    responses: {
      200: session,
      400: errorContent('Invalid request: the message names the field'),
      401: errorContent('Wrong e-mail or password (invalid_credentials; the same answer for both)'),
      403: errorContent('The request comes from another site (csrf_failed)'),
      429: errorContent('Too many failed sign-ins for the account or from the address (too_many_attempts); see Retry-After'),
    } }),
  setPassword: createRoute({ method: 'post', path: '/v1/auth/password', tags, summary: 'Set a password with the token of a one-time link, and sign in',
    request: { body: jsonBody(setPasswordSchema) },
    responses: {
      200: session,
      400: errorContent('Invalid request, or a token that is unknown, used or expired (invalid_token)'),
      403: errorContent('The request comes from another site (csrf_failed)'),
    } }),
  session: createRoute({ method: 'get', path: '/v1/auth/session', tags, summary: 'The signed-in user and the session\'s CSRF token',
    responses: { 200: session, 401: errorContent('Not signed in, or the session has ended (unauthorized)') } }),
  signOut: createRoute({ method: 'post', path: '/v1/auth/sign-out', tags, summary: 'Sign out: the session ends on the server and the cookie is cleared (send x-csrf-token)',
    responses: { 204: { description: 'Signed out' }, 401: errorContent('Not signed in (unauthorized)'), 403: errorContent('No or a wrong x-csrf-token (csrf_failed)') } }),
};

export interface AuthRoutesDeps {
  signIn: ReturnType<typeof createSignIn>;
  links: Pick<SetPasswordLinks, 'redeem'>;
  sessions: Pick<ConsoleSessions, 'end' | 'endCookie' | 'policy'>;
  cookie: SessionCookie;
  clientIp: ClientIp;
}

/** The session of a route the authenticator admitted only with one (`session` permission). */
function signedInOf(c: Context<AppEnv>): SignedIn {
  const actor = c.var.actor;
  if (actor.kind !== 'user') throw unauthorized('Not signed in to the console');
  return actor.signedIn;
}

export function createAuthRoutes(deps: AuthRoutesDeps) {
  const app = createRouter();
  /** Always a new id: a session id planted in the browser before sign-in never becomes a signed-in one. */
  const started = async (c: Context<AppEnv>, signedIn: SignedIn) => {
    await deps.sessions.endCookie(deps.cookie.read(c));
    deps.cookie.write(c, signedIn.sessionId, deps.sessions.policy.absoluteMs);
    return presentSession(signedIn);
  };

  app.openapi(routes.signIn, async (c) => c.json(await started(c, await deps.signIn.signIn(c.req.valid('json'), deps.clientIp(c))), 200));

  app.openapi(routes.setPassword, async (c) => {
    const { token, password } = c.req.valid('json');
    return c.json(await started(c, await deps.links.redeem(token, password)), 200);
  });

  app.openapi(routes.session, (c) => c.json(presentSession(signedInOf(c)), 200));

  app.openapi(routes.signOut, async (c) => {
    await deps.sessions.end(signedInOf(c).idHash);
    deps.cookie.clear(c);
    return c.body(null, 204);
  });

  return app;
}
