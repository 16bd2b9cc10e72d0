/**
 * `/v1/saved-replies`: the workspace's canned answers for the operator inbox. Every role
 * reads them (operators pick one into a reply); builders and admins write them (the role
 * table, `route-permissions.ts`).
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  createSavedReplySchema,
  MAX_SAVED_REPLIES,
  savedReplyListSchema,
  savedReplySchema,
  updateSavedReplySchema,
  type SavedReply,
} from '../../shared/api/saved-replies-api.ts';
import type { SavedRepliesService } from '../inbox/saved-replies-service.ts';
import type { SavedReplyRecord } from '../storage/saved-replies-repo.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Inbox'];
const security = apiKeySecurity;
const replyParams = z.object({ id: z.string().min(1).max(64).describe('reply_ + ULID') });

const routes = {
  list: createRoute({ method: 'get', path: '/v1/saved-replies', tags, security,
    summary: `The workspace's saved replies for the inbox, by title (at most ${MAX_SAVED_REPLIES})`,
    responses: { 200: jsonContent(savedReplyListSchema, 'The saved replies'), ...commonErrors } }),
  create: createRoute({ method: 'post', path: '/v1/saved-replies', tags, security,
    summary: 'Save a reply operators can pick in the inbox; 409 when the title is taken or the workspace has the most it keeps',
    request: { body: jsonBody(createSavedReplySchema) },
    responses: { 201: jsonContent(savedReplySchema, 'The saved reply'), ...commonErrors, ...conflictError } }),
  update: createRoute({ method: 'patch', path: '/v1/saved-replies/{id}', tags, security, summary: "Change a saved reply's title or content",
    request: { params: replyParams, body: jsonBody(updateSavedReplySchema) },
    responses: { 200: jsonContent(savedReplySchema, 'The saved reply as changed'), ...commonErrors, ...conflictError } }),
  remove: createRoute({ method: 'delete', path: '/v1/saved-replies/{id}', tags, security, summary: 'Delete a saved reply',
    request: { params: replyParams }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
};

const present = (reply: SavedReplyRecord): SavedReply => ({ id: reply.publicId, title: reply.title, content: reply.content, created_at: reply.createdAt, updated_at: reply.updatedAt });

export function createSavedRepliesRoutes(deps: { replies: SavedRepliesService }) {
  const { replies } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ saved_replies: (await replies.list(c.var.workspaceId)).map(present) }, 200));

  app.openapi(routes.create, async (c) => c.json(present(await replies.create(c.var.workspaceId, c.req.valid('json'))), 201));

  app.openapi(routes.update, async (c) => c.json(present(await replies.update(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json'))), 200));

  app.openapi(routes.remove, async (c) => {
    await replies.remove(c.var.workspaceId, c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
