/**
 * `/v1/agents/…/tests`: agent tests, their attachments and folders, as requested and
 * answered. Test ids are `test_` + ULID, folder ids `folder_` + ULID.
 */
import { z } from 'zod';
import { pageQuerySchema } from './pagination.ts';
import { testConfigSchema, testTypeSchema } from './agent-test-config.ts';
import { runStatusSchema } from './agent-test-runs-api.ts';
import { toolMockConfigSchema } from './tool-mock-config.ts';

export const TEST_ID_PATTERN = /^test_[0-9A-HJKMNP-TV-Z]{26}$/;
export const FOLDER_ID_PATTERN = /^folder_[0-9A-HJKMNP-TV-Z]{26}$/;

export const testIdSchema = z.string().regex(TEST_ID_PATTERN, 'must be a test id (test_ + 26 characters)');
export const folderIdSchema = z.string().regex(FOLDER_ID_PATTERN, 'must be a folder id (folder_ + 26 characters)');

const fields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000),
  /** Values for `{{key}}` placeholders in the config; also the session's initial variables. */
  variables: z.record(z.string(), z.unknown()),
  tool_mock_config: toolMockConfigSchema.nullable(),
  /** Attempts per run; the run passes when the share of passing attempts reaches `pass_threshold`. */
  repeat: z.number().int().min(1).max(10),
  /** Share (0–1) of attempts that must pass: 1 (the default) means every one. */
  pass_threshold: z.number().min(0).max(1),
};

/**
 * Where a test starts (#18): the state stored with an assistant message of a conversation
 * (any branch; the current one when `branch_id` is absent). It is copied into the test at
 * creation, so the call may be deleted afterwards.
 */
export const startFromSchema = z
  .object({
    call_id: z.string().min(1).max(64).describe('call_ + 8 digits, or the integer id'),
    message_index: z.number().int().min(0).max(100_000).describe('an assistant message of that branch (an even index)'),
    branch_id: z.string().regex(/^b\d{1,6}$/, 'must be a branch id (b1, b2, …)').optional(),
  })
  .strict();
export type StartFromInput = z.infer<typeof startFromSchema>;

/** What a test shows of the state it starts from (the snapshot itself stays inside). */
export const startFromSummarySchema = z.object({
  call_id: z.string(),
  branch_id: z.string(),
  message_index: z.number().int(),
  agent_version: z.number().int().nullable(),
  /** The node the workflow waits in there. */
  node: z.string(),
  /** Messages of the conversation up to and including that one. */
  messages: z.number().int(),
});

/** Body of `POST /v1/agents/{id}/tests`. The config is checked against the type's schema. */
export const createTestSchema = z
  .object({
    name: fields.name,
    description: fields.description.default(''),
    type: testTypeSchema,
    config: z.record(z.string(), z.unknown()).describe('the config of the type: see ReplyConfig, ToolConfig, SimulationConfig'),
    variables: fields.variables.default({}),
    folder_id: folderIdSchema.nullable().optional(),
    tool_mock_config: fields.tool_mock_config.optional(),
    repeat: fields.repeat.default(1),
    pass_threshold: fields.pass_threshold.default(1),
    start_from: startFromSchema.optional(),
  })
  .strict();
export type CreateTestInput = z.infer<typeof createTestSchema>;

/** Body of `PATCH /v1/agents/tests/{test_id}`: a `type` change needs a `config` of that type. */
export const updateTestSchema = z
  .object({
    name: fields.name.optional(),
    description: fields.description.optional(),
    type: testTypeSchema.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    variables: fields.variables.optional(),
    folder_id: folderIdSchema.optional(),
    /** Take the test out of its folder. */
    clear_folder_id: z.literal(true).optional(),
    tool_mock_config: fields.tool_mock_config.optional(),
    repeat: fields.repeat.optional(),
    pass_threshold: fields.pass_threshold.optional(),
    /** Copy a new starting state; null: start a fresh session again. */
    start_from: startFromSchema.nullable().optional(),
  })
  .strict()
  .refine((b) => !(b.folder_id !== undefined && b.clear_folder_id), { message: 'send folder_id or clear_folder_id, not both', path: ['clear_folder_id'] });
export type UpdateTestInput = z.infer<typeof updateTestSchema>;

export const lastRunSchema = z.object({ id: z.string(), status: runStatusSchema, completed_at: z.string().nullable() });

export const agentTestSchema = z.object({
  id: z.string(),
  /** The agent the test was created for. */
  agent_id: z.string(),
  name: z.string(),
  description: z.string(),
  type: testTypeSchema,
  config: testConfigSchema,
  variables: z.record(z.string(), z.unknown()),
  folder_id: z.string().nullable(),
  tool_mock_config: toolMockConfigSchema.nullable(),
  repeat: z.number().int(),
  pass_threshold: z.number(),
  start_from: startFromSummarySchema.nullable(),
  attached_agent_ids: z.array(z.string()),
  last_run: lastRunSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AgentTestResponse = z.infer<typeof agentTestSchema>;

export const agentTestListSchema = z.object({ tests: z.array(agentTestSchema) });
export const agentTestPageSchema = z.object({ tests: z.array(agentTestSchema), next_cursor: z.string().nullable() });

/** `GET /v1/agents/tests` filters, on the usual `?limit=&after=` page. */
export const testListQuerySchema = pageQuerySchema.extend({
  agent_id: z.string().min(1).max(64).optional().describe('only tests attached to this agent'),
  type: testTypeSchema.optional(),
  status: runStatusSchema.optional().describe("the status of the test's latest run"),
  folder_id: folderIdSchema.optional(),
  search: z.string().trim().min(1).max(200).optional().describe('case-insensitive substring of the name'),
});

export const attachmentsSchema = z.object({ test_id: z.string(), agent_ids: z.array(z.string()) });

export const folderSchema = z.object({
  id: z.string(),
  name: z.string(),
  parent_id: z.string().nullable(),
  /** 1 for a top-level folder; at most 3. */
  depth: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type FolderResponse = z.infer<typeof folderSchema>;

export const folderListSchema = z.object({ folders: z.array(folderSchema) });

export const createFolderSchema = z.object({ name: fields.name, parent_id: folderIdSchema.nullable().optional() }).strict();
export const updateFolderSchema = z
  .object({ name: fields.name.optional(), parent_id: folderIdSchema.nullable().optional().describe('null moves the folder to the top level') })
  .strict();

/** Body of `POST /v1/calls/{call_id}/test`. */
export const testFromCallSchema = z
  .object({
    name: fields.name.optional(),
    scenario: z.string().trim().min(1).max(8000).optional(),
    success_criteria: z.string().trim().min(1).max(4000).optional(),
    max_turns: z.number().int().min(1).max(50).optional(),
    folder_id: folderIdSchema.nullable().optional(),
  })
  .strict();
