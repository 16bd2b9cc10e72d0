/** `GET /v1/agent-templates`: agents to start from (the demo agents), ready to `POST /v1/agents`. */
import { z } from 'zod';
import { createAgentSchema } from '../agent-schema.ts';

export const agentTemplateSchema = z.object({
  id: z.string().describe('the template file name, e.g. claims'),
  name: z.string(),
  description: z.string(),
  /** The body to create it with: `POST /v1/agents`, changed or not. */
  agent: createAgentSchema,
});
export type AgentTemplateResponse = z.infer<typeof agentTemplateSchema>;

export const agentTemplateListSchema = z.object({ templates: z.array(agentTemplateSchema) });
