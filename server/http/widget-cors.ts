import { createMiddleware } from 'hono/factory';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import type { AppEnv } from './app-env.ts';
import { originAllowed } from './text-chat-access.ts';
import { addVary } from './vary.ts';

/** Answers a refused page may read: why it was refused, not that an agent exists or what it does. */
const REFUSALS = new Set([401, 403]);

const ALLOWED_HEADERS = 'content-type, x-session-token, last-event-id, idempotency-key, accept, authorization, x-api-key';

/**
 * CORS for `/workflow/{id}/…`, per agent: only origins in the agent's widget
 * `allowed_origins` get the headers a browser needs; preflights end here. Every answer
 * here — preflight, 403, an API-key call without CORS — varies by `Origin`, so no cache
 * serves one origin's answer to another.
 *
 * A page that is not allowed may read its refusal (401/403) and nothing else: the widget's
 * first call, the widget config, is a simple GET (no preflight), so the widget learns why
 * it was refused, says "not available here" and tells the site owner in the console,
 * instead of taking the blocked answer for a network failure and reconnecting forever.
 * Preflights of such pages stay refused, so they can still send nothing else.
 */
export function widgetCors(deps: { agents: AgentsRepo; publicOrigin: () => string }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    const agentId = c.req.param('id') ?? '';
    const agent = origin ? await deps.agents.findByPublicId(agentId) : undefined;
    const allowed = agent !== undefined && originAllowed(agent, origin, deps.publicOrigin());
    if (c.req.method === 'OPTIONS') {
      if (!allowed || !origin) return c.body(null, 204, { vary: 'Origin' });
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    addVary(c.res.headers, 'Origin');
    if (allowed && origin) {
      c.res.headers.set('access-control-allow-origin', origin);
      // A cross-origin page must be able to read how long a 429 asks it to wait.
      c.res.headers.set('access-control-expose-headers', 'Retry-After');
    } else if (origin && REFUSALS.has(c.res.status)) {
      c.res.headers.set('access-control-allow-origin', origin);
    }
  });
}
