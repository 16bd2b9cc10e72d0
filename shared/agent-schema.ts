/**
 * Agent configuration beside the workflow (DESIGN §3): prompt, LLM settings, HTTP tools,
 * widget settings and knowledge documents.
 */
import { z } from 'zod';
import { DEMO_TOOLS_PATH, isDemoToolPath } from './demo-tool-path.ts';
import { knowledgeBaseIdSchema, MAX_AGENT_KNOWLEDGE_BASES } from './knowledge-base-id.ts';
import { patchSchemaOf } from './patch-schema.ts';
import { dropSchemaKey, schemaKey } from './schema-key.ts';
import { workflowDefinitionSchema } from './workflow-schema.ts';

const httpUrlSchema = z.url({ protocol: /^https?$/ });

/** Where a tool is called: an http(s) URL, or a path of the demo tools every server answers itself. */
const SERVER_URL_PROBLEM = `must be an http(s) URL, or a path under ${DEMO_TOOLS_PATH} (the demo tools this server answers itself)`;
// The pattern is what editors see in the published JSON Schema; the refinement is the exact check.
const toolServerUrlSchema = z
  .string()
  .regex(/^(https?:\/\/|\/demo\/api\/)/i, { message: SERVER_URL_PROBLEM, abort: true })
  .refine((url) => isDemoToolPath(url) || httpUrlSchema.safeParse(url).success, SERVER_URL_PROBLEM)
  .describe(`An http(s) URL; or a path under ${DEMO_TOOLS_PATH} (e.g. ${DEMO_TOOLS_PATH}policies), answered in-process by the demo tools of the server running the agent, wherever it listens`);

export const toolNameSchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'letters, digits, _ and -, starting with a letter');

export const toolDefinitionSchema = z
  .object({
    name: toolNameSchema.describe('How `tool` nodes and `llm` nodes name the tool'),
    description: z.string().max(2000).default('').describe('What the tool does, for the model'),
    /** JSON Schema of the arguments, as an LLM's function parameters. */
    parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }).describe('JSON Schema of the arguments, as the model sees them'),
    server_url: toolServerUrlSchema,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST').describe('GET and DELETE send the arguments as query parameters, the others as a JSON body'),
    headers: z.record(z.string(), z.string()).default({}).describe('Headers sent with every call (an API key, say)'),
    timeout_ms: z.number().int().min(100).max(60000).default(10000).describe('Time allowed for one attempt: connect, headers and body'),
    retries: z.number().int().min(0).max(5).default(2).describe('Attempts after the first on a timeout or 5xx, with backoff'),
  })
  .strict();
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

export const llmSettingsSchema = z
  .object({
    model: z.string().min(1).max(200).optional().describe('The model name (default: the workspace\'s, then PARLEY_MODEL)'),
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0 to 2'),
    max_tokens: z.number().int().min(1).max(32000).optional().describe('The longest answer, in tokens'),
  })
  .strict();
export type LlmSettings = z.infer<typeof llmSettingsSchema>;

export const widgetThemeSchema = z
  .object({
    accent: z.string().max(64).optional().describe('The accent colour (a CSS colour)'),
    font: z.string().max(200).optional().describe('A CSS font-family'),
    radius: z.string().max(32).optional().describe('Corner radius (a CSS length)'),
  })
  .strict();

export const widgetSettingsSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Whether browsers may talk to the agent without an API key (the widget)'),
    /** Origins allowed to use the public text-chat API, e.g. `https://shop.example`; `*` allows any. */
    allowed_origins: z.array(z.string().max(200)).max(50).default([]).describe('Sites allowed to embed it, e.g. https://shop.example; * allows any'),
    theme: widgetThemeSchema.default({}).describe('Colours and shapes of the widget'),
    title: z.string().max(100).optional().describe('The widget\'s header'),
    welcome_text: z.string().max(500).optional().describe('Shown on the launcher before the conversation starts'),
    /**
     * Visitors may edit one of their earlier messages: the conversation rewinds to the
     * agent's message before it and goes on from the edited text on a new branch (the
     * old one is kept). Off by default: a rewind replays the workflow from there.
     */
    allow_edits: z.boolean().optional().describe('Visitors may edit an earlier message of theirs: the conversation goes on from it on a new branch, the old one kept'),
  })
  .strict();
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;

export const knowledgeDocumentSchema = z
  .object({
    title: z.string().min(1).max(200).describe('The document\'s title'),
    content: z.string().max(100_000).describe('Its text; `llm` nodes are given the passages that match the conversation'),
  })
  .strict();

/** The editable configuration of an agent (everything but its workflow). */
export const agentConfigSchema = z
  .object({
    name: z.string().min(1).max(200).describe('The agent\'s name'),
    system_prompt: z.string().max(20000).default('').describe('Instructions every LLM request of the agent starts with'),
    first_message: z
      .string()
      .max(4000)
      .optional()
      .describe('The opening words: replace a start say node\'s text or a start llm node\'s first answer; said before any other start node'),
    language: z.string().min(2).max(16).default('en').describe('The language the agent speaks (a BCP 47 tag such as en or fr), told to the model'),
    llm: llmSettingsSchema.default({}).describe('Model settings; each falls back to the workspace\'s, then the server\'s'),
    tools: z.array(toolDefinitionSchema).max(64).default([]).describe('HTTP tools `tool` and `llm` nodes can call'),
    widget: widgetSettingsSchema.default({ enabled: false, allowed_origins: [], theme: {} }).describe('The chat widget\'s settings'),
    knowledge_base_ids: z
      .array(knowledgeBaseIdSchema)
      .max(MAX_AGENT_KNOWLEDGE_BASES)
      .default([])
      .describe('Knowledge bases of the workspace that `llm` nodes answer from, citing them as sources'),
    knowledge: z
      .array(knowledgeDocumentSchema)
      .max(100)
      .default([])
      .describe('Deprecated: documents given here are moved into a new knowledge base of the workspace, added to knowledge_base_ids'),
  })
  .strict();
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/**
 * Body of `POST /v1/agents` and of an agent JSON file for import (published as
 * `/schemas/agent.json`); a `"$schema"` at its root is accepted and dropped.
 */
export const createAgentSchema = agentConfigSchema
  .extend({ ...schemaKey, workflow: workflowDefinitionSchema.optional().describe('The workflow; given here it becomes version 1, published') })
  .strict()
  .transform(dropSchemaKey);
export type CreateAgentInput = z.infer<typeof createAgentSchema>;

/** Body of `PATCH /v1/agents/{id}`: a subset of the configuration (and an ignored `"$schema"`). */
export const updateAgentSchema = patchSchemaOf(agentConfigSchema).extend(schemaKey).strict().transform(dropSchemaKey);
