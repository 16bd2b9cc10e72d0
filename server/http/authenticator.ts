/**
 * Who may call `/v1`: every request is authenticated — by an API key (`Authorization:
 * Bearer` or `x-api-key`) or by the console's session cookie — and then held against the
 * route's entry in `ROUTE_PERMISSIONS`, before any handler or validator runs.
 *
 * A cookie is ambient authority (the browser attaches it to any request to us), so a
 * cookie-authenticated write must also carry the session's `x-csrf-token` and must not
 * come from another site's page; an API key is never sent by a browser on its own, so it
 * needs neither. When both are sent, the key decides.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { roleAtLeast } from '../../shared/roles.ts';
import type { Actor } from '../auth/actor.ts';
import type { ConsoleSessions } from '../auth/console-sessions.ts';
import { forbidden, unauthorized } from '../errors.ts';
import type { ApiKeysRepo } from '../storage/api-keys-repo.ts';
import { readApiKey } from './api-key-auth.ts';
import type { AppEnv } from './app-env.ts';
import { refuseCrossSite, requireCsrfToken } from './csrf.ts';
import { openApiPath, permissionOf, type Permission } from './route-permissions.ts';
import type { SessionCookie } from './session-cookie.ts';

export interface AuthenticatorDeps {
  apiKeys: Pick<ApiKeysRepo, 'authenticate'>;
  sessions: Pick<ConsoleSessions, 'resolve'>;
  cookie: Pick<SessionCookie, 'read'>;
  publicOrigin: () => string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const KEY_ADVICE = 'send "Authorization: Bearer <key>" or "x-api-key: <key>", or sign in to the console';

/** The route that will answer, as the OpenAPI document names it; `undefined` for a 404 or 405. */
function routeTemplate(c: Context<AppEnv>): string | undefined {
  const route = matchedRoutes(c)
    .slice(c.req.routeIndex + 1)
    .find((r) => r.method !== 'ALL');
  return route ? openApiPath(route.path) : undefined;
}

function authorize(actor: Actor, permission: Permission): void {
  if (permission === 'public') return;
  if (permission === 'session') {
    if (actor.kind !== 'user') throw unauthorized('This route is about a console session: sign in with POST /v1/auth/sign-in (an API key has no session)');
    return;
  }
  if (!roleAtLeast(actor.role, permission)) throw forbidden(actor.role, permission);
}

export function authenticator(deps: AuthenticatorDeps) {
  async function authenticate(c: Context<AppEnv>): Promise<Actor> {
    const key = readApiKey(c.req);
    if (key) {
      const holder = await deps.apiKeys.authenticate(key);
      if (!holder) throw unauthorized(`Invalid API key: ${KEY_ADVICE}`);
      return { kind: 'api_key', role: 'admin', workspaceId: holder.workspaceId, apiKeyId: holder.publicId };
    }
    const cookie = deps.cookie.read(c);
    if (!cookie) throw unauthorized(`Missing API key: ${KEY_ADVICE}`);
    const signedIn = await deps.sessions.resolve(cookie);
    if (!signedIn) throw unauthorized('Your console session has ended (signed out or expired): sign in again');
    return { kind: 'user', role: signedIn.user.role, workspaceId: signedIn.user.workspaceId, userId: signedIn.user.id, signedIn };
  }

  return createMiddleware<AppEnv>(async (c, next) => {
    const template = routeTemplate(c);
    const permission = template === undefined ? undefined : permissionOf(c.req.method, template);
    const writes = !SAFE_METHODS.has(c.req.method);
    if (permission === 'public') {
      // Signing in from another site's page would sign the victim's browser in as the attacker.
      if (writes) refuseCrossSite(c, deps.publicOrigin());
      return next();
    }
    const actor = await authenticate(c);
    if (actor.kind === 'user' && writes) requireCsrfToken(c, actor.signedIn, deps.publicOrigin());
    // Unknown routes are still authenticated, then answered 404 or 405 as before.
    if (permission !== undefined) authorize(actor, permission);
    c.set('actor', actor);
    c.set('workspaceId', actor.workspaceId);
    await next();
  });
}
