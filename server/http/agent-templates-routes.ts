/** `GET /v1/agent-templates`: the demo agents as templates to create an agent from. */
import { createRoute } from '@hono/zod-openapi';
import { agentTemplateListSchema } from '../../shared/api/agent-templates-api.ts';
import type { AgentTemplate } from '../demo/agent-templates.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/agent-templates',
  tags: ['Agents'],
  security: apiKeySecurity,
  summary: 'Agent templates (the demo agents): each one is a POST /v1/agents body',
  responses: { 200: jsonContent(agentTemplateListSchema, 'The templates, by file name'), ...commonErrors },
});

export function createAgentTemplatesRoutes(deps: { templates: { list(): Promise<AgentTemplate[]> } }) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const templates = await deps.templates.list();
    return c.json(
      {
        templates: templates.map(({ id, agent }) => ({
          id,
          name: agent.name,
          // What a visitor is told first says what the agent is for; the prompt is the fallback.
          description: agent.widget?.welcome_text ?? agent.system_prompt ?? '',
          agent,
        })),
      },
      200,
    );
  });
  return app;
}
