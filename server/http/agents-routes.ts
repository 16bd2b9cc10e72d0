/** `/v1/agents`: agent CRUD, workflow versions, publish and import. */
import { createRoute, z } from '@hono/zod-openapi';
import { createAgentSchema, updateAgentSchema } from '../../shared/agent-schema.ts';
import { agentListSchema, agentSchema, agentVersionListSchema, agentVersionSchema, publishRequestSchema } from '../../shared/api/agents-api.ts';
import { pageQuerySchema } from '../../shared/api/pagination.ts';
import { workflowDocumentSchema } from '../../shared/workflow-schema.ts';
import { presentAgent, presentVersion } from '../agents/agent-presenter.ts';
import type { AgentService } from '../agents/agent-service.ts';
import type { AgentsRepo } from '../storage/agents-repo.ts';
import { keysetPage } from '../storage/keyset-page.ts';
import { auditEntry } from './audit-trail.ts';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { apiKeySecurity, commonErrors, conflictError, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const idParams = z.object({ id: z.string().min(1).max(64).describe('agent_xxxxxxxx or the integer id') });
const tags = ['Agents'];

const routes = {
  list: createRoute({ method: 'get', path: '/v1/agents', tags, summary: 'List agents', security: apiKeySecurity,
    request: { query: pageQuerySchema }, responses: { 200: jsonContent(agentListSchema, 'A page of agents, newest first'), ...commonErrors } }),
  create: createRoute({ method: 'post', path: '/v1/agents', tags, summary: 'Create an agent (a workflow given here becomes version 1, published)', security: apiKeySecurity,
    request: { body: jsonBody(createAgentSchema) }, responses: { 201: jsonContent(agentSchema, 'The agent'), ...commonErrors } }),
  importFile: createRoute({ method: 'post', path: '/v1/agents/import', tags, summary: 'Import an agent JSON file (config + workflow)', security: apiKeySecurity,
    request: { body: jsonBody(createAgentSchema) }, responses: { 201: jsonContent(agentSchema, 'The imported agent'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/agents/{id}', tags, summary: 'Get an agent with its published workflow', security: apiKeySecurity,
    request: { params: idParams }, responses: { 200: jsonContent(agentSchema, 'The agent'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: '/v1/agents/{id}', tags, summary: 'Update agent configuration', security: apiKeySecurity,
    request: { params: idParams, body: jsonBody(updateAgentSchema) }, responses: { 200: jsonContent(agentSchema, 'The agent'), ...commonErrors } }),
  remove: createRoute({ method: 'delete', path: '/v1/agents/{id}', tags, summary: 'Delete an agent (its calls stay readable)', security: apiKeySecurity,
    request: { params: idParams }, responses: { 204: { description: 'Deleted' }, ...commonErrors } }),
  saveDraft: createRoute({ method: 'put', path: '/v1/agents/{id}/workflow', tags, summary: 'Save a workflow (the bare workflow: start, nodes, interrupts) as a new draft version', security: apiKeySecurity,
    request: { params: idParams, body: jsonBody(workflowDocumentSchema) }, responses: { 201: jsonContent(agentVersionSchema, 'The draft version'), ...commonErrors } }),
  publish: createRoute({ method: 'post', path: '/v1/agents/{id}/publish', tags, summary: 'Publish the latest (or a given) version', security: apiKeySecurity,
    request: { params: idParams, body: { ...jsonBody(publishRequestSchema), required: false } },
    responses: { 200: jsonContent(agentSchema, 'The agent, now running the published version'), ...commonErrors, ...conflictError } }),
  versions: createRoute({ method: 'get', path: '/v1/agents/{id}/versions', tags, summary: 'List workflow versions, newest first', security: apiKeySecurity,
    request: { params: idParams }, responses: { 200: jsonContent(agentVersionListSchema, 'Versions'), ...commonErrors } }),
};

export function createAgentsRoutes(deps: { agentService: AgentService; agents: Pick<AgentsRepo, 'list' | 'versions'> }) {
  const { agentService, agents } = deps;
  const app = createRouter();

  app.openapi(routes.list, async (c) => {
    const { limit, after } = c.req.valid('query');
    const page = await agents.list(c.var.workspaceId, { limit: limit + 1, ...(after ? { after: Number(after) } : {}) });
    const { items, nextCursor } = keysetPage(page, limit, (agent) => String(agent.id));
    return c.json({ agents: items.map((a) => presentAgent(a)), next_cursor: nextCursor }, 200);
  });

  const create = async (c: Context<AppEnv>, input: z.infer<typeof createAgentSchema>, how: 'api' | 'import') => {
    const agent = await agentService.create(c.var.workspaceId, input, (made) =>
      auditEntry(c, 'agent.created', { type: 'agent', id: made.publicId }, { via: how, version: made.latestVersion }),
    );
    return presentAgent(agent, await agentService.published(agent));
  };
  app.openapi(routes.create, async (c) => c.json(await create(c, c.req.valid('json'), 'api'), 201));
  app.openapi(routes.importFile, async (c) => c.json(await create(c, c.req.valid('json'), 'import'), 201));

  app.openapi(routes.get, async (c) => {
    const agent = await agentService.require(c.var.workspaceId, c.req.valid('param').id);
    return c.json(presentAgent(agent, await agentService.published(agent)), 200);
  });

  app.openapi(routes.update, async (c) => {
    // The patch holds only the fields the caller sent (patchSchemaOf: no defaults filled in).
    const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, v]) => v !== undefined));
    const fields = Object.keys(patch).sort();
    const agent = await agentService.update(c.var.workspaceId, c.req.valid('param').id, patch, (changed) => auditEntry(c, 'agent.updated', { type: 'agent', id: changed.publicId }, { fields }));
    return c.json(presentAgent(agent, await agentService.published(agent)), 200);
  });

  app.openapi(routes.remove, async (c) => {
    await agentService.remove(c.var.workspaceId, c.req.valid('param').id, (removed) => auditEntry(c, 'agent.deleted', { type: 'agent', id: removed.publicId }));
    return c.body(null, 204);
  });

  app.openapi(routes.saveDraft, async (c) => {
    const version = await agentService.saveDraft(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json'), (saved) =>
      auditEntry(c, 'agent.workflow_saved', { type: 'agent', id: saved.agent.publicId }, { version: saved.version.version }),
    );
    return c.json(presentVersion(version, null), 201);
  });

  app.openapi(routes.publish, async (c) => {
    const body = c.req.valid('json');
    const agent = await agentService.publish(c.var.workspaceId, c.req.valid('param').id, body.version, (published) =>
      auditEntry(c, 'agent.published', { type: 'agent', id: published.publicId }, { version: published.publishedVersion }),
    );
    return c.json(presentAgent(agent, await agentService.published(agent)), 200);
  });

  app.openapi(routes.versions, async (c) => {
    const agent = await agentService.require(c.var.workspaceId, c.req.valid('param').id);
    const versions = await agents.versions(agent.id);
    return c.json({ versions: versions.map((v) => presentVersion(v, agent.publishedVersion)) }, 200);
  });

  return app;
}
