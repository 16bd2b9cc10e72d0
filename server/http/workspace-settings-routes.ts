/** `/v1/workspace/settings`: defaults every agent of the workspace falls back on, and the idle timeout. */
import { createRoute } from '@hono/zod-openapi';
import { updateWorkspaceSettingsSchema, workspaceSettingsSchema, type WorkspaceSettings, type WorkspaceSettingsChange } from '../../shared/api/workspace-settings-api.ts';
import type { WorkspaceSettingsRepo } from '../storage/workspace-settings-repo.ts';
import { auditEntry } from './audit-trail.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Workspace'];
const security = apiKeySecurity;

const routes = {
  get: createRoute({ method: 'get', path: '/v1/workspace/settings', tags, security, summary: "The workspace's default LLM settings and session idle timeout (null: the server default)",
    responses: { 200: jsonContent(workspaceSettingsSchema, 'The settings'), ...commonErrors } }),
  update: createRoute({ method: 'patch', path: '/v1/workspace/settings', tags, security, summary: 'Change settings: keys left out stay, null goes back to the server default',
    request: { body: jsonBody(updateWorkspaceSettingsSchema) }, responses: { 200: jsonContent(workspaceSettingsSchema, 'The settings after the change'), ...commonErrors } }),
};

/** The settings after `change`: each key given replaces the stored one. */
export function applySettingsChange(current: WorkspaceSettings, change: WorkspaceSettingsChange): WorkspaceSettings {
  const llm = change.llm ?? {};
  return {
    llm: {
      model: llm.model === undefined ? current.llm.model : llm.model,
      temperature: llm.temperature === undefined ? current.llm.temperature : llm.temperature,
      max_tokens: llm.max_tokens === undefined ? current.llm.max_tokens : llm.max_tokens,
    },
    session_idle_minutes: change.session_idle_minutes === undefined ? current.session_idle_minutes : change.session_idle_minutes,
  };
}

export function createWorkspaceSettingsRoutes(deps: { settings: Pick<WorkspaceSettingsRepo, 'get' | 'put'> }) {
  const { settings } = deps;
  const app = createRouter();

  app.openapi(routes.get, async (c) => c.json(await settings.get(c.var.workspaceId), 200));

  app.openapi(routes.update, async (c) => {
    const change = c.req.valid('json');
    const next = applySettingsChange(await settings.get(c.var.workspaceId), change);
    // Field names only, like agent.updated: which defaults changed, not to what.
    const fields = [...Object.keys(change.llm ?? {}).map((key) => `llm.${key}`), ...(change.session_idle_minutes === undefined ? [] : ['session_idle_minutes'])].sort();
    await settings.put(c.var.workspaceId, next, () => auditEntry(c, 'workspace.settings_changed', { type: 'workspace', id: String(c.var.workspaceId) }, { fields }));
    return c.json(next, 200);
  });

  return app;
}
