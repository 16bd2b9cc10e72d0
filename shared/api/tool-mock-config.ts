/**
 * Tool mocks of test sessions and agent tests (`tool_mock_config`). Which calls are
 * mocked depends on `strategy`; a mockable call that no mock matches follows
 * `no_match_behavior`. See `decideToolCall` in server/tools/tool-mocks.ts.
 */
import { z } from 'zod';
import { toolNameSchema } from '../agent-schema.ts';

/** Any JSON value: what a mocked tool answers, or what a check expects. */
export const jsonValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

export const toolMockSchema = z
  .object({
    tool_name: toolNameSchema,
    /** A substring of the JSON-serialised arguments (`{"id":"123456"}`); absent matches any call. */
    args_match: z.string().min(1).max(2000).optional(),
    response: jsonValueSchema.describe('what the tool answers instead of being called'),
  })
  .strict();
export type ToolMock = z.infer<typeof toolMockSchema>;

export const toolMockConfigSchema = z
  .object({
    /** `none`: no tool is mocked; `selected`: the tools named in `mocks`; `all`: every tool. */
    strategy: z.enum(['none', 'selected', 'all']).default('all'),
    mocks: z.array(toolMockSchema).max(100).default([]),
    /** For a mockable call that no mock matches. `skip` answers `{"skipped":true}`. */
    no_match_behavior: z.enum(['call_real_tool', 'finish_with_error', 'skip']).default('skip'),
  })
  .strict();
export type ToolMockConfig = z.infer<typeof toolMockConfigSchema>;
