/**
 * Share links of playground sessions (issue #14 item 6): builders make, list and revoke
 * them under the call; `GET /v1/shared/{token}` is what the link's page reads, signed out
 * — the token is the capability, and an unknown, malformed or revoked one reads 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createdShareLinkSchema, shareLinkListSchema, sharedSessionSchema, type ShareLinkResponse } from '../../shared/api/share-links-api.ts';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import { callIdOf } from '../../shared/ids.ts';
import type { CallsService } from '../calls/calls-service.ts';
import type { ShareLinksService } from '../calls/share-links-service.ts';
import type { ShareLinkRecord } from '../storage/share-links-repo.ts';
import { callParams } from './calls-routes.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';

const tags = ['Share links'];
const security = apiKeySecurity;
const linkParams = callParams.extend({ id: z.string().min(1).max(64).describe('share_ + ULID') });

const routes = {
  create: createRoute({ method: 'post', path: '/v1/calls/{call_id}/share-links', tags, security,
    summary: 'Share a playground session: a read-only link to its branch tree and every branch; the token is shown in this answer only',
    request: { params: callParams }, responses: { 201: jsonContent(createdShareLinkSchema, 'The link, once'), ...commonErrors } }),
  list: createRoute({ method: 'get', path: '/v1/calls/{call_id}/share-links', tags, security, summary: 'The live share links of a session, oldest first (never their tokens)',
    request: { params: callParams }, responses: { 200: jsonContent(shareLinkListSchema, 'The links'), ...commonErrors } }),
  revoke: createRoute({ method: 'delete', path: '/v1/calls/{call_id}/share-links/{id}', tags, security, summary: 'Revoke a share link: its page answers 404 from now on',
    request: { params: linkParams }, responses: { 204: { description: 'Revoked' }, ...commonErrors } }),
  read: createRoute({ method: 'get', path: '/v1/shared/{token}', tags, summary: 'What a share link shows: the session\'s branches and their messages (no key: the token is the capability)',
    request: { params: z.object({ token: z.string().min(1).max(100) }) },
    responses: {
      200: jsonContent(sharedSessionSchema, 'The shared session'),
      404: { content: { 'application/json': { schema: errorResponseSchema } }, description: 'Unknown or revoked link' },
    } }),
};

const present = (link: ShareLinkRecord): ShareLinkResponse => ({ id: link.publicId, call_id: callIdOf(link.sessionId), created_at: link.createdAt });

export function createShareLinksRoutes(deps: {
  calls: Pick<CallsService, 'require'>;
  shareLinks: ShareLinksService;
  /** The server's public origin: the link is opened from elsewhere, so never the request's Host. */
  publicOrigin: () => string;
}) {
  const { calls, shareLinks } = deps;
  const app = createRouter();

  app.openapi(routes.create, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    const { link, token } = await shareLinks.create(session);
    return c.json({ ...present(link), token, url: new URL(`/console/share/${token}`, deps.publicOrigin()).toString() }, 201);
  });

  app.openapi(routes.list, async (c) => {
    const session = await calls.require(c.var.workspaceId, c.req.valid('param').call_id);
    return c.json({ data: (await shareLinks.list(session)).map(present) }, 200);
  });

  app.openapi(routes.revoke, async (c) => {
    const { call_id, id } = c.req.valid('param');
    await shareLinks.revoke(await calls.require(c.var.workspaceId, call_id), id);
    return c.body(null, 204);
  });

  app.openapi(routes.read, async (c) => {
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    c.header('referrer-policy', 'no-referrer');
    return c.json(await shareLinks.read(c.req.valid('param').token), 200);
  });

  return app;
}
