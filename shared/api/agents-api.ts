/** Request and response shapes of `/v1/agents`, shared by server, clients and OpenAPI. */
import { z } from 'zod';
import { agentConfigSchema } from '../agent-schema.ts';
import { workflowDefinitionSchema } from '../workflow-schema.ts';

export const agentSchema = agentConfigSchema.extend({
  id: z.string().describe('agent_ + 8 lowercase hex'),
  numeric_id: z.number().int(),
  published_version: z.number().int().nullable(),
  latest_version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  /** The published workflow, on single reads. */
  workflow: workflowDefinitionSchema.nullable().optional(),
});
export type AgentResponse = z.infer<typeof agentSchema>;

export const agentListSchema = z.object({
  agents: z.array(agentSchema),
  next_cursor: z.string().nullable(),
});

export const agentVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'published', 'superseded']),
  created_at: z.string(),
  published_at: z.string().nullable(),
  workflow: workflowDefinitionSchema,
});
export type AgentVersionResponse = z.infer<typeof agentVersionSchema>;

export const agentVersionListSchema = z.object({ versions: z.array(agentVersionSchema) });

export const publishRequestSchema = z
  .object({ version: z.number().int().min(1).optional().describe('defaults to the latest version') })
  .strict();

/**
 * An agent's verified-visitor secret, in the one answer that creates or rotates it: it is
 * never shown again. The site's server signs visitors with it (widget README).
 */
export const visitorSecretSchema = z.object({
  secret: z.string().describe('vsec_ + 43 base64url characters; shown once'),
  created_at: z.string(),
});

/** Whether an agent has a visitor secret, without the secret. */
export const visitorSecretStatusSchema = z.object({ configured: z.boolean(), created_at: z.string().nullable() });
