import type { Hono } from 'hono';
import { DomainError } from '../errors.ts';

/** Compile a Hono path (`/v1/agents/:id`) into a matcher for whole paths. */
function pathMatcher(path: string): RegExp {
  const pattern = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * The error for an unmatched request: 405 with `Allow` when the path exists under another method,
 * otherwise a JSON 404. Hono itself answers 404 for both.
 */
export function notFoundOrMethodNotAllowed(app: Pick<Hono, 'routes'>) {
  let routes: { method: string; matcher: RegExp }[] | undefined;
  return (c: { req: { path: string; method: string } }): DomainError => {
    routes ??= app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, matcher: pathMatcher(r.path) }));
    const allowed = [...new Set(routes.filter((r) => r.matcher.test(c.req.path)).map((r) => r.method))];
    if (allowed.length > 0) {
      return new DomainError('method_not_allowed', `${c.req.method} is not allowed here; use ${allowed.join(', ')}`, { Allow: allowed.join(', ') });
    }
    return new DomainError('not_found', `No route for ${c.req.method} ${c.req.path}`);
  };
}
