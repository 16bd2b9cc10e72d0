/**
 * `GET /api/v1/call-debug/{token}`: the public, masked debug log behind a call's debug
 * link — JSON, or a readable page when a browser asks for HTML. No key: the token is the
 * capability, and an unknown, malformed or revoked one reads the same 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { debugLogSchema } from '../../shared/api/calls-api.ts';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import type { Clock } from '../clock.ts';
import { buildDebugLog } from '../calls/debug-log.ts';
import { DEBUG_PAGE_CSP, renderDebugPage } from '../calls/debug-page.ts';
import { notFound } from '../errors.ts';
import type { DebugLinksRepo } from '../storage/debug-links-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import { createRouter } from './openapi-helpers.ts';
import { prefersHtml } from './prefers-html.ts';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const route = createRoute({
  method: 'get',
  path: '/api/v1/call-debug/{token}',
  tags: ['Calls'],
  summary: 'The masked debug log of a call, by its debug link (JSON, or HTML for browsers)',
  request: { params: z.object({ token: z.string().min(1).max(100) }) },
  responses: {
    200: { content: { 'application/json': { schema: debugLogSchema }, 'text/html': { schema: z.string() } }, description: 'The debug log' },
    404: { content: { 'application/json': { schema: errorResponseSchema } }, description: 'Debug log not available' },
  },
});

export function createCallDebugRoutes(deps: { debugLinks: DebugLinksRepo; sessions: Pick<SessionsRepo, 'get' | 'transcript'>; clock: Clock }) {
  const app = createRouter();

  app.openapi(route, async (c) => {
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    c.header('referrer-policy', 'no-referrer');
    const { token } = c.req.valid('param');
    const link = TOKEN_PATTERN.test(token) ? await deps.debugLinks.byToken(token) : undefined;
    const session = link ? await deps.sessions.get(link.sessionId) : undefined;
    if (!session) throw notFound('Debug log not available');
    const log = buildDebugLog(session, await deps.sessions.transcript(session.id, session.currentBranch), deps.clock.now());
    if (prefersHtml(c.req.header('accept'))) {
      c.header('content-security-policy', DEBUG_PAGE_CSP);
      return c.html(renderDebugPage(log), 200);
    }
    return c.json(log, 200);
  });

  return app;
}
