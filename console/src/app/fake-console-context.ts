/**
 * A console context for the unit tests of pages and views: a signed-in user of `role` whose
 * requests go to the injected `fetch` (a fake server), with an inbox that never speaks;
 * `overrides` replace any part (a `navigate` that records, say).
 * Test-only: no page imports it, so it is in no bundle.
 */
import { createHttpClient, type FetchLike } from '../api/http-client.ts';
import type { Role } from '../api/auth-session.ts';
import type { ConsoleContext } from './console-context.ts';
import { can } from './roles.ts';

export function fakeConsoleContext(role: Role, fetch: FetchLike, overrides: Partial<ConsoleContext> = {}): ConsoleContext {
  return {
    http: createHttpClient({ fetch, csrfToken: () => 'csrf' }),
    user: { id: 'u1', email: 'x@example.com', role, workspace_id: 1 } as ConsoleContext['user'],
    can: (ability) => can(role, ability),
    navigate: () => undefined,
    announce: () => undefined,
    inbox: { subscribe: () => () => undefined, onTyping: () => () => undefined, notifying: false, setNotifying: () => Promise.resolve(false) },
    ...overrides,
  };
}
