/**
 * What an agent test checks, per type (`reply`, `tool`, `simulation`). Every string of a
 * config may hold `{{key}}` placeholders rendered from the test's `variables` at run time.
 */
import { z } from 'zod';
import { toolNameSchema } from '../agent-schema.ts';
import { tenantRegexProblem } from '../tenant-regex.ts';
import { variablePath } from '../workflow-schema.ts';
import { jsonValueSchema } from './tool-mock-config.ts';

export const testTypeSchema = z.enum(['reply', 'tool', 'simulation']);
export type TestType = z.infer<typeof testTypeSchema>;

const message = z.string().trim().min(1).max(8000);

export const chatTurnSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }).strict();
export type ChatTurn = z.infer<typeof chatTurnSchema>;

/**
 * A conversation before the test's message. Its user messages are replayed through the
 * agent turn by turn, so the workflow really is where that conversation left it.
 */
export const chatHistorySchema = z.array(chatTurnSchema).max(100);

/** One user message, or a history and then a message. */
export const testContextSchema = z.union([
  message,
  z.object({ initial_chat_history: chatHistorySchema.default([]), message }).strict(),
]);
export type TestContext = z.infer<typeof testContextSchema>;

/** A `regex` check's pattern as a client sends it: it must run on the linear-time engine. */
const newPattern = z
  .string()
  .min(1)
  .max(1000)
  .superRefine((pattern, ctx) => {
    const problem = tenantRegexProblem(pattern);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `expected must be a valid regular expression: ${problem}` });
  });
/**
 * The same pattern as stored: it was checked when saved. One the engine refuses since
 * (a lookahead an older version accepted) must not make the test unreadable; its runs
 * end in error with the reason instead.
 */
const storedPattern = z.string().min(1).max(1000);

const overrides = {
  system_prompt_override: z.string().max(20000).optional(),
  first_message_override: z.string().max(4000).optional(),
};

/** Where the workflow rests after the test's turns; `destination` only checks a transfer's. */
export const expectStateSchema = z.union([
  z.enum(['waiting', 'ended', 'transferred']),
  z.object({ state: z.literal('transferred'), destination: z.string().min(1).max(200).optional() }).strict(),
]);
export type ExpectState = z.infer<typeof expectStateSchema>;

/**
 * Assertions on the workflow rather than on words (#18), for every test type: checked
 * after the test's turn(s), with no judge. A test with only these needs no LLM at all
 * when its path has no `llm` node.
 */
const workflowAssertions = {
  /** The node the workflow now waits in (or ended or transferred at). */
  expect_node: z.string().min(1).max(200).optional(),
  /** Workflow variables by dotted path → the value expected there. */
  expect_variables: z.record(variablePath, jsonValueSchema).optional(),
  expect_state: expectStateSchema.optional(),
};

/** True when a config asserts anything about the workflow. */
export function hasWorkflowAssertions(config: { expect_node?: unknown; expect_variables?: Record<string, unknown> | undefined; expect_state?: unknown }): boolean {
  return config.expect_node !== undefined || config.expect_state !== undefined || Object.keys(config.expect_variables ?? {}).length > 0;
}

export const replyConfigSchema = z
  .object({
    context: testContextSchema,
    /** What the judge reads the reply against; without it only the workflow assertions decide. */
    success_criteria: z.string().trim().min(1).max(4000).optional(),
    success_examples: z.array(z.string().max(4000)).max(20).default([]),
    failure_examples: z.array(z.string().max(4000)).max(20).default([]),
    ...overrides,
    ...workflowAssertions,
  })
  .strict()
  .refine((c) => c.success_criteria !== undefined || hasWorkflowAssertions(c), {
    message: 'a reply test needs success_criteria, a workflow assertion (expect_node, expect_variables, expect_state), or both',
    path: ['success_criteria'],
  });
export type ReplyConfig = z.infer<typeof replyConfigSchema>;

/** A check on one argument of the expected tool call, found by a dotted path. */
function parameterCheckSchemaWith(pattern: z.ZodString) {
  return z.discriminatedUnion('mode', [
    z.object({ path: variablePath, mode: z.literal('exact'), expected: jsonValueSchema }).strict(),
    z.object({ path: variablePath, mode: z.literal('regex'), expected: pattern }).strict(),
    z.object({ path: variablePath, mode: z.literal('llm'), criteria: z.string().trim().min(1).max(2000) }).strict(),
  ]);
}
export const parameterCheckSchema = parameterCheckSchemaWith(newPattern);
export type ParameterCheck = z.infer<typeof parameterCheckSchema>;

function toolConfigSchemaWith(pattern: z.ZodString) {
  return z
    .object({
      context: testContextSchema,
      expected_tool: toolNameSchema.optional(),
      parameter_checks: z.array(parameterCheckSchemaWith(pattern)).max(50).default([]),
      /** The negative case: passes when `expected_tool` (or, without one, any tool) is not called. */
      expect_no_tool_call: z.boolean().default(false),
      ...overrides,
      ...workflowAssertions,
    })
    .strict()
    .refine((c) => c.expect_no_tool_call || c.expected_tool !== undefined, { message: 'expected_tool is required unless expect_no_tool_call is true', path: ['expected_tool'] });
}
export const toolConfigSchema = toolConfigSchemaWith(newPattern);
const storedToolConfigSchema = toolConfigSchemaWith(storedPattern);
export type ToolConfig = z.infer<typeof toolConfigSchema>;

export const simulationConfigSchema = z
  .object({
    /** Who the simulated user is and what they want; another LLM plays it. */
    scenario: z.string().trim().min(1).max(8000),
    max_turns: z.number().int().min(1).max(50).default(10),
    initial_chat_history: chatHistorySchema.default([]),
    success_criteria: z.string().trim().min(1).max(4000).optional(),
    /** Expected values of workflow variables (dotted paths) when the conversation ends. */
    data_assertions: z.record(variablePath, jsonValueSchema).default({}),
    ...overrides,
    ...workflowAssertions,
  })
  .strict()
  .refine((c) => c.success_criteria !== undefined || Object.keys(c.data_assertions).length > 0 || hasWorkflowAssertions(c), {
    message: 'a simulation needs success_criteria, data_assertions, or both (or a workflow assertion: expect_node, expect_variables, expect_state)',
    path: ['success_criteria'],
  });
export type SimulationConfig = z.infer<typeof simulationConfigSchema>;

/** A config of any type, as answered by the API (as stored). */
export const testConfigSchema = z.union([replyConfigSchema, storedToolConfigSchema, simulationConfigSchema]);

/** A test's config tagged with its type, as the runner reads it. */
export type TypedTestConfig =
  | { type: 'reply'; config: ReplyConfig }
  | { type: 'tool'; config: ToolConfig }
  | { type: 'simulation'; config: SimulationConfig };

/**
 * Parse a config for a type; the result is tagged so callers can switch on it. A
 * `stored` config is read as it was accepted when saved (see `storedPattern`).
 * @example parseTypedConfig('reply', body.config) // { type: 'reply', config: {...} } or a ZodError
 */
export function parseTypedConfig(type: TestType, config: unknown, source: 'request' | 'stored' = 'request'): TypedTestConfig {
  switch (type) {
    case 'reply':
      return { type, config: replyConfigSchema.parse(config) };
    case 'tool':
      return { type, config: (source === 'stored' ? storedToolConfigSchema : toolConfigSchema).parse(config) };
    case 'simulation':
      return { type, config: simulationConfigSchema.parse(config) };
  }
}
