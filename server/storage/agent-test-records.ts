/** Domain shapes of agent test rows, parsed from their JSON columns at the edge. */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { parseTypedConfig, testTypeSchema, type TypedTestConfig } from '../../shared/api/agent-test-config.ts';
import { runResultSchema, runStatusSchema, type RunResult, type RunStatus } from '../../shared/api/agent-test-runs-api.ts';
import { toolMockConfigSchema, type ToolMockConfig } from '../../shared/api/tool-mock-config.ts';
import { parseJsonColumn } from './json-column.ts';
import type { AgentTestFoldersTable, AgentTestRunsTable, AgentTestsTable } from './schema.ts';

const jsonObject = z.record(z.string(), z.unknown());

/**
 * The state a test starts from (#18), copied out of a stored conversation when the test
 * is created: the workflow snapshot stored with one assistant message (node, variables,
 * LLM history) and the transcript up to it, so the run restores it instead of re-deriving it.
 */
export const startStateSchema = z.object({
  call_id: z.string(),
  branch_id: z.string(),
  message_index: z.number().int().min(0),
  /** The version whose workflow produced the snapshot. */
  agent_version: z.number().int().nullable(),
  /** Where the workflow waited after that message. */
  node: z.string(),
  snapshot: z.unknown(),
  transcript: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })),
});
export type StartState = z.infer<typeof startStateSchema>;

export interface AgentTestRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  agentId: number;
  name: string;
  description: string;
  definition: TypedTestConfig;
  variables: Record<string, unknown>;
  folderId: number | null;
  toolMockConfig: ToolMockConfig | null;
  repeat: number;
  startState: StartState | null;
  /** Share (0–1) of a run's attempts that must pass; 1 for every one. */
  passThreshold: number;
  createdAt: string;
  updatedAt: string;
}

/** A stored config that fails is a bug or a hand edit: a plain Error (500), never a 400. */
function parseDefinition(type: string, config: string): TypedTestConfig {
  try {
    return parseTypedConfig(testTypeSchema.parse(type), JSON.parse(config), 'stored');
  } catch (error) {
    throw new Error(`stored test config does not match its schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function toAgentTest(row: Selectable<AgentTestsTable>): AgentTestRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    agentId: row.agent_id,
    name: row.name,
    description: row.description,
    definition: parseDefinition(row.type, row.config),
    variables: parseJsonColumn(jsonObject, row.variables, 'test variables'),
    folderId: row.folder_id,
    toolMockConfig: row.tool_mock_config === null ? null : parseJsonColumn(toolMockConfigSchema, row.tool_mock_config, 'tool mock config'),
    repeat: row.repeat,
    startState: row.start_state === null ? null : parseJsonColumn(startStateSchema, row.start_state, 'test start state'),
    passThreshold: Number(row.pass_threshold),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What a run executes: the test as it was when the run was queued. */
export const runDefinitionSchema = z.object({
  test_id: z.string(),
  name: z.string(),
  type: testTypeSchema,
  config: jsonObject,
  variables: jsonObject,
  tool_mock_config: toolMockConfigSchema.nullable(),
  repeat: z.number().int().min(1),
  /** Runs queued before #18 have neither: a fresh session, every attempt must pass. */
  start_state: startStateSchema.nullable().default(null),
  pass_threshold: z.number().min(0).max(1).default(1),
  /** A workflow version asked for explicitly; otherwise chosen when the run starts. */
  version: z.number().int().min(1).nullable(),
});
export type RunDefinition = z.infer<typeof runDefinitionSchema>;
/** A definition as queued: the fields added since #18 may be left out. */
export type NewRunDefinition = z.input<typeof runDefinitionSchema>;

export interface TestRunRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  testId: number;
  agentId: number;
  agentVersion: number | null;
  status: RunStatus;
  passed: boolean | null;
  rationale: string | null;
  error: string | null;
  result: RunResult | null;
  definition: RunDefinition;
  durationMs: number | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export function toTestRun(row: Selectable<AgentTestRunsTable>): TestRunRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    testId: row.test_id,
    agentId: row.agent_id,
    agentVersion: row.agent_version,
    status: runStatusSchema.parse(row.status),
    passed: row.passed === null ? null : row.passed === 1,
    rationale: row.rationale,
    error: row.error,
    result: row.result === null ? null : parseJsonColumn(runResultSchema, row.result, 'run result'),
    definition: parseJsonColumn(runDefinitionSchema, row.definition, 'run definition'),
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

export interface FolderRecord {
  id: number;
  publicId: string;
  workspaceId: number;
  name: string;
  parentId: number | null;
  createdAt: string;
  updatedAt: string;
}

export function toFolder(row: Selectable<AgentTestFoldersTable>): FolderRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    workspaceId: row.workspace_id,
    name: row.name,
    parentId: row.parent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
