/**
 * `/v1/agents/tests/folders`: folders of agent tests, nested at most 3 levels. Mounted
 * before the tests routes, whose `/v1/agents/tests/{test_id}` would match `folders`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { createFolderSchema, folderListSchema, folderSchema, updateFolderSchema } from '../../shared/api/agent-tests-api.ts';
import type { FolderService } from '../testing/folder-service.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Agent test folders'];
const security = apiKeySecurity;
const path = '/v1/agents/tests/folders';
const folderParams = z.object({ folder_id: z.string().min(1).max(64).describe('folder_ + ULID') });

const routes = {
  list: createRoute({ method: 'get', path, tags, security, summary: 'List folders (flat, with parent_id and depth)',
    responses: { 200: jsonContent(folderListSchema, 'Folders'), ...commonErrors } }),
  create: createRoute({ method: 'post', path, tags, security, summary: 'Create a folder, optionally inside another',
    request: { body: jsonBody(createFolderSchema) }, responses: { 201: jsonContent(folderSchema, 'The folder'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: `${path}/{folder_id}`, tags, security, summary: 'Get a folder',
    request: { params: folderParams }, responses: { 200: jsonContent(folderSchema, 'The folder'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: `${path}/{folder_id}`, tags, security, summary: 'Rename or move a folder',
    request: { params: folderParams, body: jsonBody(updateFolderSchema) }, responses: { 200: jsonContent(folderSchema, 'The folder'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path: `${path}/{folder_id}`, tags, security, summary: 'Delete a folder without subfolders (its tests become unfiled)',
    request: { params: folderParams }, responses: { 204: { description: 'Deleted' }, ...commonErrors, ...conflictError } }),
};

export function createAgentTestFoldersRoutes(deps: { folders: FolderService }) {
  const { folders } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => c.json({ folders: await folders.list(c.var.workspaceId) }, 200));
  app.openapi(routes.create, async (c) => c.json(await folders.create(c.var.workspaceId, c.req.valid('json')), 201));
  app.openapi(routes.get, async (c) => c.json(await folders.get(c.var.workspaceId, c.req.valid('param').folder_id), 200));
  app.openapi(routes.update, async (c) => c.json(await folders.update(c.var.workspaceId, c.req.valid('param').folder_id, c.req.valid('json')), 200));
  app.openapi(routes.remove, async (c) => {
    await folders.remove(c.var.workspaceId, c.req.valid('param').folder_id);
    return c.body(null, 204);
  });

  return app;
}
