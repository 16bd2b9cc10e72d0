/**
 * Agent configuration beside the workflow (DESIGN §3): prompt, LLM settings, HTTP tools,
 * widget settings and knowledge documents.
 */
import { z } from 'zod';
import { workflowDefinitionSchema } from './workflow-schema.ts';

export const toolNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'letters, digits, _ and -, starting with a letter');

export const toolDefinitionSchema = z
  .object({
    name: toolNameSchema,
    description: z.string().max(2000).default(''),
    /** JSON Schema of the arguments, as an LLM's function parameters. */
    parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
    server_url: z.url({ protocol: /^https?$/ }),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.number().int().min(100).max(60000).default(10000),
    retries: z.number().int().min(0).max(5).default(2),
  })
  .strict();
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

export const llmSettingsSchema = z
  .object({
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).max(32000).optional(),
  })
  .strict();
export type LlmSettings = z.infer<typeof llmSettingsSchema>;

export const widgetThemeSchema = z
  .object({
    accent: z.string().max(64).optional(),
    font: z.string().max(200).optional(),
    radius: z.string().max(32).optional(),
  })
  .strict();

export const widgetSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Origins allowed to use the public text-chat API, e.g. `https://shop.example`; `*` allows any. */
    allowed_origins: z.array(z.string().max(200)).max(50).default([]),
    theme: widgetThemeSchema.default({}),
    title: z.string().max(100).optional(),
    welcome_text: z.string().max(500).optional(),
    /**
     * Visitors may edit one of their earlier messages: the conversation rewinds to the
     * agent's message before it and goes on from the edited text on a new branch (the
     * old one is kept). Off by default: a rewind replays the workflow from there.
     */
    allow_edits: z.boolean().optional(),
  })
  .strict();
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

export const knowledgeDocumentSchema = z
  .object({ title: z.string().min(1).max(200), content: z.string().max(100_000) })
  .strict();

/** The editable configuration of an agent (everything but its workflow). */
export const agentConfigSchema = z
  .object({
    name: z.string().min(1).max(200),
    system_prompt: z.string().max(20000).default(''),
    first_message: z.string().max(4000).optional(),
    language: z.string().min(2).max(16).default('en'),
    llm: llmSettingsSchema.default({}),
    tools: z.array(toolDefinitionSchema).max(64).default([]),
    widget: widgetSettingsSchema.default({ enabled: false, allowed_origins: [], theme: {} }),
    knowledge: z.array(knowledgeDocumentSchema).max(100).default([]),
  })
  .strict();
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** Body of `POST /v1/agents` and of an agent JSON file for import. */
export const createAgentSchema = agentConfigSchema.extend({ workflow: workflowDefinitionSchema.optional() }).strict();
export type CreateAgentInput = z.infer<typeof createAgentSchema>;

/** Body of `PATCH /v1/agents/{id}`: a subset of the configuration. */
export const updateAgentSchema = agentConfigSchema.partial().strict();
