/**
 * The role matrix (issue #14): every `/v1` route of the OpenAPI document, called by a
 * console session of each role, by an API key and by nobody, answers as documented —
 * 403 `forbidden` (changing nothing) for a role below the route's, never 401 or 403 for
 * one at or above it. The contract's rules are written out here a second time, in their
 * own words, and the enforcement table must agree with them route by route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAtLeast, ROLES, type Role } from '../../shared/roles.ts';
import { openApiPath, ROUTE_PERMISSIONS, type Permission } from '../../server/http/route-permissions.ts';
import { readError } from '../helpers/api-reads.ts';
import { cheapHasher } from '../helpers/console-users.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { databaseFingerprint, fillPath, listOperations, type Operation } from '../reliability/api-surface.ts';

/** The contract's role rules, route by route, independent of `ROUTE_PERMISSIONS`. */
function contractPermission({ method, template }: Operation): Permission {
  if (template === '/v1/auth/sign-in' || template === '/v1/auth/password') return 'public';
  // A share link is read signed out: its token is the capability.
  if (template === '/v1/shared/{token}') return 'public';
  if (template.startsWith('/v1/auth/')) return 'session';
  // Admins only: people, API keys, webhooks and the webhook deliveries of a call.
  if (/^\/v1\/(users|api-keys|webhooks)(\/|$)/.test(template) || template.endsWith('/webhooks')) return 'admin';
  // Workspace settings (issue #15 item 5): everyone reads what applies, admins change it.
  if (template === '/v1/workspace/settings') return method === 'GET' ? 'operator' : 'admin';
  // Admins only: erasing conversations, the retention period and the audit log (issue #19).
  if (/^\/v1\/(erasures|workspace\/retention|audit-log)$/.test(template) || (method === 'DELETE' && template === '/v1/calls/{call_id}')) return 'admin';
  // Operators staff calls: read them, end, transfer, answer, ask for digits.
  if (/^\/v1\/calls\/\{call_id\}\/(end|transfer|operator-messages|gather)$/.test(template)) return 'operator';
  // Operators work the inbox of conversations handed to a human (issue #15).
  if (template === '/v1/inbox' || template.startsWith('/v1/inbox/')) return 'operator';
  // Saved replies of the inbox: operators read and use them; writing them is building work.
  if (template.startsWith('/v1/saved-replies')) return method === 'GET' ? 'operator' : 'builder';
  // Sharing a debug link or a playground session and turning a call into a test are building work.
  if (template.endsWith('/debug-link') || /\/share-links(\/|$)/.test(template) || template === '/v1/calls/{call_id}/test') return 'builder';
  // Everyone reads agents, tests and calls; builders change agents and tests and use test sessions.
  return method === 'GET' ? 'operator' : 'builder';
}

type Caller = { kind: 'user'; role: Role } | { kind: 'api_key' } | { kind: 'nobody' };
const CALLERS: Caller[] = [...ROLES.map((role) => ({ kind: 'user' as const, role })), { kind: 'api_key' }, { kind: 'nobody' }];
const label = (caller: Caller) => (caller.kind === 'user' ? `${caller.role} session` : caller.kind === 'api_key' ? 'API key' : 'no credentials');

/** What the caller must get: `allowed` is any answer but 401 and 403. */
function expected(permission: Permission, caller: Caller): 'allowed' | 401 | 403 {
  if (permission === 'public') return 'allowed';
  if (caller.kind === 'nobody') return 401;
  if (permission === 'session') return caller.kind === 'user' ? 'allowed' : 401;
  if (caller.kind === 'api_key') return 'allowed';
  return roleAtLeast(caller.role, permission) ? 'allowed' : 403;
}

describe.each(testDatabases())('the role matrix on every /v1 route, on $dialect', (target) => {
  let t: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, startTestRuns: false });
    operations = (await listOperations(t)).filter((op) => op.template.startsWith('/v1/'));
  });
  afterAll(() => t.close());

  it('has an entry in the permission table for every /v1 route of the OpenAPI document, and none for a route that is gone', () => {
    const documented = operations.map((op) => `${op.method} ${op.template}`);
    expect(documented.length).toBeGreaterThan(50);
    expect(documented.filter((route) => !(route in ROUTE_PERMISSIONS))).toEqual([]);
    expect(Object.keys(ROUTE_PERMISSIONS).filter((route) => !documented.includes(route))).toEqual([]);
    expect(openApiPath('/v1/agents/:id/tests/:test_id')).toBe('/v1/agents/{id}/tests/{test_id}');
  });

  it('gives every route the permission the contract names', () => {
    const disagreements = operations
      .filter((op) => ROUTE_PERMISSIONS[`${op.method} ${op.template}`] !== contractPermission(op))
      .map((op) => `${op.method} ${op.template}: table ${ROUTE_PERMISSIONS[`${op.method} ${op.template}`]}, contract ${contractPermission(op)}`);
    expect(disagreements).toEqual([]);
  });

  it('documents each route\'s role in the OpenAPI document', async () => {
    const document = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-parley-role'?: string; security?: unknown[]; responses: Record<string, unknown> }>> };
    for (const op of operations) {
      const entry = document.paths[op.template]?.[op.method.toLowerCase()];
      const permission = contractPermission(op);
      if (permission === 'public') expect(entry?.security, op.template).toEqual([]);
      else if (permission === 'session') expect(entry?.security, op.template).toEqual([{ consoleSession: [] }]);
      else {
        expect(entry?.['x-parley-role'], `${op.method} ${op.template}`).toBe(permission);
        expect(entry?.security).toContainEqual({ consoleSession: [] });
        expect(entry?.responses).toHaveProperty('403');
      }
    }
  });

  it('answers each route as documented for every role, an API key and no credentials; a refusal changes nothing', async () => {
    const people = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await t.repos.users.create(t.workspaceId, { email: `${role}@example.com`, role })] as const)));
    const failures: string[] = [];
    for (const op of operations) {
      const path = fillPath(op.template, {});
      const permission = contractPermission(op);
      for (const caller of CALLERS) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (caller.kind === 'api_key') headers.authorization = `Bearer ${t.key}`;
        if (caller.kind === 'user') {
          const user = people[caller.role];
          if (!user) throw new Error(`no ${caller.role}`);
          // A fresh session each time: the matrix signs out too.
          const session = await t.app.auth.sessions.start(user);
          headers.cookie = `parley_session=${session.sessionId}`;
          headers['x-csrf-token'] = session.csrfToken;
        }
        const before = await databaseFingerprint(t);
        const res = await t.app.request(path, { method: op.method, headers, ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: '{}' }) });
        const want = expected(permission, caller);
        const what = `${op.method} ${op.template} as ${label(caller)}: want ${want}, got ${res.status}`;
        if (want === 'allowed') {
          if (res.status === 401 || res.status === 403 || res.status >= 500) failures.push(`${what} ${await res.text()}`);
          else await res.body?.cancel();
          continue;
        }
        if (res.status !== want) {
          failures.push(`${what} ${await res.text()}`);
          continue;
        }
        const error = await readError(res, want);
        if (want === 403 && (error.code !== 'forbidden' || !error.message.includes(`${permission} role`))) failures.push(`${what}: ${JSON.stringify(error)}`);
        if ((await databaseFingerprint(t)) !== before) failures.push(`${what}: the refusal changed rows`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
