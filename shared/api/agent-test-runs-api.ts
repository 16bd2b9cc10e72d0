/**
 * Agent test runs (`run_` + ULID): requests, the run object and its result, and the
 * stats of `GET /v1/agents/tests/stats`. A run goes `queued → running → passed | failed
 * | error`; `error` means it could not be judged, with the reason in `error`.
 */
import { z } from 'zod';
import { chatTurnSchema } from './agent-test-config.ts';
import { pageQuerySchema } from './pagination.ts';

export const runStatusSchema = z.enum(['queued', 'running', 'passed', 'failed', 'error']);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const TERMINAL_RUN_STATUSES = ['passed', 'failed', 'error'] as const;

export const RUN_ID_PATTERN = /^run_[0-9A-HJKMNP-TV-Z]{26}$/;

export const replyResultSchema = z.object({
  agent_response: z.string(),
  passed: z.boolean(),
  rationale: z.string(),
  confidence: z.number(),
});

export const parameterResultSchema = z.object({
  path: z.string(),
  mode: z.enum(['exact', 'regex', 'llm']),
  passed: z.boolean(),
  /** The argument's value at `path`; absent when the argument is missing. */
  actual: z.unknown(),
  expected: z.unknown().optional(),
  criteria: z.string().optional(),
  rationale: z.string(),
});
export type ParameterResult = z.infer<typeof parameterResultSchema>;

export const toolCallResultSchema = z.object({
  tool_called: z.string().nullable(),
  tool_matched: z.boolean(),
  parameter_results: z.array(parameterResultSchema),
  rationale: z.string(),
});

export const simulatedToolCallSchema = z.object({
  name: z.string(),
  args: z.unknown(),
  /** True when no real tool was reached: a mock answered, or the call was skipped. */
  mocked: z.boolean(),
});

export const dataAssertionResultSchema = z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown(), passed: z.boolean() });

export const simulationResultSchema = z.object({
  transcript: z.array(chatTurnSchema),
  tool_calls: z.array(simulatedToolCallSchema),
  /** Messages the simulated user sent (the replayed history excluded). */
  turns_used: z.number().int(),
  verdict: z.enum(['passed', 'failed', 'error']),
  data_assertions: z.array(dataAssertionResultSchema),
});

/** One `expect_node` / `expect_state` / `expect_variables` entry, as checked. */
export const workflowCheckSchema = z.object({
  assertion: z.enum(['node', 'state', 'variable']),
  /** The variable's dotted path (`variable` checks only). */
  path: z.string().optional(),
  expected: z.unknown(),
  actual: z.unknown(),
  passed: z.boolean(),
});
export type WorkflowCheck = z.infer<typeof workflowCheckSchema>;

/** One attempt of a run: exactly one of `reply`, `tool_call`, `simulation` is set. */
export const attemptResultSchema = z.object({
  passed: z.boolean(),
  rationale: z.string(),
  /** Why the attempt could not be judged. */
  error: z.string().nullable(),
  reply: replyResultSchema.nullable(),
  tool_call: toolCallResultSchema.nullable(),
  simulation: simulationResultSchema.nullable(),
  /** The workflow assertions, when the test makes any. */
  workflow_checks: z.array(workflowCheckSchema).optional(),
  /** Where the workflow was after the test's turns: the node it rested in (absent when it never got there). */
  node: z.string().nullable().optional(),
  /** Every node the workflow entered during the attempt, in order (what coverage counts). */
  path: z.array(z.string()).optional(),
  /** True when no LLM took part: no judge, no simulated user, no `llm` node on the path (runs of #18 on). */
  deterministic: z.boolean().optional(),
});
export type AttemptResult = z.infer<typeof attemptResultSchema>;

/** With `repeat > 1` the result also holds every attempt, the share that passed and the share needed. */
export const runResultSchema = attemptResultSchema.omit({ error: true }).extend({
  attempts: z.array(attemptResultSchema).optional(),
  pass_rate: z.number().optional(),
  pass_threshold: z.number().optional(),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const testRunSchema = z.object({
  id: z.string(),
  test_id: z.string(),
  agent_id: z.string(),
  /** The workflow version run, once started. */
  agent_version: z.number().int().nullable(),
  status: runStatusSchema,
  passed: z.boolean().nullable(),
  rationale: z.string().nullable(),
  error: z.string().nullable(),
  result: runResultSchema.nullable(),
  duration_ms: z.number().int().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type TestRunResponse = z.infer<typeof testRunSchema>;

export const testRunListSchema = z.object({ runs: z.array(testRunSchema) });

/** `GET /v1/agents/tests/{test_id}/runs`: a test's runs, newest first, on the usual page. */
export const testRunPageSchema = z.object({ runs: z.array(testRunSchema), next_cursor: z.string().nullable() });
export const runListQuerySchema = pageQuerySchema;

const agentRef = z.string().min(1).max(64).describe('agent_xxxxxxxx or the integer id');
const versionField = z.number().int().min(1).optional().describe('workflow version to run; default: the published one, else the latest draft');

export const startRunSchema = z.object({ agent_id: agentRef.optional(), version: versionField }).strict();
export const startAgentRunsSchema = z.object({ version: versionField }).strict();

export const MAX_BATCH_RUNS = 100;
export const MAX_AGENT_RUNS = 50;

export const batchRunsSchema = z
  .object({
    entries: z
      .array(z.object({ test_id: z.string().min(1).max(64), agent_id: agentRef.optional() }).strict())
      .min(1)
      .max(MAX_BATCH_RUNS),
  })
  .strict();

export const statsQuerySchema = z.object({ window_days: z.coerce.number().int().min(1).max(365).default(7) });

const typeStatsSchema = z.object({ total_runs: z.number().int(), passed: z.number().int(), failed: z.number().int(), errored: z.number().int() });

export const testStatsSchema = z.object({
  window_days: z.number().int(),
  /** One per UTC day of the window, oldest first, by completion time. */
  buckets: z.array(z.object({ day: z.string(), passed: z.number().int(), failed: z.number().int(), errored: z.number().int() })),
  total_runs: z.number().int(),
  passed_runs: z.number().int(),
  avg_duration_ms: z.number().nullable(),
  by_type: z.object({ reply: typeStatsSchema, tool: typeStatsSchema, simulation: typeStatsSchema }),
});
export type TestStats = z.infer<typeof testStatsSchema>;

/** `GET /v1/agents/{id}/tests/coverage?version=`: what the suite's last runs went through. */
export const coverageQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional().describe('the workflow version whose nodes are counted; default: the published one, else the latest draft') });

export const testCoverageSchema = z.object({
  agent_id: z.string(),
  version: z.number().int(),
  /** Tests attached to the agent, and how many of them have a finished run against it. */
  tests: z.number().int(),
  runs_counted: z.number().int(),
  nodes: z.array(z.object({ id: z.string(), type: z.string(), reached: z.boolean(), runs: z.number().int().describe('last runs that entered the node') })),
  /** Moves from one node to the next that some last run made, with how many runs made each. */
  transitions: z.array(z.object({ from: z.string(), to: z.string(), runs: z.number().int() })),
  /** Nodes of the version that no last run entered, by name. */
  unreached_nodes: z.array(z.string()),
  /** Share of the version's nodes reached (0–1). */
  node_coverage: z.number(),
});
export type TestCoverage = z.infer<typeof testCoverageSchema>;
