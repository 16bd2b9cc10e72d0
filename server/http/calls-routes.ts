/**
 * `/v1/calls`: list (filters, cursor), summary, one call with its transcript, a cheap
 * status for polling, its webhook deliveries, and its debug link.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  callBranchesSchema,
  callDetailSchema,
  callExportQuerySchema,
  callFilterSchema,
  callListQuerySchema,
  callListSchema,
  callStatusResponseSchema,
  callSummarySchema,
  debugLinkSchema,
} from '../../shared/api/calls-api.ts';
import { callDeliveriesSchema } from '../../shared/api/webhooks-api.ts';
import { callIdOf } from '../../shared/ids.ts';
import { callToCsv } from '../calls/call-export.ts';
import type { CallsService } from '../calls/calls-service.ts';
import type { DebugLinksRepo } from '../storage/debug-links-repo.ts';
import type { WebhookDeliveriesRepo } from '../storage/webhook-deliveries-repo.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';
import { presentAttempt } from '../webhooks/present-delivery.ts';

export const callParams = z.object({ call_id: z.string().min(1).max(40).describe('call_ + 8 digits') });
const tags = ['Calls'];
const security = apiKeySecurity;
const MAX_DELIVERIES = 500;

const routes = {
  list: createRoute({ method: 'get', path: '/v1/calls', tags, security, summary: 'List calls, newest first, with filters and a cursor',
    request: { query: callListQuerySchema }, responses: { 200: jsonContent(callListSchema, 'A page of calls'), ...commonErrors } }),
  summary: createRoute({ method: 'get', path: '/v1/calls/summary', tags, security, summary: 'Totals over the calls a filter matches',
    request: { query: callFilterSchema }, responses: { 200: jsonContent(callSummarySchema, 'The totals and the filters applied'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/calls/{call_id}', tags, security, summary: 'One call with its transcript and per-turn latency',
    request: { params: callParams }, responses: { 200: jsonContent(callDetailSchema, 'The call'), ...commonErrors } }),
  branches: createRoute({ method: 'get', path: '/v1/calls/{call_id}/branches', tags, security, summary: 'Every branch of the call (rewinds fork one), each with its transcript',
    request: { params: callParams }, responses: { 200: jsonContent(callBranchesSchema, 'The branches, oldest first (at most 50, the current one always)'), ...commonErrors } }),
  export: createRoute({ method: 'get', path: '/v1/calls/{call_id}/export', tags, security, summary: 'Download the call as JSON or CSV (an attachment)',
    request: { params: callParams, query: callExportQuerySchema },
    responses: {
      200: { content: { 'application/json': { schema: callDetailSchema }, 'text/csv': { schema: z.string().describe('RFC 4180, CRLF records, a header row') } }, description: 'The call, as a file' },
      ...commonErrors,
    } }),
  status: createRoute({ method: 'get', path: '/v1/calls/{call_id}/status', tags, security, summary: 'The status of a call (cheap, for polling)',
    request: { params: callParams }, responses: { 200: jsonContent(callStatusResponseSchema, 'The status'), ...commonErrors } }),
  deliveries: createRoute({ method: 'get', path: '/v1/calls/{call_id}/webhooks', tags, security, summary: 'Webhook deliveries about this call, by time then attempt (at most 500)',
    request: { params: callParams }, responses: { 200: jsonContent(callDeliveriesSchema, 'The delivery log'), ...commonErrors } }),
  debugLink: createRoute({ method: 'get', path: '/v1/calls/{call_id}/debug-link', tags, security, summary: 'A shareable link to a masked debug log of the call (created on first use)',
    request: { params: callParams }, responses: { 200: jsonContent(debugLinkSchema, 'The link'), ...commonErrors } }),
  revokeDebugLink: createRoute({ method: 'delete', path: '/v1/calls/{call_id}/debug-link', tags, security, summary: 'Revoke the debug link; a later GET makes a new one',
    request: { params: callParams }, responses: { 204: { description: 'Revoked (or there was none)' }, ...commonErrors } }),
};

export function createCallsRoutes(deps: {
  calls: CallsService;
  deliveries: WebhookDeliveriesRepo;
  debugLinks: DebugLinksRepo;
  /** The server's public origin: the debug link is opened from elsewhere, so never the request's Host. */
  publicOrigin: () => string;
}) {
  const { calls } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => {
    const { limit, after, ...filter } = c.req.valid('query');
    return c.json(await calls.list(c.var.workspaceId, filter, { limit, after }), 200);
  });

  app.openapi(routes.summary, async (c) => c.json(await calls.summary(c.var.workspaceId, c.req.valid('query')), 200));

  app.openapi(routes.get, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    return c.json(await calls.detail(session), 200);
  });

  app.openapi(routes.branches, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    return c.json(await calls.branches(session), 200);
  });

  app.openapi(routes.export, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const detail = await calls.detail(session);
    const { format } = c.req.valid('query');
    c.header('content-disposition', `attachment; filename="${detail.call_id}.${format}"`);
    if (format === 'json') return c.json(detail, 200);
    return c.body(callToCsv(detail), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  app.openapi(routes.status, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    return c.json(calls.status(session), 200);
  });

  app.openapi(routes.deliveries, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const rows = await deps.deliveries.forSession(session.id, MAX_DELIVERIES);
    const deliveries = rows.map(presentAttempt);
    return c.json({ call_id: callIdOf(session.id), deliveries }, 200);
  });

  app.openapi(routes.debugLink, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const link = await deps.debugLinks.obtain(session.id, session.workspaceId);
    return c.json({ debug_token: link.token, url: new URL(`/api/v1/call-debug/${link.token}`, deps.publicOrigin()).toString() }, 200);
  });

  app.openapi(routes.revokeDebugLink, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    await deps.debugLinks.revoke(session.id);
    return c.body(null, 204);
  });

  return app;
}
